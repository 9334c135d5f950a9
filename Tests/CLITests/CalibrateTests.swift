import Foundation
import Testing
import TestSupport

/// A new user calibrates a virtual glove with one command: `simulate --rig` plays the weights and
/// strokes, `calibrate --non-interactive` follows, saves the profile, and `live` then uses it.
@Suite(.serialized) struct CalibrateTests {
    @Test func aVirtualGloveCalibratesEndToEndOverAPty() throws {
        let data = Fixtures.temporary("-data")
        let (rig, port) = try BackgroundProcess.virtualGlove(["--rig", "--serial", "TFG-E2E-0001", "--weights", "50,100,200,500"])
        let calibrate = try BuiltBinary.run(["calibrate", "--port", port, "--non-interactive", "--weights", "50,100,200,500"],
                                            environment: ["XDG_DATA_HOME": data])
        rig.stop()
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        let lines = calibrate.lines
        #expect(lines.contains { $0.hasSuffix("Lay the glove flat on the table, palm down, and don't touch it.") })
        // The still glove, each weight on each finger, three strokes, and the leg axis they agree on.
        #expect(lines.filter { $0.hasPrefix("   ok: ") }.count == 1 + 5 * 4 + 3 + 1)
        #expect(lines.contains { $0.hasPrefix("   ok: leg axis") && $0.contains("strokes within") })
        #expect(lines.contains { $0.contains("leg axis in glove axes:") && $0.contains("3 strokes within") }, "the axis with its spread")
        #expect(lines.contains { $0.contains("Put the 500 g weight on the little pad") })
        #expect(lines.filter { $0.hasPrefix("  ") && $0.contains("worst residual") }.count == 5)
        let profile = data + "/tenderfoot/calibration/TFG-E2E-0001.json"
        #expect(FileManager.default.fileExists(atPath: profile))
        #expect(try FileManager.default.attributesOfItem(atPath: profile)[.posixPermissions] as? Int == 0o600, "the owner's only")
        #expect(try FileManager.default.attributesOfItem(atPath: data + "/tenderfoot/calibration")[.posixPermissions] as? Int == 0o700)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: profile))) as? [String: Any])
        #expect(object["serial"] as? String == "TFG-E2E-0001")
        #expect(((object["motion"] as? [String: Any])?["leg_axis"] as? [Double])?.count == 3)

        // The same glove in practice: live finds the profile by serial and says it is calibrated.
        let (glove, practice) = try BackgroundProcess.virtualGlove(["--serial", "TFG-E2E-0001", "--scenario", Fixtures.path("gentle-2m.json")])
        let live = try BuiltBinary.run(["live", "--port", practice, "--age-months", "2", "--json", "--duration", "1"],
                                       environment: ["XDG_DATA_HOME": data])
        glove.stop()
        let start = try #require(try JSONSerialization.jsonObject(with: Data((live.lines.first ?? "").utf8)) as? [String: Any])
        #expect(start["calibrated"] as? Bool == true)
        #expect((start["calibration"] as? String)?.hasPrefix(profile + " of ") == true, "the full path: \(start)")
    }

    @Test(arguments: [
        (["calibrate", "--port", "/dev/null", "--weights", "50,100,200"], "--weights needs at least four loads"),
        (["calibrate", "--port", "/dev/null", "--weights", "50,x,200,500"], "--weights must be loads in grams"),
        (["calibrate", "--port", "/dev/ttyACM97"], "no such port"),
    ])
    func badCalibrationInvocationsSayWhatToDo(arguments: [String], message: String) throws {
        let result = try BuiltBinary.run(arguments)
        #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
    }
}

/// A rig's run recorded once is calibrated again from the file (`calibrate --from`), the same way
/// every time, and a recording is judged by a profile made after it (`--calibration`).
@Suite struct CalibrateFromRecordingTests {
    static let rigs = Fixtures.repositoryPath("Tests/Field/field-v1/rigs")
    static let sessions = Fixtures.repositoryPath("Tests/Field/field-v1/sessions")

    /// The profile at `path` without the time it was made.
    static func profile(_ path: String) throws -> NSDictionary {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        return object.filter { $0.key != "created" } as NSDictionary
    }

