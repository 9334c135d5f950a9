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

    @Test func withEventsAnXDFExportHoldsTheMarkerStreamAlone() throws {
        let recording = try Self.recording()
        let events = Fixtures.temporary(".xdf")
        let result = try BuiltBinary.run(["export", recording, "--format", "xdf", "--events", "-o", events])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try #require(FileManager.default.contents(atPath: events))
        #expect(bytes.prefix(4) == Data("XDF:".utf8) && !String(decoding: bytes, as: UTF8.self).contains("<type>Force</type>"),
                "with --events only the marker stream")
    }
}
