import Foundation
import Testing
import TestSupport

/// `replay` as a user runs it: the recorded session through the live pipeline again.
@Suite(.serialized) struct ReplayTests {
    /// A virtual glove's session recorded in simulated time; `calibrated`: on the demo's glove,
    /// with its calibration (leg axis included), else on a glove without one.
    static func recording(_ scenario: String, seconds: Double? = nil, rate: Int = 500, seed: Int = 3,
                          trainee: String? = nil, calibrated: Bool = false) throws -> String {
        let path = Fixtures.temporary(".tfrec")
        var arguments = ["simulate", "--scenario", scenario, "--record", path, "--rate", "\(rate)", "--seed", "\(seed)"]
        if calibrated {
            arguments += ["--serial", "TFG-DEMO-0001", "--calibration", Fixtures.repositoryPath("Calibration/TFG-DEMO-0001.json")]
        }
        if let seconds { arguments += ["--seconds", "\(seconds)"] }
        if let trainee { arguments += ["--trainee", trainee] }
        let result = try BuiltBinary.run(arguments)
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return path
    }

    /// Replaying the same file gives the same lines every time, however fast it is read, and
    /// nothing is lost on the way even though the reader decodes far faster than the analysis.
    @Test func replayingAFileGivesTheSameEventsEveryTime() throws {
        let file = try Self.recording("six-months", rate: 1000)
        let first = try BuiltBinary.run(["replay", file, "--fast", "--json"])
        let second = try BuiltBinary.run(["replay", file, "--fast", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        let events = objects(first.stdout)
        #expect(events.first?["type"] as? String == "session_start" && events.first?["replay_of"] as? String == file)
        let types = Set(events.compactMap { $0["type"] as? String })
        #expect(types.isSuperset(of: ["technique", "technique_end", "stroke", "glove_status", "link_ended", "session_end"]))
        let status = try #require(events.last { $0["type"] as? String == "status" })
        #expect(status["samples"] as? Int == 71_001, "every sample of the 71 s at 1 kHz was analysed")
        #expect(status["ring_overflows"] as? Int == 0 && status["lost"] as? Int == 0)
        let techniques = Set(events.filter { $0["type"] as? String == "technique" }.compactMap { $0["technique"] as? String })
        #expect(techniques.isSuperset(of: ["stroking", "rubbing", "kneading", "tapping"]))
    }

    /// A replay at 20× real time shows the events that a replay as fast as possible shows.
    @Test func aPacedReplayGivesTheSameEventsAsAFastOne() throws {
        let file = try Self.recording(Fixtures.path("press-2m.json"))
        let fast = try BuiltBinary.run(["replay", file, "--fast", "--json"])
        let started = Date()
        let paced = try BuiltBinary.run(["replay", file, "--speed", "20", "--json"])
        #expect(Date().timeIntervalSince(started) >= 7.0 / 20, "the 7 s session cannot replay at 20× in less than 0.35 s")
        #expect(paced.stdout == fast.stdout)
        #expect(objects(paced.stdout).contains { $0["type"] as? String == "warning" && $0["finger"] as? String == "thumb" })
    }

    /// A session recorded live replays to the same warnings that live showed: same bytes, same analysis.
    @Test func aLiveRecordingReplaysToTheWarningsLiveShowed() throws {
        let file = Fixtures.temporary(".tfrec")
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("press-2m.json"), "--seed", "7"])
        let live = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--duration", "7.5", "--record", file,
                                        "--no-library"])
        glove.stop()
        #expect(live.status == 0, "\(live.stderr)")
        let replay = try BuiltBinary.run(["replay", file, "--fast", "--json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        // Every judged event, byte for byte: the same judge saw the same samples.
        let judged: Set<String> = ["warning", "warning_end", "technique", "technique_end", "stroke", "limit", "rezero"]
        func events(_ text: String) -> [String] {
            text.split(separator: "\n").map(String.init).filter { line in
                judged.contains((try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String ?? "")
            }
        }
        let liveEvents = events(live.stdout)
        #expect(liveEvents.contains { $0.contains(#""type":"warning""#) })
        #expect(liveEvents.contains { $0.contains(#""type":"limit""#) })
        let replayed = events(replay.stdout)
        #expect(replayed == liveEvents, "first difference: \(zip(replayed, liveEvents).first { $0 != $1 }.map { "\($0)\n\($1)" } ?? "in length")")
        // And every force warning's limit is the one `rules` prints for the reason it names.
        let printed = try PrintedRules(ageMonths: 2)
        for warning in objects(live.stdout) where warning["type"] as? String == "warning" && warning["rule"] as? String == "force" {
            let limit = try #require(printed.limit(ofWarning: warning), "\(warning)")
            #expect(warning["limit_n"] as? Double == (warning["subject"] as? String == "total" ? limit.total : limit.fingertip), "\(warning)")
        }
    }

    /// Without a terminal (a pipe, a file, a CI log) a replay prints plain lines of what
    /// happened, the same warnings and techniques as its JSON, and never the screen's escape codes.
    @Test func withoutATerminalAReplayIsPlainLinesOfWhatHappened() throws {
        let file = try Self.recording(Fixtures.path("press-2m.json"))
        let plain = try BuiltBinary.run(["replay", file, "--fast"])
        let json = objects(try BuiltBinary.run(["replay", file, "--fast", "--json"]).stdout)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("\u{1B}"), "no terminal control codes")
        let lines = plain.lines
        let heading = try #require(lines.first)
        #expect(heading.hasPrefix("Tenderfoot — replay of \(URL(fileURLWithPath: file).lastPathComponent) · glove TFG-V0000001 "), "\(heading)")
        #expect(lines.filter { $0.hasPrefix("Tenderfoot — ") }.count == 1, "the heading once")
        #expect(lines.contains("Force limits are provisional defaults: no published study gives infant massage forces in newtons."))
        func count(_ type: String) -> Int { json.filter { $0["type"] as? String == type }.count }
        let warnings = lines.filter { $0.hasPrefix("! ") }
        #expect(warnings.count == count("warning") && !warnings.isEmpty)
        let thumb = try #require(json.first { $0["type"] as? String == "warning" && $0["finger"] as? String == "thumb" })
        let limit = String(format: "%.2f", thumb["limit_n"] as? Double ?? -1)
        #expect(warnings.contains { $0.contains("force: thumb") && $0.contains("over the \(limit) N limit \(thumb["limit_reason"] as? String ?? "?")") },
                "\(warnings)")
        #expect(lines.filter { $0.range(of: #"^  \d\d:\d\d\.\d ended: "#, options: .regularExpression) != nil }.count == count("warning_end"))
        let techniques = lines.filter { $0.range(of: #"^  \d\d:\d\d\.\d [a-z]+$"#, options: .regularExpression) != nil }
        #expect(techniques.count == count("technique") && !techniques.isEmpty)
        let ended = "Session ended after " + String(format: "%.1f", json.last?["recording_s"] as? Double ?? -1)
            + " s with \(count("warning")) warning\(count("warning") == 1 ? "" : "s")."
        #expect(lines.last == ended)
        #expect(!lines.contains { $0.hasPrefix("The glove stopped") }, "the end of a recording is not a glove stopping")
    }

    // MARK: Bad input

    @Test func aTruncatedRecordingReplaysItsCompletePartAndSaysWhereItWasCut() throws {
        let file = try Self.recording(Fixtures.path("press-2m.json"))
        let bytes = try #require(FileManager.default.contents(atPath: file))
        let cut = Fixtures.temporary(".tfrec")
        try bytes.prefix(bytes.count * 3 / 5).write(to: URL(fileURLWithPath: cut))
        let replay = try BuiltBinary.run(["replay", cut, "--fast", "--json"])
        #expect(replay.status == 0)
        #expect(replay.stderr.contains("cut off at byte") && replay.stderr.contains("device time"), "\(replay.stderr)")
        let full = objects(try BuiltBinary.run(["replay", file, "--fast", "--json"]).stdout)
        let partial = objects(replay.stdout)
        let samples = { (events: [[String: Any]]) in events.last { $0["type"] as? String == "status" }?["samples"] as? Int ?? 0 }
        #expect(samples(partial) > samples(full) / 2 && samples(partial) < samples(full))
        let report = try BuiltBinary.run(["report", cut, "-o", Fixtures.temporary(".html")])
        #expect(report.status == 0 && report.stderr.contains("cut off at byte"), "\(report.stderr)")
    }

    @Test func aCorruptChunkIsSkippedWithAMessageAndTheRestIsUsed() throws {
        let file = try Self.recording(Fixtures.path("press-2m.json"))
        var bytes = [UInt8](try #require(FileManager.default.contents(atPath: file)))
        let middle = LiveTests.middleOfAWireChunk(after: bytes.count / 3, in: bytes)
        bytes[middle] ^= 0x55
        let damaged = Fixtures.temporary(".tfrec")
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let replay = try BuiltBinary.run(["replay", damaged, "--fast", "--json"])
        #expect(replay.status == 0)
        #expect(replay.stderr.contains("skipped a damaged stretch"), "\(replay.stderr)")
        let events = objects(replay.stdout)
        #expect(events.contains { $0["type"] as? String == "warning" && $0["finger"] as? String == "thumb" },
                "the press after the damage is still judged")
        let export = try BuiltBinary.run(["export", damaged, "--format", "csv"])
        #expect(export.status == 0 && export.stderr.contains("skipped a damaged stretch"))
    }

    @Test(arguments: [
        ("not a recording", [UInt8]("hello, this is a text file\n".utf8), "is not a Tenderfoot recording"),
        ("newer format", Array("TFREC\r\n".utf8) + [0x1A, 0x09, 0x00], "made by a newer Tenderfoot"),
        ("empty", [], "is not a Tenderfoot recording"),
    ])
    func aFileThatCannotBeReplayedIsRefusedInOneLine(name: String, content: [UInt8], message: String) throws {
        let file = Fixtures.temporary(".tfrec")
        try Data(content).write(to: URL(fileURLWithPath: file))
        for command in [["replay", file, "--fast", "--json"], ["report", file, "-o", Fixtures.temporary(".html")], ["export", file],
                        ["sessions", "--add", file]] {
            let result = try BuiltBinary.run(command)
            #expect(result.status != 0, "\(name): \(command[0])")
            #expect(result.stderr.contains(message), "\(name): \(command[0]): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
    }

    @Test func aMissingFileIsRefusedWithWhatToCheck() throws {
        let result = try BuiltBinary.run(["replay", "/nonexistent/session.tfrec"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot read /nonexistent/session.tfrec"))
    }

    /// A recording made in simulated time keeps its truth too, when asked (it wrote none and said nothing).
    @Test func aSimulatedRecordingWritesItsTruth() throws {
        let recording = Fixtures.temporary(".tfrec"), truth = Fixtures.temporary(".jsonl")
        let result = try BuiltBinary.run(["simulate", "--scenario", "six-months", "--seconds", "20", "--record", recording, "--truth", truth])
        #expect(result.status == 0 && result.stdout.contains("Its truth, every sample and stroke, is in \(truth)."), "\(result.stderr)")
        let lines = try String(contentsOfFile: truth, encoding: .utf8).split(separator: "\n")
        let recorded = result.stdout.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        #expect(recorded != nil && lines.filter { $0.contains("\"type\":\"sample\"") }.count == recorded, "every sample's truth: \(result.stdout)")
        #expect(lines.contains { $0.contains("\"type\":\"stroke\"") })
        let again = try BuiltBinary.run(["simulate", "--scenario", "six-months", "--seconds", "1", "--record", Fixtures.temporary(".tfrec"),
                                         "--truth", truth])
        #expect(again.status != 0 && again.stderr.contains("--truth \(truth) already exists"), "refused like every writer: \(again.stderr)")
    }

    /// `--force` replaces a file; a symbolic link is not written through onto what it points at.
    @Test func aSymbolicLinkIsNotWrittenThrough() throws {
        let target = Fixtures.temporary(".txt"), link = Fixtures.temporary(".tfrec")
        try "keep me".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        defer { try? FileManager.default.removeItem(atPath: link); try? FileManager.default.removeItem(atPath: target) }
        let result = try BuiltBinary.run(["simulate", "--scenario", "six-months", "--seconds", "1", "--record", link, "--force"])
        #expect(result.status == 1 && result.stderr.contains("symbolic link"), "\(result.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
    }

    /// A FIFO with no writer (which hung every reader in open), a device and a folder: one line each.
    @Test func whatIsNotARecordingFileIsRefusedAtOnce() throws {
        let fifo = Fixtures.temporary(".tfrec")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        for (command, path, message) in [(["replay", "--fast", "--json"], fifo, "it is not a file but a pipe, a device or a socket"),
                                          (["export", "--events"], fifo, "it is not a file but a pipe, a device or a socket"),
                                          (["replay", "--fast", "--json"], "/dev/null", "it is not a file but a pipe, a device or a socket"),
                                          (["replay", "--fast", "--json"], "/tmp", "it is a folder")] {
            let result = try BuiltBinary.run([command[0], path] + command.dropFirst(), timeout: 20)
            #expect(result.status == 1 && result.stderr.contains("cannot read \(path): \(message)"), "\(command[0]) \(path): \(result.stderr)")
        }
    }

    @Test(arguments: [
        (["replay", "x.tfrec", "--speed", "0"], "--speed 0.0 is out of range"),
        (["replay", "x.tfrec", "--fast", "--speed", "4"], "give --speed or --fast, not both"),
        (["replay", "x.tfrec", "--json-samples"], "--json-samples needs --json"),
        (["report", "x.tfrec", "-o", "report.pdf"], "give a file name ending in .html"),
        (["live", "--port", "auto", "--age-months", "2", "--save", "--record", "x.tfrec"], "give --record FILE or --save, not both"),
    ])
    func wrongFlagsAreRefusedSayingWhatToDo(arguments: [String], message: String) throws {
        let result = try BuiltBinary.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
