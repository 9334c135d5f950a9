import ArgumentParser
import Foundation
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

    func validate() throws {
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
        let glove = try VirtualGlove(scenario: script, serial: serial, seed: seed, truthPath: truth, faults: faults, link: link)
        print("Virtual glove \(serial) is on \(glove.path)")
        if let link { print("Linked as \(link)") }
        print("Scenario \(scenario): \(Int(script.seconds)) s for a \(Int(script.ageMonths))-month-old. Practise with:")
        print("  tenderfoot live --port \(link ?? glove.path) --age-months \(Int(script.ageMonths))")
        try waitForInterrupt(glove)
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
