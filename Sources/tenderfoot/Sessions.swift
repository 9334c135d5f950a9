import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootFaces
import TenderfootLibrary
import TenderfootRules

/// `tenderfoot sessions`: the session library — list, add recordings, a trainee's progress.
struct Sessions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The session library: list the recorded sessions (date, glove, trainee, age, length, score, warnings), add recordings, show a trainee's progress.",
        discussion: "The library is in $TENDERFOOT_DATA, else $XDG_DATA_HOME/tenderfoot, else ~/.local/share/tenderfoot. `live --record` and `live --save` add to it.")

    @Option(help: "Only this trainee's sessions.")
    var trainee: String?

    @Flag(help: "The trainee's score and main faults over time (--trainee NAME, unless the library has one trainee).")
    var progress = false

    @Option(name: [.short, .long], help: "With --progress: also write the progress page (HTML) here.")
    var output: String?

    @Option(parsing: .upToNextOption, help: "Add these recordings to the library (reviewed with today's analysis).")
    var add: [String] = []

    @Flag(help: "One JSON object per session instead of the table.")
    var json = false

    @Option(help: "The library's folder (default: $TENDERFOOT_DATA, else $XDG_DATA_HOME/tenderfoot, else ~/.local/share/tenderfoot).")
    var library: String?

    @OptionGroup var overwrite: OverwriteOption

    func validate() throws {
        try overwrite.check(output, flag: "-o")
        if output != nil && !progress { throw ValidationError("-o writes the progress page: give it with --progress") }
        try OptionChecks.htmlFile(output, "the progress page")
    }

    func run() throws {
        let store = try SessionLibrary(folder: library ?? SessionLibrary.defaultFolder)
        for path in add {
            let session = try store.add(path)
            print("Added \(path): score \(session.score), \(session.warnings) warning\(session.warnings == 1 ? "" : "s")")
            for note in session.notes { StandardStreams.note("\(path): \(note)") }
        }
        let trainee = try progress ? progressTrainee(store) : self.trainee
        let sessions = try store.sessions(trainee: trainee)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for session in sessions { print(String(decoding: try encoder.encode(session), as: UTF8.self)) }
            return
        }
        if progress, let trainee {
            printProgress(trainee, sessions)
            if let output {
                try overwrite.write(ProgressReport(trainee: trainee, sessions: sessions).html, to: output)
                print("Progress page written to \(output)")
            }
            return
        }
        if !add.isEmpty && sessions.isEmpty { return }
        guard !sessions.isEmpty else {
            print(trainee.map { "No sessions of \($0) in the library (\(store.folder))." }
                  ?? "The library (\(store.folder)) is empty: record with `tenderfoot live --save`, or add recordings with `tenderfoot sessions --add FILE`.")
            return
        }
        print("id  date              glove             trainee       age          length  score  warnings")
        for session in sessions {
            let missing = FileManager.default.fileExists(atPath: session.path) ? "" : "  (recording missing)"
            print(String(format: "%-3lld %@  %@  %@  %@  %@   %3d    %3d",
                         session.id ?? 0, Self.date(session), Self.pad(session.glove, 16), Self.pad(session.trainee ?? "-", 12),
                         Self.pad(session.ageBand, 11), Self.clock(session.seconds), session.score, session.warnings) + missing)
        }
    }

    /// Whose progress: the one named, else the library's only trainee.
    private func progressTrainee(_ store: SessionLibrary) throws -> String {
        if let trainee { return trainee }
        let names = Array(Set(try store.sessions(trainee: nil).compactMap(\.trainee))).sorted()
        switch names.count {
        case 1: return names[0]
        case 0: throw ValidationError("--progress follows a trainee, and no session in the library (\(store.folder)) names one: record with `--trainee NAME`")
        default: throw ValidationError("--progress needs --trainee NAME: the library has \(names.joined(separator: ", "))")
        }
    }

    private func printProgress(_ trainee: String, _ sessions: [LibrarySession]) {
        guard let first = sessions.first, let last = sessions.last else {
            print("No sessions of \(trainee) in the library.")
            return
        }
        print("Progress of \(trainee): \(sessions.count) session\(sessions.count == 1 ? "" : "s"), score \(first.score) → \(last.score)")
        print("date              score  main faults")
        for session in sessions {
            let bar = String(repeating: "█", count: session.score / 5)
            print("\(Self.date(session))  \(String(format: "%3d", session.score))  \(Self.pad(bar, 20))  \(session.faults.isEmpty ? "none" : session.faults.joined(separator: "; "))")
        }
    }

    static func date(_ session: LibrarySession) -> String {
        String(session.created.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }

    static func clock(_ seconds: Double) -> String { String(format: "%02d:%02d", Int(seconds) / 60, Int(seconds) % 60) }
}
