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
