import ArgumentParser
import Foundation
import TenderfootCalibration
import TenderfootLink
import TenderfootSession
import TenderfootWire

/// `tenderfoot calibrate`: the guided calibration of a glove, saved as its profile.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Calibrate a glove: zero, known weights on each fingertip, IMU bias and the doll's leg axis; saves the glove's profile.",
        discussion: """
        Hands-free: it says what to do and moves on when the reading has been steady for about a second.
        Type r and Enter to take the previous step again. Default weights: 20, 50, 100, 200, 500 and 1000 g.
        """)

    @Option(help: "The glove's serial port, `usb:SERIAL` for its USB interface, `usb:auto` for the single USB glove, or `auto` for the single glove connected.")
    var port: String?

    @Option(name: .customLong("from"), help: "Calibrate from a recording of what a rig streamed from START (a .tfrec), on the rig's timetable, as fast as it reads, instead of from a port.")
    var recording: String?

    @Option(help: "The loads in grams, comma-separated, at least four from 20 g to 1 kg (default 20,50,100,200,500,1000).")
    var weights: String?

    @Flag(name: .customLong("non-interactive"), help: "For a scripted rig: take readings on the rig's timetable (see Docs/calibration-format.md). Implied by --from.")
    var nonInteractive = false

    @Option(name: [.short, .long], help: "Save the profile here instead of the user's calibration folder.")
    var output: String?

    @Option(help: "Sample rate in Hz, 100 to 2000 (a recording keeps its own).")
    var rate: UInt16 = 500

    @Option(help: "Give up after this many seconds (on a port).")
    var timeout: Double = 600

    @OptionGroup var overwrite: OverwriteOption

    func validate() throws {
        let loads = try Self.parseWeights(weights)
        guard loads.count >= 4 else { throw ValidationError("--weights needs at least four loads") }
        try OptionChecks.rate(rate)
        try overwrite.check(output, flag: "-o")
        if let output {
            let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: folder) else {
                throw ValidationError("-o: the folder \(folder) does not exist — make it first, or give another path")
            }
        }
        switch (port, recording) {
        case (nil, nil): throw ValidationError("give --port (a glove) or --from (a rig's recording)")
        case (_?, _?): throw ValidationError("give --port or --from, not both")
        default: break
        }
    }

    /// The loads from `--weights`, or the defaults.
    static func parseWeights(_ text: String?) throws -> [Double] {
        guard let text else { return CalibrationProcedure.defaultWeights }
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 && $0! <= 5000 }) else {
            throw ValidationError("--weights must be loads in grams separated by commas, each above 0 and at most 5000, e.g. 20,50,100,200,500,1000")
        }
        return values.map { $0! }.sorted()
    }

    func run() throws {
        let loads = try Self.parseWeights(weights)
        let source = try recording.map { try CalibrationSource(recording: $0) } ?? CalibrationSource(port: port ?? "auto", rate: rate)
        defer { source.connection.close() }
        let procedure = CalibrationProcedure(weights: loads, rateHz: Double(source.rateHz), imu: source.imu,
                                             timetable: nonInteractive || source.isRecording ? CalibrationTimetable(weights: loads) : nil)
        let redo = RedoRequests(enabled: !nonInteractive && !source.isRecording)
        print("Calibrating glove \(source.serial) (\(source.model)), loads \(loads.map { String(format: "%g g", $0) }.joined(separator: ", "))\(source.isRecording ? ", from \(recording ?? "")" : "").")
        print("1. \(procedure.firstPrompt)")
        fflush(nil)
        try source.start()
        let buffer = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 512)
        defer { buffer.deallocate() }
        let deadline = ContinuousClock.now + .seconds(timeout)
        var promptNumber = 1
        var lastTime: UInt64 = 0
        let connection = source.connection
        while procedure.step != .done {
            guard source.isRecording || ContinuousClock.now < deadline else {
                source.stop()
                throw CalibrationError("calibration did not finish within \(Int(timeout)) s (stuck at: \(procedure.step)) — start again, following the prompts")
            }
            if redo.take() {
                for event in procedure.redo(at: lastTime) { promptNumber += 1; show(event, &promptNumber, procedure) }
            }
            let count = connection.popSamples(into: buffer)
            for sample in buffer.prefix(count) {
                lastTime = sample.deviceTimeMicros
                for event in procedure.feed(sample) { show(event, &promptNumber, procedure) }
                if let failure = procedure.failure {
                    source.stop()
                    throw CalibrationError(failure)
                }
            }
            if count == 0 {
                if connection.isDrained, case .ended(let error)? = connection.nextEvent() {
                    if source.isRecording {
                        throw CalibrationError("\(recording ?? "the recording") ended before the calibration did (at: \(procedure.step)) — give a rig's whole run, recorded from START")
                    }
                    throw error ?? LinkError.deviceVanished(source.connection.portName)
                }
                usleep(source.isRecording ? 200 : 2000)
            }
        }
        source.stop()
        let (profile, summary) = try procedure.result(serial: source.serial, softwareVersion: TenderfootVersion.string)
        let destination = output ?? CalibrationStore.standard.path(forSerial: source.serial)
        try profile.save(destination)
        print("Fit per finger (residual = what the fitted curve reads minus the load):")
        for line in summary { print("  \(line)") }
        if output == nil {
            print("Saved \(destination). `tenderfoot live` will use it for glove \(source.serial).")
        } else {
            print("Saved \(destination). Use it with `--calibration \(destination)` (live, replay, report, export), or calibrate without -o to have `tenderfoot live` find it for glove \(source.serial).")
        }
    }

    /// Where the calibration's samples come from: a glove on a port, or a rig's recording
    /// played through the same decoder as fast as it reads (every sample, in order).
    private struct CalibrationSource {
        let connection: GloveConnection
        let serial: String
        let model: String
        let rateHz: UInt16
        let imu: IMUScale
        let isRecording: Bool

        init(port: String, rate: UInt16) throws {
            let path = try DeviceDiscovery.resolve(port)
            connection = try GloveConnection(port: path)
            let info: DeviceInfo
            do { info = try connection.identify() } catch { connection.close(); throw error }
            serial = info.serialNumber
            model = info.model
            rateHz = rate
            imu = IMUScale(info)
            isRecording = false
        }

        init(recording path: String) throws {
            let recording = try Recording.read(path)
            connection = GloveConnection(transport: RecordingTransport(recording, name: path, clock: ReplayClock(pace: .fast)), overflow: .wait)
            serial = recording.header.glove.serial
            model = recording.header.glove.model
            rateHz = UInt16(clamping: recording.header.glove.rateHz)
            imu = recording.header.gloveCalibration.imu
            isRecording = true
        }

        func start() throws { if !isRecording { try connection.start(rateHz: rateHz) } }
        func stop() { if !isRecording { try? connection.stop() } }
    }

    private func show(_ event: CalibrationProcedure.Event, _ number: inout Int, _ procedure: CalibrationProcedure) {
        switch event {
        case .prompt(let text):
            number += 1
            print("\(number). \(text)  [\(Int(procedure.progress * 100)) %]")
        case .captured(let text): print("   ok: \(text)")
        case .problem(let text): print("   ! \(text)")
        case .failed(let text): print("   ✗ \(text)")
        }
        fflush(nil)
    }
}

/// Lines typed while calibrating: `r` asks to take the previous step again.
final class RedoRequests: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = 0

    init(enabled: Bool) {
        guard enabled, isatty(STDIN_FILENO) == 1 else { return }
        let thread = Thread { [self] in
            while let line = readLine() {
                if line.trimmingCharacters(in: .whitespaces).lowercased() == "r" {
                    lock.lock(); pending += 1; lock.unlock()
                }
            }
        }
        thread.start()
    }

    func take() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard pending > 0 else { return false }
        pending -= 1
        return true
    }
}
