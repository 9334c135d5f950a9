import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootRules
import TenderfootSession

/// `tenderfoot reference`: records an instructor doing the techniques correctly and writes a
/// rules file whose force and speed limits come from the instructor's own hands.
struct Reference: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record an instructor doing the techniques correctly and derive force and speed limits from it, as a rules file.",
        discussion: """
            Each technique the instructor shows for \(Int(InstructorReference.minimumSeconds)) seconds or more in all gets limits of the instructor's 99th percentile \
            (most loaded fingertip, and in total) times --margin, for the baby's age band; stroking speed likewise. \
            Train against it with `tenderfoot live --rules FILE`.
            """)

    @Option(help: "The glove's serial port, `usb:SERIAL` for its USB interface, `usb:auto` for the single USB glove, or `auto` for the single glove connected.")
    var port: String

    @Option(name: .customLong("age-months"), help: "The age, months, of the babies the reference is for: it picks the age band.")
    var ageMonths: Double

    @Option(help: "Write the rules file here.")
    var output: String

    @Option(help: "Record for this many seconds (default: until Ctrl-C).")
    var duration: Double?

    @Option(help: "Limits are the instructor's 99th percentile times this, 1.0 to 3.0.")
    var margin: Double = InstructorReference.defaultMargin

    @Option(help: "The instructor's name, kept in the rules file.")
    var instructor = "an instructor"

    @Option(help: "Start from this rules file instead of the shipped defaults.")
    var rules: String?

    @Option(help: "Sample rate in Hz, 100 to 2000.")
    var rate: UInt16 = 500

    @Option(help: "Use this calibration file instead of the glove's own (found by its serial number).")
    var calibration: String?

    @OptionGroup var overwrite: OverwriteOption

    func validate() throws {
        try overwrite.check(output, flag: "--output")
        try OptionChecks.ageMonths(ageMonths)
        guard (1...3).contains(margin) else { throw ValidationError("--margin \(margin) is out of range: give 1.0 to 3.0") }
        try OptionChecks.rate(rate)
        if let duration, !(duration > 0) { throw ValidationError("--duration must be a positive number of seconds") }
    }

    func run() throws {
        let base = try rules.map { try RuleBook.load($0) } ?? .shipped
        let path = try DeviceDiscovery.resolve(port)
        let interrupt = InterruptFlag.installed()
        let glove = try StreamingGlove(port: path, backend: .automatic, rateHz: rate, calibrationPath: calibration,
                                       calibrationMaxAgeDays: .infinity)
        try glove.start()
        let band = base.band(months: ageMonths)
        print("Recording \(instructor)'s reference for \(band.label) with glove \(glove.info.serialNumber) (\(glove.choice.calibration.name)).")
        if let notice = glove.choice.notice { print("Note: \(notice)") }
        print("Do each technique you teach for this age, correctly, for a few seconds each; "
              + (duration.map { "recording for \(String(format: "%g", $0)) s." } ?? "Ctrl-C when done."))
        fflush(nil)
        let session = LiveSession(connection: glove.connection, options: .init(
            ageMonths: ageMonths, rules: base, calibration: glove.choice.calibration, emitSamples: true, rateHz: Double(rate)))
        let events = session.subscribe(overflow: .wait)
        session.start()
        var reference = InstructorReference()
        func take(_ events: [SessionEvent]) -> Bool {
            var ended = false
            for event in events {
                switch event {
                case .sample(let sample, let newtons): reference.add(newtons, deviceTimeMicros: sample.deviceTimeMicros)
                case .analysis(let analysis):
                    reference.take(analysis)
                    if case .episodeStarted(let episode) = analysis { print("  \(episode.technique.rawValue)…"); fflush(nil) }
                case .linkEnded: ended = true
                default: break
                }
            }
            return ended
        }
        let started = ContinuousClock.now
        var linkEnded = false
        while !interrupt.isRaised, duration.map({ (ContinuousClock.now - started).seconds < $0 }) ?? true {
            linkEnded = take(events.takeEvents(timeout: 0.1))
            if linkEnded { break }
        }
        if !linkEnded { try? glove.connection.stop() }
        glove.connection.close()
        session.stop()
        _ = take(events.takeEvents())

        let book = try reference.rules(from: base, months: ageMonths, margin: margin, instructor: instructor, recorded: Date())
        let data = try JSONEncoder.rules.encode(book)
        try overwrite.write(String(decoding: data, as: UTF8.self), to: output)
        print("")
        print("The instructor's forces (99th percentile) and the limits derived, ×\(String(format: "%.2f", margin)):")
        for measured in reference.measured {
            let limit = book.limit(measured.technique, months: ageMonths)
            print("  \(measured.technique.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                  + String(format: "%4.1f s  fingertip %.2f N → %.2f N   total %.2f N → %.2f N", measured.seconds,
                           measured.fingertipNewtons, limit.fingertipNewtons, measured.totalNewtons, limit.totalNewtons))
        }
        for (technique, reason) in reference.notDerived {
            print("  \(technique.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) no limit derived: \(reason); the shipped limit stays")
        }
        if let speed = reference.strokeSpeedCmS {
            print(String(format: "  strokes    %.1f cm/s → %.1f cm/s", speed, book.speed.maxCmS))
        } else {
            print("  strokes    too few to set a speed limit: the shipped \(String(format: "%g", book.speed.maxCmS)) cm/s stays")
        }
        print("Wrote \(output). Practise against it: tenderfoot live --port PORT --age-months \(String(format: "%g", ageMonths)) --rules \(output)")
    }
}

extension JSONEncoder {
    /// How rules files are written: readable, keys in a stable order.
    static var rules: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
