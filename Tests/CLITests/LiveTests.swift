import Foundation
import Testing
import TestSupport

/// `simulate`, `live`, `export` and `demo` as a user runs them, against the virtual glove.
@Suite(.serialized) struct LiveTests {
    func truth(_ path: String) -> [[String: Any]] {
        objects((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    /// The press three times over the limit is warned, naming the thumb, within 50 ms (device time)
    /// of the first sample whose true force is over the limit.
    @Test func anOverLimitPressIsWarnedAtOnceNamingTheFinger() throws {
        let truthPath = Fixtures.temporary(".truth.jsonl")
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("press-2m.json"),
                                                                "--truth", truthPath, "--seed", "11"])
        let result = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--duration", "7.5"])
        glove.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let events = objects(result.stdout)
        let warnings = events.filter { $0["type"] as? String == "warning" }
        let thumb = try #require(warnings.first { $0["finger"] as? String == "thumb" })
        // The limit is the one `rules` prints for the technique and reason the warning names.
        let limit = try #require(PrintedRules(ageMonths: 2).limit(ofWarning: thumb), "\(thumb)")
        #expect(thumb["limit_n"] as? Double == limit.fingertip)
        #expect((thumb["force_n"] as? Double ?? 0) > limit.fingertip)
        #expect((thumb["message"] as? String)?.contains(thumb["limit_reason"] as? String ?? "?") == true, "the message names the reason")
        #expect(Set(warnings.compactMap { $0["finger"] as? String }).isSubset(of: ["thumb", "total"]))
        let firstOver = try #require(truth(truthPath).first { sample in
            sample["type"] as? String == "sample" && ((sample["force_n"] as? [Double])?[0] ?? 0) > limit.fingertip
        })
        let warned = try #require(thumb["t_us"] as? Int)
        let truthTime = try #require(firstOver["t_us"] as? Int)
        print("live --json: the thumb's warning came \(Double(warned - truthTime) / 1000) ms (device time) after its true force went over the limit")
        #expect(abs(warned - truthTime) <= 50_000, "warning at \(warned) µs, true force over the limit from \(truthTime) µs")
        #expect(events.first?["type"] as? String == "session_start")
        #expect(events.first?["limits_provisional"] as? Bool == true)
        #expect((events.first?["do_not_massage_with"] as? [String])?.contains { $0.hasPrefix("fever") } == true,
                "the contraindications come with the session's first line")
        #expect(events.last?["type"] as? String == "session_end")
    }

    /// With its output in a pipe or a file, `live` prints the checklist, then plain lines of
    /// what happened: no screen redrawn 25 times a second into the file.
    @Test func liveWithoutATerminalPrintsWhatHappenedAsLines() throws {
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("press-2m.json"), "--seed", "11"])
        let result = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--duration", "7.5"])
        glove.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}"), "no terminal control codes")
        let lines = result.lines
        let checklist = try #require(lines.firstIndex { $0.hasPrefix("Before you start: no massage today") })
        let heading = try #require(lines.firstIndex { $0.hasPrefix("Tenderfoot — live practice · glove ") })
        #expect(checklist < heading)
        #expect(lines.filter { $0.hasPrefix("Tenderfoot — ") }.count == 1, "the heading once")
        let warnings = lines.filter { $0.hasPrefix("! ") }
        #expect(warnings.contains { $0.contains("force: thumb") }, "\(lines)")
        let ended = #"^Session ended after 7\.\d s with "# + "\(warnings.count) warnings?\\.$"
        #expect(lines.last?.range(of: ended, options: .regularExpression) != nil, "\(lines.suffix(3))")
    }

    @Test func aGentleSessionGivesNoWarning() throws {
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json"), "--seed", "5"])
        let result = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--duration", "9"])
        glove.stop()
        #expect(result.status == 0)
        let events = objects(result.stdout)
        #expect(events.filter { $0["type"] as? String == "warning" }.isEmpty)
        #expect(events.filter { $0["type"] as? String == "status" }.count >= 8)
        let last = try #require(events.last { $0["type"] as? String == "status" })
        #expect(last["lost"] as? Int == 0 && last["crc"] as? Int == 0 && last["ring_overflows"] as? Int == 0)
    }

    /// After a recorded session, the export command it prints runs as printed (a path with a
    /// space quoted) and writes the CSV to a file beside the recording, not to the terminal.
    @Test func theExportCommandPrintedAfterASessionWritesAFile() throws {
        let folder = Fixtures.temporary(" with space")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let recording = folder + "/first session.tfrec"
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("press-2m.json")])
        let live = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--duration", "2", "--record", recording, "--no-library"])
        glove.stop()
        #expect(live.status == 0, "\(live.stderr)")
        let said = try #require(live.stdout.range(of: #"`tenderfoot export [^`]+`"#, options: .regularExpression), "\(live.stdout)")
        let command = live.stdout[said].dropFirst("`tenderfoot".count).dropLast()
        let shell = try BuiltBinary.run(program: "/bin/sh", ["-c", "exec \"$0\"" + command, BuiltBinary.url.path])
        #expect(shell.status == 0 && shell.stdout.isEmpty, "\(command): \(shell.stderr)")
        let csv = try String(contentsOfFile: folder + "/first session.csv", encoding: .utf8)
        #expect(csv.contains("\nt_us,utc_s,seq,raw_thumb"), "the samples in the file beside the recording")
    }

    /// Every sample live received is in the recording, and export writes each exactly.
    @Test func recordingThenExportReproducesEveryReceivedSample() throws {
        let recording = Fixtures.temporary(".tfrec")
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("press-2m.json")])
        let live = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--json-samples",
                                        "--duration", "5", "--record", recording])
        glove.stop()
        #expect(live.status == 0, "\(live.stderr)")
        let received = objects(live.stdout).filter { $0["type"] as? String == "sample" }
        #expect(received.count >= 2400)

        let jsonl = try BuiltBinary.run(["export", recording, "--format", "jsonl"])
        #expect(jsonl.status == 0 && jsonl.stderr.isEmpty, "\(jsonl.stderr)")
        let exported = objects(jsonl.stdout).filter { $0["type"] as? String == "sample" }
        #expect(exported.count == received.count)
        for (live, export) in zip(received, exported) {
            #expect(live["seq"] as? Int == export["seq"] as? Int)
            #expect(live["t_us"] as? Int == export["t_us"] as? Int)
            #expect(live["raw"] as? [Int] == export["raw"] as? [Int])
            #expect(live["accel"] as? [Int] != nil)
        }
        let warnings = objects(jsonl.stdout).filter { $0["type"] as? String == "warning" }
        #expect(warnings.count == objects(live.stdout).filter { $0["type"] as? String == "warning" }.count)

        let csv = try BuiltBinary.run(["export", recording, "--format", "csv"])
        let rows = csv.csvLines
        #expect(rows.first?.hasPrefix("t_us,utc_s,seq,raw_thumb") == true && rows.first?.contains("total_N") == true)
        #expect(rows.count == received.count + 1)
        let thumbLimit = try #require(warnings.first { $0["finger"] as? String == "thumb" }?["limit_n"] as? Double)
        #expect(rows.contains { $0.contains("thumb") && $0.contains("N > \(String(format: "%.2f", thumbLimit)) N") })

        // The file carries its session, and every column one kind of value.
        let details = csv.csvDetails
        #expect(details["glove_serial"] == "TFG-V0000001" && details["age_months"] == "2.00" && details["calibrated"] != nil)
        #expect(details["exported_with"]?.hasPrefix("Tenderfoot ") == true && details["recorded_with"]?.hasPrefix("Tenderfoot ") == true)
        let header = rows[0].split(separator: ",").map(String.init)
        let cells = rows.dropFirst().map(BuiltBinary.Result.csvCells)
        #expect(cells.allSatisfy { $0.count == header.count }, "no text with a comma left unquoted")
        func column(_ name: String) -> [String] { let index = header.firstIndex(of: name)!; return cells.map { $0[index] } }
        let createdText = try #require(details["created_utc"])
        let created = try #require(ISO8601DateFormatter().date(from: createdText))
        let utc = column("utc_s").compactMap(Double.init)
        #expect(utc.count == received.count && utc.allSatisfy { abs($0 - created.timeIntervalSince1970) < 60 }, "the host's UTC time of every sample")
        #expect(zip(utc, utc.dropFirst()).allSatisfy { $0 <= $1 + 0.005 }, "in order, within a read's batching")
        for (total, row) in zip(column("total_N"), cells) {
            let fingers = ["thumb_N", "index_N", "middle_N", "ring_N", "little_N"].map { Double(row[header.firstIndex(of: $0)!])! }
            #expect(abs(Double(total)! - fingers.reduce(0, +)) < 0.0006)
        }
        #expect(column("technique").allSatisfy { !$0.isEmpty } && column("warnings").allSatisfy { !$0.isEmpty })
        #expect(column("warnings_started").allSatisfy { Int($0) != nil } && column("warnings").contains("none"))
    }

    /// A live session killed outright (SIGKILL) leaves a recording that exports its complete part.
    @Test func aKilledRecordingStillExportsWhatWasWritten() throws {
        let recording = Fixtures.temporary(".tfrec")
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json")])
        let live = try BackgroundProcess(["live", "--port", port, "--age-months", "2", "--json", "--record", recording])
        // Wait until the session has run three seconds by its own account, then kill it.
        _ = live.waitForLine { line in
            line.contains("\"type\":\"status\"") && (line.contains("\"elapsed_s\":3.") || line.contains("\"elapsed_s\":4."))
        }
        live.stop(signal: SIGKILL)
        glove.stop()
        let export = try BuiltBinary.run(["export", recording, "--format", "csv"])
        #expect(export.status == 0)
        #expect(export.stderr.contains("no end mark") || export.stderr.contains("cut off"), "\(export.stderr)")
        let rows = export.csvLines.dropFirst()
        #expect(rows.count >= 1000, "at least the first two seconds at 500 Hz")
        let sequences = rows.compactMap { Int($0.split(separator: ",")[2]) }
        #expect(zip(sequences, sequences.dropFirst()).allSatisfy { ($1 - $0 + 65536) % 65536 >= 1 })
    }

    /// A recording cut in the middle of a chunk says at which byte, and exports everything before it.
    @Test func aRecordingCutMidChunkSaysWhereAndExportsTheRest() throws {
        let recording = Fixtures.temporary(".tfrec")
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json")])
        _ = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--duration", "3", "--record", recording])
        glove.stop()
        let full = try BuiltBinary.run(["export", recording, "--format", "csv"]).csvLines
        let bytes = try #require(FileManager.default.contents(atPath: recording))
        let cut = Fixtures.temporary(".tfrec")
        try bytes.prefix(Self.middleOfAWireChunk(after: bytes.count * 2 / 3, in: [UInt8](bytes))).write(to: URL(fileURLWithPath: cut))
        let partial = try BuiltBinary.run(["export", cut, "--format", "csv"])
        #expect(partial.status == 0)
        #expect(partial.stderr.contains("cut off at byte"), "\(partial.stderr)")
        #expect(partial.csvLines.count > full.count / 2 && partial.csvLines.count < full.count)
        // The same rows but for utc_s: near the cut, the host times are mapped from fewer arrivals.
        func withoutUTC(_ lines: [String]) -> [String] {
            lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter { $0.offset != 1 }.map(\.element).joined(separator: ",") }
        }
        #expect(withoutUTC(Array(full.prefix(partial.csvLines.count))) == withoutUTC(partial.csvLines))
    }

    /// Walks the chunk layout of Docs/recording-format.md and returns an offset halfway through
    /// the payload of the first wire chunk that starts at or after `offset`.
    static func middleOfAWireChunk(after offset: Int, in file: [UInt8]) -> Int {
        var chunk = 10
        while chunk + 15 <= file.count {
            let length = (3..<7).reduce(0) { $0 | Int(file[chunk + $1]) << (8 * ($1 - 3)) }
            if chunk >= offset && file[chunk + 2] == 2 && length >= 2 { return chunk + 15 + length / 2 }
            chunk += 15 + length + 4
        }
        return file.count - 1
    }

    /// `live` finds the glove's calibration by its serial number, says which it uses, and refuses
    /// another glove's file.
    @Test func liveUsesTheGlovesOwnCalibration() throws {
        let data = Fixtures.temporary("-data")
        let folder = data + "/tenderfoot/calibration"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let nominal = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Calibration/nominal.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: nominal)) as! [String: Any]
        object["serial"] = "TFG-CALIB-0001"
        object["created"] = ISO8601DateFormatter().string(from: Date())
        object["motion"] = ["gravity_g": 1.0, "gyro_bias_dps": [0.0, 0.0, 0.0], "leg_axis": [1.0, 0.0, 0.0]]
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: folder + "/TFG-CALIB-0001.json"))

        let (glove, port) = try BackgroundProcess.virtualGlove(["--serial", "TFG-CALIB-0001", "--scenario", Fixtures.path("gentle-2m.json")])
        let live = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--duration", "1"],
                                       environment: ["XDG_DATA_HOME": data])
        #expect(live.status == 0, "\(live.stderr)")
        let start = try #require(objects(live.stdout).first)
        #expect(start["calibrated"] as? Bool == true)
        #expect((start["calibration"] as? String)?.hasPrefix(folder + "/TFG-CALIB-0001.json of ") == true, "named by its full path")
        #expect(start["calibration_notice"] == nil)

        let other = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--duration", "1",
                                         "--calibration", nominal.path.replacingOccurrences(of: "nominal", with: "missing")])
        #expect(other.status == 1 && other.stderr.contains("cannot read the calibration"))
        glove.stop()

        let (unknown, unknownPort) = try BackgroundProcess.virtualGlove(["--serial", "TFG-NOCAL-0002", "--scenario", Fixtures.path("gentle-2m.json")])
        let uncalibrated = try BuiltBinary.run(["live", "--port", unknownPort, "--age-months", "2", "--json", "--duration", "1"],
                                               environment: ["XDG_DATA_HOME": data])
        let refused = try BuiltBinary.run(["live", "--port", unknownPort, "--age-months", "2", "--json", "--duration", "1",
                                           "--calibration", folder + "/TFG-CALIB-0001.json"])
        unknown.stop()
        let notice = try #require(objects(uncalibrated.stdout).first)
        #expect(notice["calibrated"] as? Bool == false)
        #expect((notice["calibration_notice"] as? String)?.contains("no calibration found for glove TFG-NOCAL-0002") == true)
        #expect((notice["calibration_notice"] as? String)?.contains("direction is judged along the leg's line learned from your first strokes") == true,
                "an uncalibrated glove says how its direction verdicts are made")
        #expect(refused.status == 1 && refused.stderr.contains("is for glove TFG-CALIB-0001, not for the connected glove TFG-NOCAL-0002"))
    }

    @Test(arguments: [
        (["live", "--port", "/dev/null", "--age-months", "200"], "--age-months 200.0 is out of range"),
        (["live", "--port", "/dev/null"], "Missing expected argument '--age-months <age-months>'"),
        (["live", "--port", "/dev/null", "--age-months", "2", "--json-samples"], "--json-samples needs --json"),
        (["export", "/nonexistent.tfrec"], "cannot read /nonexistent.tfrec"),
        (["export", "/etc/hostname"], "is not a Tenderfoot recording"),
        (["simulate", "--scenario", "nope"], "no scenario named nope"),
        (["simulate", "--drop-every", "0"], "--drop-every must be 1 or more"),
        (["demo", "--scenario", "/nonexistent.json"], "cannot read scenario /nonexistent.json"),
    ])
    func badInputGetsOneClearLine(arguments: [String], message: String) throws {
        let result = try BuiltBinary.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// Help says what is true, in sentences without stray runs of spaces.
    @Test func helpIsWordedAsTheCommandsBehave() throws {
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let export = try BuiltBinary.run(["export", "--help"])
        let overview = export.stdout.components(separatedBy: "USAGE:")[0]
        #expect(!overview.contains("  ") && words(overview).contains("the warnings that began at it; with --events, one row per event"),
                "\(overview)")
        let sessions = try BuiltBinary.run(["sessions", "--help"])
        #expect(!sessions.stdout.contains("see below") && sessions.stdout.contains("$TENDERFOOT_DATA"))
        let reference = try BuiltBinary.run(["reference", "--help"])
        #expect(words(reference.stdout).contains("for 2 seconds or more in all"), "as the README says: \(reference.stdout)")
    }

    /// A port is checked before anything else: no checklist waits for Enter in front of a port
    /// that is not there; `auto` and `usb:auto` say what they found, not "invalid argument".
    @Test(arguments: [
        (["live", "--port", "/dev/nonexistent", "--age-months", "2"], "Error: no such port: /dev/nonexistent — plug the glove in"),
        (["live", "--port", "usb:auto", "--age-months", "2"], "Error: --port usb:auto found no USB glove (1209:0001) — plug it in"),
        (["dump", "--port", "auto", "--duration", "1"], "Error: --port auto found no glove (USB 1209:0001) — plug it in"),
        (["dump", "--port", "/dev/nonexistent"], "Error: no such port: /dev/nonexistent"),
    ])
    func aPortIsCheckedFirstAndItsErrorSaysWhatWasFound(arguments: [String], message: String) throws {
        let result = try BuiltBinary.run(arguments)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix(message) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("invalid argument"))
        #expect(!result.stdout.contains("Before you start"), "no checklist before the port is known")
    }

    @Test func simulateSpeaksTheProtocolThroughTheProductsSerialPath() throws {
        let (glove, port) = try BackgroundProcess.virtualGlove(["--serial", "TFG-SIM-0007", "--drop-every", "50",
                                                                "--corrupt-every", "70", "--garbage-every", "90"])
        let dump = try BuiltBinary.run(["dump", "--port", port, "--rate", "1000", "--duration", "3.2", "--json"])
        glove.stop()
        let report = try #require(glove.waitForLine { $0.hasPrefix("Stopped.") })
        let numbers = report.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let (intact, dropped, corrupted, garbage) = (numbers[0], numbers[1], numbers[2], numbers[3])
        let events = objects(dump.stdout)
        #expect(events.first?["serial"] as? String == "TFG-SIM-0007")
        #expect(events.first?["model"] as? String == "Virtual Glove")
        let samples = events.filter { $0["type"] as? String == "sample" }
        let statuses = events.filter { $0["type"] as? String == "status" }
        #expect(statuses.count == 3, "one STATUS a second while streaming")
        let counters = try #require(events.last)
        #expect(samples.count == intact, "every sample sent intact was received")
        #expect(intact + dropped + corrupted >= 3000 && intact + dropped + corrupted <= 3300)
        #expect(dropped > 0 && corrupted > 0 && garbage > 0)
        // Exact counts: each damaged frame under its reason and its number as lost, as the spec counts.
        #expect(counters["lost"] as? Int == dropped + corrupted)
        let discarded = ["crc", "cobs", "version", "length", "unknown_type", "overlong"].map { counters[$0] as? Int ?? 0 }.reduce(0, +)
        #expect(discarded == corrupted + garbage)
        #expect((counters["crc"] as? Int ?? 0) >= corrupted)
    }
}
