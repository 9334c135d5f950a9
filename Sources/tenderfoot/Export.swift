import ArgumentParser
import Foundation
import TenderfootFaces
import TenderfootRules
import TenderfootSession

/// `tenderfoot export`: a recording's samples and warnings for spreadsheets and scripts.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a recording for research: every sample (time, sequence, raw counts, newtons, g, deg/s) with the techniques, strokes and warnings the analysis finds, as CSV or JSON lines.",
        discussion: """
            CSV: one row per sample, with the technique being done and the warnings that began at it;             with --events, one row per event instead (techniques, strokes, warnings). JSON lines: the samples             and the events in the order the session made them (as `live --json` prints events); with             --events, the events alone. Every column and key names its unit (_N, _g, _dps, _us, _cm, _cm_s, _ms).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

    @Argument(help: "The recording (made with `live --record` or `demo --record`).")
    var file: String

    @Option(help: "csv or jsonl.")
    var format: Format = .csv

    @Option(name: [.short, .long], help: "Write here instead of standard output.")
    var output: String?

    @Flag(help: "Only the analysed events (techniques, strokes, warnings), without the samples.")
    var events = false

    @Option(help: "Judge by this rules file instead of the shipped defaults.")
    var rules: String?

    func run() throws {
        let book = try rules.map { try RuleBook.load($0) } ?? .shipped
        let recording = try Recording.read(file)
        var out = OutputFile(path: output)
        try out.open()
        let summary = RecordingExport.write(recording, name: file, rules: book, format: format == .csv ? .csv : .jsonl,
                                            eventsOnly: events) { out.write($0) }
        out.close()
        for note in summary.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
    }
}

/// Standard output or a file, written in large pieces.
struct OutputFile {
    let path: String?
    private var handle: FileHandle?
    private var buffer = ""

    init(path: String?) { self.path = path }

    mutating func open() throws {
        guard let path else { handle = FileHandle.standardOutput; return }
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw Self.cannotWrite(path)
        }
        handle = file
    }

    /// Writes `text` as the whole of the file at `path` (a report page).
    static func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw cannotWrite(path) }
    }

    private static func cannotWrite(_ path: String) -> ValidationError {
        ValidationError("cannot write \(path) — check that the folder exists and is writable")
    }

    mutating func write(_ line: String) {
        buffer += line
        buffer += "\n"
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        handle?.write(Data(buffer.utf8))
        buffer = ""
    }

    mutating func close() {
        flush()
        if path != nil { try? handle?.close() }
    }
}