    @Test func aRigRecordingCalibratesTheSameEveryTime() throws {
        let first = Fixtures.temporary("-G1.json"), second = Fixtures.temporary("-G1.json")
        for output in [first, second] {
            let result = try BuiltBinary.run(["calibrate", "--from", Self.rigs + "/rig-G1-flat.tfrec", "-o", output])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("leg axis in glove axes:") && result.stdout.contains("3 strokes within"))
        }
        #expect(try Self.profile(first) == Self.profile(second), "the same readings, the same profile")
        #expect(try (Self.profile(first)["serial"] as? String) == "HND-G1-7A31")

        // A session recorded uncalibrated, judged by the glove's profile made since.
        let replay = try BuiltBinary.run(["replay", Self.sessions + "/F01.tfrec", "--fast", "--json", "--calibration", first])
        #expect(replay.status == 0, "\(replay.stderr)")
        let start = try #require(try JSONSerialization.jsonObject(with: Data((replay.lines.first ?? "").utf8)) as? [String: Any])
        #expect(start["calibrated"] as? Bool == true)
        #expect((start["calibration"] as? String)?.contains(URL(fileURLWithPath: first).lastPathComponent) == true, "\(start)")
        #expect(replay.lines.contains { $0.contains("\"leg_axis\":\"calibrated\"") })

        // The report and the export by it too, each readable by its owner only (they name the trainee).
        let page = Fixtures.temporary(".html"), rows = Fixtures.temporary(".csv")
        #expect(try BuiltBinary.run(["report", Self.sessions + "/F01.tfrec", "-o", page, "--calibration", first]).status == 0)
        let export = try BuiltBinary.run(["export", Self.sessions + "/F01.tfrec", "--events", "-o", rows, "--calibration", first])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try String(contentsOfFile: rows, encoding: .utf8).contains("# calibrated: true"))
        for file in [page, rows] {
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600, "\(file) is the owner's only")
        }

        // Another glove's profile is refused in one line, by report and export too.
        let other = Fixtures.temporary("-G2.json")
        #expect(try BuiltBinary.run(["calibrate", "--from", Self.rigs + "/rig-G2-flat.tfrec", "-o", other]).status == 0)
        for command in [["replay", Self.sessions + "/F01.tfrec", "--fast", "--json"], ["export", Self.sessions + "/F01.tfrec", "--events"],
                        ["report", Self.sessions + "/F01.tfrec", "-o", Fixtures.temporary(".html")]] {
            let refused = try BuiltBinary.run(command + ["--calibration", other])
            #expect(refused.status == 1 && refused.stderr.contains("is for glove HND-G2-40C7, not for the connected glove HND-G1-7A31"),
                    "\(command[0]): \(refused.stderr)")
        }
    }

    @Test func aRigRunCutShortSaysSo() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.rigs + "/rig-G1-flat.tfrec"))
        let cut = Fixtures.temporary("-cut.tfrec")
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: cut))
        let result = try BuiltBinary.run(["calibrate", "--from", cut, "-o", Fixtures.temporary(".json")])
        #expect(result.status == 1 && result.stderr.contains("ended before the calibration did"), "\(result.stderr)")
    }

    @Test(arguments: [
        (["calibrate", "--from", Fixtures.repositoryPath("Tests/Field/field-v1/sessions/F01.tfrec"), "-o", Fixtures.temporary(".json")],
         "the rig's strokes ended with 0 of 3 usable"),
        (["calibrate", "--from", Fixtures.repositoryPath("Tests/Field/field-v1/rigs/rig-G1-flat.tfrec"),
          "-o", Fixtures.repositoryPath("Tests/Field/field-v1/README.md")], "already exists — give --force to replace it"),
        (["calibrate", "--from", Fixtures.repositoryPath("Tests/Field/field-v1/rigs/rig-G1-flat.tfrec"), "-o", "/nonexistent/G1.json"],
         "-o: the folder /nonexistent does not exist"),
        (["calibrate"], "give --port (a glove) or --from (a rig's recording)"),
        (["calibrate", "--port", "/dev/null", "--from", "x.tfrec"], "give --port or --from, not both"),
        (["calibrate", "--from", "/nonexistent/rig.tfrec"], "/nonexistent/rig.tfrec"),
    ])
    func aRecordingThatIsNoRigRunIsRefused(arguments: [String], message: String) throws {
        let result = try BuiltBinary.run(arguments)
        #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
    }
}
