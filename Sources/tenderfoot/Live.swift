import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootRules

/// `tenderfoot live`: practise on the doll with live pressure warnings.
struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Practise with the glove: live forces per fingertip against the limits for the baby's age, with warnings.")

    @Option(help: "The glove's serial port, `usb:SERIAL` for its USB interface, `usb:auto` for the single USB glove, or `auto` for the single glove connected.")
    var port: String

    @Option(name: .customLong("age-months"), help: "The baby's age in months (0 to 120): it sets the limits.")
    var ageMonths: Double

    @Option(help: "Sample rate in Hz, 100 to 2000.")
    var rate: UInt16 = 500

    @Option(help: "Stop after this many seconds (default: until Ctrl-C).")
    var duration: Double?

    @Option(help: "Record the session to this file (see Docs/recording-format.md); it is added to the session library too.")
    var record: String?

    @Option(help: "The trainee's name, kept in the recording and the session library.")
    var trainee: String?

    @Flag(help: "Record into the session library's folder (see `tenderfoot sessions`).")
    var save = false

    @Flag(name: .customLong("no-library"), help: "Do not add the recording to the session library.")
    var noLibrary = false

    @Option(help: "The session library's folder (default: $TENDERFOOT_DATA, else ~/.local/share/tenderfoot).")
    var library: String?

    @Flag(help: "Print one JSON object per event instead of the screen.")
    var json = false

    @Flag(name: .customLong("json-samples"), help: "With --json, also print every sample.")
    var jsonSamples = false

    @Flag(help: "No terminal bell. Without it the bell repeats twice a second while a force is over its limit, and rings once when any other warning begins (the terminal's own settings can silence it too).")
    var quiet = false

    @Option(help: "Use this calibration file instead of the glove's own (found by its serial number).")
    var calibration: String?

    @Option(name: .customLong("calibration-max-age-days"), help: "Warn when the glove's calibration is older than this.")
    var calibrationMaxAgeDays: Double = 30

    @Option(help: "Judge by this rules file instead of the shipped defaults (see `tenderfoot rules`).")
    var rules: String?

    @Flag(name: .customLong("first-session"), help: "The baby's first sessions: the article's shorter time limit applies.")
    var firstSession = false

    @Flag(name: .customLong("skip-checklist"), help: "Do not show the contraindications checklist before the session.")
    var skipChecklist = false

    @Flag(name: .customLong("no-reconnect"), help: "End the session when the glove goes away, instead of waiting for it to come back.")
    var noReconnect = false

    @Option(help: "How to open the port: automatic, libserialport or termios.")
    var backend: SerialBackend = .automatic

    @OptionGroup var overwrite: OverwriteOption

    @OptionGroup var lsl: LSLOption

    @OptionGroup var web: WebOption

    func validate() throws {
        try overwrite.check(record, flag: "--record")
        try lsl.check()
        try web.check(json: json)
        try OptionChecks.ageMonths(ageMonths)
        try OptionChecks.rate(rate)
        if let duration, !(duration > 0) { throw ValidationError("--duration must be a positive number of seconds") }
        if jsonSamples && !json { throw ValidationError("--json-samples needs --json") }
        if save && record != nil { throw ValidationError("give --record FILE or --save, not both") }
        if save && noLibrary { throw ValidationError("--save records into the session library; it cannot go with --no-library") }
        guard calibrationMaxAgeDays > 0 else { throw ValidationError("--calibration-max-age-days must be above 0") }
    }

    func run() throws {
        let book = try rules.map { try RuleBook.load($0) } ?? .shipped
        let path = try DeviceDiscovery.resolve(port)
        try PracticeLoop(port: path, backend: backend, ageMonths: ageMonths, rateHz: rate, json: json,
                         jsonSamples: jsonSamples, duration: duration, quiet: quiet, recordPath: record,
                         trainee: trainee, calibrationPath: calibration, calibrationMaxAgeDays: calibrationMaxAgeDays,
                         rules: book, firstSession: firstSession, checklist: !skipChecklist,
                         library: noLibrary || (record == nil && !save) ? nil : LibraryChoice(folder: library, save: save),
                         reconnect: !noReconnect, existing: overwrite.existing, lsl: lsl, web: web.wanted ? .own(web) : .none).run()
    }
}
