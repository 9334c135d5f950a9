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
    var port: String

    @Option(help: "The loads in grams, comma-separated, at least four from 20 g to 1 kg (default 20,50,100,200,500,1000).")
    var weights: String?

    @Flag(name: .customLong("non-interactive"), help: "For a scripted rig: take readings on the rig's timetable (see Docs/calibration-format.md).")
    var nonInteractive = false

    @Option(name: [.short, .long], help: "Save the profile here instead of the user's calibration folder.")
    var output: String?

    @Option(help: "Sample rate in Hz, 100 to 2000.")
    var rate: UInt16 = 500

    @Option(help: "Give up after this many seconds.")
    var timeout: Double = 600

    func validate() throws {
        let loads = try Self.parseWeights(weights)
        guard loads.count >= 4 else { throw ValidationError("--weights needs at least four loads") }
        try OptionChecks.rate(rate)
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
        let path = try DeviceDiscovery.resolve(port)
        let connection = try GloveConnection(port: path)
        defer { connection.close() }
        let info = try connection.identify()
        let procedure = CalibrationProcedure(weights: loads, rateHz: Double(rate), imu: IMUScale(info),
                                             timetable: nonInteractive ? CalibrationTimetable(weights: loads) : nil)
        let redo = RedoRequests(enabled: !nonInteractive)
        print("Calibrating glove \(info.serialNumber) (\(info.model)), loads \(loads.map { String(format: "%g g", $0) }.joined(separator: ", ")).")
        print("1. \(procedure.firstPrompt)")
        fflush(nil)
        try connection.start(rateHz: rate)
        let buffer = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 512)
        defer { buffer.deallocate() }
        let deadline = ContinuousClock.now + .seconds(timeout)
        var promptNumber = 1
        var lastTime: UInt64 = 0
        while procedure.step != .done {
            guard ContinuousClock.now < deadline else {
                try? connection.stop()
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
                    try? connection.stop()
                    throw CalibrationError(failure)
                }
            }
            if count == 0 {
                if connection.isDrained, case .ended(let error)? = connection.nextEvent() { throw error ?? LinkError.deviceVanished(path) }
                usleep(2000)
            }
        }
        try? connection.stop()
        let (profile, summary) = try procedure.result(serial: info.serialNumber, softwareVersion: TenderfootVersion.string)
        let destination = output ?? CalibrationStore.standard.path(forSerial: info.serialNumber)
        try profile.save(destination)
        print("Fit per finger (residual = what the fitted curve reads minus the load):")
        for line in summary { print("  \(line)") }
        print("Saved \(destination). `tenderfoot live` will use it for glove \(info.serialNumber).")
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
