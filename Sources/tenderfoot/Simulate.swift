import ArgumentParser
import Foundation
import TenderfootCalibration
import TenderfootLink
import TenderfootSimulator
import TenderfootWire

/// `tenderfoot simulate`: the virtual glove, on a pseudo-terminal.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a virtual glove on a pseudo-terminal: it speaks the glove's protocol and plays a practice scenario through a realistic sensor model.")

    @Option(help: "The scenario: a shipped one by name, or a scenario file (see Docs/scenario-format.md).")
    var scenario: String = Scenario.defaultName

    @Option(help: "The virtual glove's serial number (it also seeds its sensors' part-to-part spread).")
    var serial: String = "TFG-V0000001"

    @Option(help: "Seed for the hand's variation and the sensor noise, for a reproducible run.")
    var seed: UInt64 = 1

    @Option(help: "Write the ground truth (per sample and per stroke) to this file, as JSON lines.")
    var truth: String?

    @Option(help: "Also make this symlink to the pseudo-terminal.")
    var link: String?

    @Option(name: .customLong("drop-every"), help: "Test fault: never send every Nth sample.")
    var dropEvery: Int?

    @Option(name: .customLong("corrupt-every"), help: "Test fault: flip a bit in every Nth sample frame.")
    var corruptEvery: Int?

    @Option(name: .customLong("garbage-every"), help: "Test fault: send random bytes before every Nth sample.")
    var garbageEvery: Int?

    @Flag(name: .customLong("list-scenarios"), help: "List the shipped scenarios and exit.")
    var listScenarios = false

    @Flag(help: "Be a calibration rig instead: still, the weights on each fingertip, then leg strokes, on the timetable `calibrate --non-interactive` follows.")
    var rig = false

    @Option(help: "With --rig: the loads in grams, comma-separated (default 20,50,100,200,500,1000).")
    var weights: String?

    @Option(help: "Do not open a port: write the session, as a host would have recorded it, to this file at once (in simulated time).")
    var record: String?

    @Option(help: "With --record: the session's length in seconds (the scenario repeats to fill it; default: the scenario's length).")
    var seconds: Double?

    @Option(help: "With --record: the sample rate in Hz, 100 to 2000.")
    var rate: UInt16 = 500

    @Option(help: "With --record: the trainee's name to keep in the recording.")
    var trainee: String?

    @Option(name: .customLong("age-months"), help: "With --record: the baby's age in months (default: the scenario's).")
    var ageMonths: Double?

    @Option(help: "With --record: the calibration file the session used (default: the glove's own, found by its serial number).")
    var calibration: String?

    @OptionGroup var overwrite: OverwriteOption

    func validate() throws {
        try overwrite.check(record, flag: "--record")
        try overwrite.check(truth, flag: "--truth")
        if record == nil {
            for (name, given) in [("--seconds", seconds != nil), ("--trainee", trainee != nil), ("--age-months", ageMonths != nil),
                                  ("--calibration", calibration != nil)] where given {
                throw ValidationError("\(name) needs --record FILE")
            }
        }
        if let seconds, !(seconds > 0 && seconds <= 24 * 3600) { throw ValidationError("--seconds must be above 0 and at most a day") }
        try OptionChecks.rate(rate)
        try OptionChecks.ageMonths(ageMonths)
        for (name, value) in [("--drop-every", dropEvery), ("--corrupt-every", corruptEvery), ("--garbage-every", garbageEvery)] {
            if let value, value < 1 { throw ValidationError("\(name) must be 1 or more") }
        }
        guard !serial.isEmpty, serial.utf8.count <= 16, serial.allSatisfy({ $0.isASCII }) else {
            throw ValidationError("--serial must be 1 to 16 ASCII characters")
        }
    }

    func run() throws {
        if listScenarios {
            for name in Scenario.shippedNames {
                let scenario = try Scenario.named(name)
                print("\(name): \(Int(scenario.seconds)) s for a \(Int(scenario.ageMonths))-month-old — \(scenario.description)")
            }
            return
        }
        let faults = FaultInjection(dropEvery: dropEvery, corruptEvery: corruptEvery, garbageEvery: garbageEvery, seed: seed)
        if rig {
            let loads = try Calibrate.parseWeights(weights)
            let glove = try VirtualGlove(source: CalibrationRig(serialNumber: serial, seed: seed, weights: loads),
                                         serial: serial, truth: nil, faults: faults, link: link)
            print("Virtual glove \(serial) is on \(glove.path)")
            if let link { print("Linked as \(link)") }
            print("Calibration rig: loads \(loads.map { String(format: "%g", $0) }.joined(separator: ", ")) g. Calibrate with:")
            print("  tenderfoot calibrate --port \(link ?? glove.path) --non-interactive\(weights.map { " --weights \($0)" } ?? "")")
            try waitForInterrupt(glove)
            return
        }
        let script = try Scenario.named(scenario)
        if let record {
            try writeRecording(script, to: record, faults: faults)
            return
        }
        let glove = try VirtualGlove(scenario: script, serial: serial, seed: seed, truthPath: truth, faults: faults, link: link)
        print("Virtual glove \(serial) is on \(glove.path)")
        print("Its clock read 0 at host time \(glove.bootHostMicros) µs (UTC, since 1970)")
        if let link { print("Linked as \(link)") }
        print("Scenario \(scenario): \(Int(script.seconds)) s for a \(Int(script.ageMonths))-month-old. Practise with:")
        print("  tenderfoot live --port \(link ?? glove.path) --age-months \(Int(script.ageMonths))")
        try waitForInterrupt(glove)
    }

    /// The session in simulated time, straight to a recording file.
    private func writeRecording(_ script: Scenario, to path: String, faults: FaultInjection) throws {
        let choice = try CalibrationChoice.choose(serial: serial, override: calibration, store: .standard, maxAgeDays: .infinity,
                                                  imu: IMUScale())
        var recording = OfflineRecording(scenario: script, serial: serial, seed: seed, rateHz: rate, seconds: seconds,
                                         calibration: choice.calibration, ageMonths: ageMonths, trainee: trainee)
        recording.faults = faults
        recording.truthPath = truth
        let samples = try recording.write(to: path, existing: overwrite.existing)
        print("Recorded \(samples) samples (\(String(format: "%.1f", recording.seconds)) s at \(rate) Hz) of scenario \(scenario) from virtual glove \(serial) to \(path)")
        if let truth { print("Its truth, every sample and stroke, is in \(truth).") }
        print("Review it with `tenderfoot replay \(path)` or `tenderfoot report \(path) -o report.html`.")
    }

    /// Runs until Ctrl-C, then stops the glove and says what it sent.
    private func waitForInterrupt<Source>(_ glove: VirtualGlove<Source>) throws {
        print("Ctrl-C stops the virtual glove.")
        fflush(nil)
        let interrupt = InterruptFlag.installed()
        while !interrupt.isRaised { usleep(50_000) }
        let (samples, faults) = glove.stop()
        print("Stopped. Sent \(samples) samples intact; injected faults: dropped \(faults.dropped), corrupted \(faults.corrupted), garbage \(faults.garbage).")
    }
}
