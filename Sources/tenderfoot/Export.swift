import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootFaces
import TenderfootRules
import TenderfootSession

/// `tenderfoot export`: a recording's samples and warnings for spreadsheets and scripts.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a recording for research: every sample (time, host UTC time, sequence, raw counts, newtons, g, deg/s) with the techniques, strokes and warnings the analysis finds, as CSV, JSON lines or XDF.",
        discussion: """
            CSV: the session's details as '# key: value' lines, then one row per sample, with the \
            technique being done and the warnings that began at it; with --events, one row per event \
            instead (techniques, strokes, warnings). JSON lines: a session object, then the samples and \
            the events in the order the session made them (as `live --json` prints events); with \
            --events, the events alone. XDF: a sample stream and a marker stream of the events, with \
            clock offsets to the host's UTC time (for pyxdf, EEGLAB, MNE). Every column and key names \
            its unit (_N, _g, _dps, _us, _s, _cm, _cm_s, _ms). Docs/research.md says how to load each.
            """)

    @Argument(help: "The recording (made with `live --record` or `demo --record`).")
    var file: String

    @Option(help: "csv, jsonl or xdf (the Lab Streaming Layer's file: give it -o FILE.xdf).")
    var format: RecordingExport.Format = .csv

    @Option(name: [.short, .long], help: "Write here instead of standard output.")
    var output: String?

    @Flag(help: "Only the analysed events (techniques, strokes, warnings), without the samples.")
    var events = false

    @Option(help: "Judge by this rules file instead of the shipped defaults.")
    var rules: String?

    @OptionGroup var recordingCalibration: RecordingCalibrationOption

    @OptionGroup var overwrite: OverwriteOption

    func validate() throws {
        try overwrite.check(output, flag: "-o")
        if format == .xdf && output == nil && isatty(STDOUT_FILENO) != 0 {
            throw ValidationError("XDF is a binary file: give -o FILE.xdf (or redirect standard output to a file)")
        }
    }

    func run() throws {
        let book = try rules.map { try RuleBook.load($0) } ?? .shipped
        var recording = try Recording.read(file)
        try recordingCalibration.apply(to: &recording)
        // A file is written under a temporary name and renamed when complete: a full disk
        // leaves no empty or partial export behind.
        // Owner-only, like the recording it comes from: an export names the trainee.
        let out = try output.map { path throws(WriteError) in
            try OutputFile(creating: path, existing: overwrite.existing, permissions: 0o600, atomically: true)
        }
            ?? .standardOutput()
        var failure: WriteError?
        let lines = ExportOutput { bytes in
            guard failure == nil else { return }
            do throws(WriteError) { try out.write(bytes) } catch { failure = error }
        }
        let summary = RecordingExport.write(recording, name: file, rules: book, format: format,
                                            eventsOnly: events, to: lines)
        if let failure { out.discard(); throw failure }
        try out.close()
        for note in summary.notes { StandardStreams.note(note) }
    }
}

extension RecordingExport.Format: ExpressibleByArgument {}
