import ArgumentParser
import Foundation
import TenderfootFaces
import TenderfootSession

/// `tenderfoot export`: a recording's samples and warnings for spreadsheets and scripts.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every sample of a recording (time, sequence, raw counts, newtons, g, deg/s) and its warnings as CSV or JSON lines.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

    @Argument(help: "The recording (made with `live --record` or `demo --record`).")
    var file: String

    @Option(help: "csv or jsonl.")
    var format: Format = .csv

    @Option(name: [.short, .long], help: "Write here instead of standard output.")
    var output: String?

    func run() throws {
        let recording = try Recording.read(file)
        var out = OutputFile(path: output)
        try out.open()
        let summary = RecordingExport.write(recording, format: format == .csv ? .csv : .jsonl) { out.write($0) }
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
            throw ValidationError("cannot write \(path) — check that the folder exists and is writable")
        }
        handle = file
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
