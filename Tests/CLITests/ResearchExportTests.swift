import Foundation
import Testing
import TestSupport

/// Exports as a researcher reads them: an XDF file read with pyxdf, checked value by value
/// against the JSON lines of the same recording.
@Suite(.serialized, .enabled(if: ResearchPython.available || ResearchPython.required, "needs .build/python (make test makes it)"))
struct ResearchExportTests {
    /// A recording of the scenario with a hard press, a stroke down the leg and techniques in order, calibrated.
    static func recording() throws -> String {
        let path = Fixtures.temporary(".tfrec")
        let made = try BuiltBinary.run(["simulate", "--scenario", Fixtures.path("press-2m.json"), "--record", path, "--seconds", "20"])
        #expect(made.status == 0, "\(made.stderr)")
        return path
    }

    @Test func anXDFExportHoldsEverySampleEventAndDetailOfTheSession() throws {
        let recording = try Self.recording()
        let xdf = Fixtures.temporary(".xdf"), jsonl = Fixtures.temporary(".jsonl")
        let binary = try BuiltBinary.run(["export", recording, "--format", "xdf", "-o", xdf])
        #expect(binary.status == 0 && binary.stderr.isEmpty, "\(binary.stderr)")
        let lines = try BuiltBinary.run(["export", recording, "--format", "jsonl", "-o", jsonl])
        #expect(lines.status == 0, "\(lines.stderr)")
        let check = try ResearchPython.run("check_xdf.py", [xdf, jsonl])
        #expect(check.status == 0 && check.stdout.hasPrefix("xdf ok: 10001 samples"), "\(check.stdout)\(check.stderr)")
    }

    /// Ten minutes at 500 Hz (300,001 rows: pandas reads such a file in several blocks, and
    /// warns when one block's cells read as another type than the next's).
    @Test func pandasReadsALongCSVExportWithoutAWarning() throws {
        let recording = Fixtures.temporary(".tfrec")
        let made = try BuiltBinary.run(["simulate", "--scenario", "six-months", "--record", recording, "--seconds", "600"])
        #expect(made.status == 0, "\(made.stderr)")
        let samples = Fixtures.temporary(".csv"), events = Fixtures.temporary("-events.csv")
        #expect(try BuiltBinary.run(["export", recording, "-o", samples]).status == 0)
        #expect(try BuiltBinary.run(["export", recording, "--events", "-o", events]).status == 0)
        let check = try ResearchPython.run("check_csv.py", [samples, events])
        #expect(check.status == 0 && check.stdout.hasPrefix("csv ok: 300001 samples"), "\(check.stdout)\(check.stderr)")
    }

