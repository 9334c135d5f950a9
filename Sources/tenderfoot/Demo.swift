import ArgumentParser
import Foundation
import TenderfootSimulator

/// `tenderfoot demo`: the virtual glove and the live trainer together, no hardware needed.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch Tenderfoot coach a practice session on the virtual glove (no hardware needed).")

    @Option(help: "The scenario to play (see `tenderfoot simulate --list-scenarios`).")
    var scenario: String = Scenario.defaultName

    @Option(help: "Seed for the virtual hand and sensors.")
    var seed: UInt64 = 1

    @Option(help: "Record the session to this file.")
    var record: String?

    @Flag(help: "Print one JSON object per event instead of the screen.")
    var json = false

    @Flag(help: "No terminal bell. Without it the bell repeats twice a second while a force is over its limit, and rings once when any other warning begins (the terminal's own settings can silence it too).")
    var quiet = false

    @Flag(name: .customLong("skip-checklist"), help: "Do not show the contraindications checklist before the session.")
    var skipChecklist = false

    @OptionGroup var overwrite: OverwriteOption

    @OptionGroup var lsl: LSLOption

    @OptionGroup var web: WebOption

    func validate() throws {
        try overwrite.check(record, flag: "--record")
        try lsl.check()
        try web.check(json: json)
    }

    func run() throws {
        let script = try Scenario.named(scenario)
        let glove = try VirtualGlove(scenario: script, serial: DemoGlove.serial, seed: seed, truthPath: nil,
                                     faults: .none, link: nil)
        defer { glove.stop() }
        try PracticeLoop(port: glove.path, ageMonths: script.ageMonths, rateHz: 500, json: json, jsonSamples: false,
                         duration: script.seconds + 0.5, quiet: quiet, recordPath: record, trainee: nil,
                         calibrationPath: DemoGlove.calibrationPath, calibrationMaxAgeDays: .infinity, checklist: !skipChecklist, existing: overwrite.existing, lsl: lsl, web: web.wanted ? .own(web) : .none).run()
    }
}