    @Test func withEventsAnXDFExportHoldsTheMarkerStreamAlone() throws {
        let recording = try Self.recording()
        let events = Fixtures.temporary(".xdf")
        let result = try BuiltBinary.run(["export", recording, "--format", "xdf", "--events", "-o", events])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try #require(FileManager.default.contents(atPath: events))
        #expect(bytes.prefix(4) == Data("XDF:".utf8) && !String(decoding: bytes, as: UTF8.self).contains("<type>Force</type>"),
                "with --events only the marker stream")
    }

    /// A live session's samples mapped to the host's UTC time (utc_s, from the arrival times the
    /// recording kept) against the truth: the virtual glove says on which host time its clock
    /// read 0, so each sample's true host time is that plus its device time. The figures are
    /// printed; the bound is far above them, for a loaded machine.
    @Test func aLiveRecordingsHostTimesAreWithinMillisecondsOfTheTruth() throws {
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json")])
        let prefix = "Its clock read 0 at host time "
        let line = try #require(glove.waitForLine { $0.hasPrefix(prefix) })
        let boot = try #require(Double(line.dropFirst(prefix.count).prefix { $0.isNumber }))
        let recording = Fixtures.temporary(".tfrec")
        let live = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--duration", "8", "--record", recording])
        glove.stop()
        #expect(live.status == 0, "\(live.stderr)")
        let exported = try BuiltBinary.run(["export", recording, "--format", "jsonl"])
        let errors = objects(exported.stdout).filter { $0["type"] as? String == "sample" }.compactMap { sample -> Double? in
            guard let utc = sample["utc_s"] as? Double, let device = sample["t_us"] as? Double else { return nil }
            return abs(utc - (boot + device) / 1e6)
        }.sorted()
        #expect(errors.count >= 3000, "8 s at 500 Hz")
        guard !errors.isEmpty else { return }
        let p50 = errors[errors.count / 2] * 1000, p99 = errors[errors.count * 99 / 100] * 1000, worst = errors.last! * 1000
        print(String(format: "utc_s against the truth over %d samples: p50 %.3f ms, p99 %.3f ms, worst %.3f ms", errors.count, p50, p99, worst))
        #expect(p99 < 20, "the host-time mapping within 20 ms (p99 \(p99) ms)")
    }

    /// `live --lsl` received by a pylsl inlet, as LabRecorder would: liblsl is the one the
    /// pylsl wheel carries, loaded at run time. Every sample from the inlet's connection on, its
    /// values, its time stamp against its true arrival (the virtual glove says when its clock
    /// read 0), and the events are checked against the recording of the same session.
    @Test func aLiveSessionIsPublishedOnTheLabStreamingLayer() throws {
        let library = try ResearchPython.run("check_lsl.py", ["library"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let serial = "TFG-LSL-0001"
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json"), "--serial", serial])
        let prefix = "Its clock read 0 at host time "
        let line = try #require(glove.waitForLine { $0.hasPrefix(prefix) })
        let boot = String(line.dropFirst(prefix.count).prefix { $0.isNumber })
        let received = Fixtures.temporary("-lsl.json"), recording = Fixtures.temporary(".tfrec")
        let inlet = try ChildProcess(ResearchPython.path, [Fixtures.repositoryPath("Tests/Python/check_lsl.py"), "receive", serial, received],
                                     environment: BuiltBinary.environment(), stdout: .pipe, stderr: .pipe)
        defer { inlet.killAndReap() }
        let ready = inlet.read(timeout: 30) { String(decoding: $0.stdout, as: UTF8.self).contains("ready") }
        #expect(String(decoding: ready.stdout, as: UTF8.self).contains("ready"), "the inlet started")
        let live = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--duration", "8", "--record", recording,
                                        "--no-library", "--lsl", "--lsl-library", library])
        glove.stop()
        #expect(live.status == 0 && !live.stderr.contains("INFO"), "\(live.stderr)")
        #expect(!live.stdout.contains("\"type\":\"sample\""), "the samples published on LSL are not printed without --json-samples")
        let inletPrinted = inlet.read(timeout: 60)
        #expect(inlet.wait(timeout: 10) == 0, "\(String(decoding: inletPrinted.stdout, as: UTF8.self))")
        let exported = Fixtures.temporary(".jsonl")
        #expect(try BuiltBinary.run(["export", recording, "--format", "jsonl", "-o", exported]).status == 0)
        let check = try ResearchPython.run("check_lsl.py", ["compare", received, exported, boot])
        print(check.stdout)
        #expect(check.status == 0 && check.stdout.hasPrefix("lsl ok:"), "\(check.stdout)\(check.stderr)")
    }

    /// `replay --lsl` publishes a recording at its own pace: every sample from the inlet's
    /// connection on, its values, time stamps at the recording's pace (within 5 ms), the events.
    @Test func aReplayIsPublishedOnTheLabStreamingLayerAtItsPace() throws {
        let library = try ResearchPython.run("check_lsl.py", ["library"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let serial = "TFG-LSL-0002"
        let recording = Fixtures.temporary(".tfrec")
        #expect(try BuiltBinary.run(["simulate", "--scenario", Fixtures.path("press-2m.json"), "--serial", serial, "--record", recording,
                                     "--seconds", "8"]).status == 0)
        let received = Fixtures.temporary("-lsl.json")
        let inlet = try ChildProcess(ResearchPython.path, [Fixtures.repositoryPath("Tests/Python/check_lsl.py"), "receive", serial, received],
                                     environment: BuiltBinary.environment(), stdout: .pipe, stderr: .pipe)
        defer { inlet.killAndReap() }
        _ = inlet.read(timeout: 30) { String(decoding: $0.stdout, as: UTF8.self).contains("ready") }
        let replay = try BuiltBinary.run(["replay", recording, "--json", "--lsl", "--lsl-library", library])
        #expect(replay.status == 0 && !replay.stdout.contains("\"type\":\"sample\""), "\(replay.stderr)")
        let inletPrinted = inlet.read(timeout: 60)
        #expect(inlet.wait(timeout: 10) == 0, "\(String(decoding: inletPrinted.stdout, as: UTF8.self))")
        let exported = Fixtures.temporary(".jsonl")
        #expect(try BuiltBinary.run(["export", recording, "--format", "jsonl", "-o", exported]).status == 0)
        let check = try ResearchPython.run("check_lsl.py", ["compare", received, exported, "pace"])
        print(check.stdout)
        #expect(check.status == 0 && check.stdout.hasPrefix("lsl ok:"), "\(check.stdout)\(check.stderr)")
        let refused = try BuiltBinary.run(["replay", recording, "--fast", "--lsl", "--lsl-library", library])
        #expect(refused.status != 0 && refused.stderr.contains("own pace"), "\(refused.stderr)")
    }

    /// Without liblsl, `--lsl` says in one line how to get it, before anything else happens.
    @Test func withoutLiblslTheLSLOptionSaysHowToGetIt() throws {
        let result = try BuiltBinary.run(["live", "--port", "/dev/null", "--age-months", "2", "--lsl", "--lsl-library", "/nonexistent/liblsl.so"])
        #expect(result.status != 0 && result.stderr.contains("--lsl needs liblsl") && result.stderr.contains("pip install pylsl"), "\(result.stderr)")
        #expect(!result.stdout.contains("Before you start"), "no checklist first")
    }
}
