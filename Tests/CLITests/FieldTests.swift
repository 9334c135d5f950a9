import Foundation
import Testing
import TestSupport

/// The field recordings (Tests/Field/field-v1: practice sessions and calibration-rig runs recorded
/// from an independent glove-and-hand model, with their truth) through the shipped pipeline: each
/// rig run calibrated with `calibrate --from`, every session replayed with those profiles and
/// without, and scored by the set's own scorer, score.py. The targets asserted are the ones
/// Tenderfoot meets today; every figure is printed.
@Suite(.serialized, .enabled(if: ResearchPython.available || ResearchPython.required, "needs .build/python (make test makes it)"))
struct FieldTests {
    static let field = Fixtures.repositoryPath("Tests/Field/field-v1")
    static let rigs = ["G1-real", "G1-flat", "G2-real", "G2-flat"]

    /// The angle between two directions, degrees.
    static func degrees(_ a: [Double], _ b: [Double]) -> Double {
        let dot = zip(a, b).map(*).reduce(0, +)
        let lengths = (a.map { $0 * $0 }.reduce(0, +) * b.map { $0 * $0 }.reduce(0, +)).squareRoot()
        return acos(max(-1, min(1, dot / lengths))) * 180 / .pi
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// Every rig run calibrates, its leg axis within 10° of the rig's horizontal leg axis.
    static func calibrateRigs(into folder: String) throws {
        for rig in rigs {
            let profile = folder + "/rig-\(rig).json"
            let result = try BuiltBinary.run(["calibrate", "--from", field + "/rigs/rig-\(rig).tfrec", "-o", profile])
            print(result.stdout.split(separator: "\n").filter { $0.contains("leg axis") || $0.contains("stroke") }.joined(separator: "\n"))
            #expect(result.status == 0, "rig \(rig) calibrates: \(result.stderr)")
            guard result.status == 0 else { continue }
            let axis = try #require((try json(profile)["motion"] as? [String: Any])?["leg_axis"] as? [Double])
            let truth = try json(field + "/rigs/rig-\(rig).truth.json")["strokes"] as? [[String: Any]] ?? []
            var mean = [0.0, 0.0, 0.0]
            for stroke in truth { for (index, value) in (stroke["leg_axis_glove"] as? [Double] ?? []).enumerated() { mean[index] += value } }
            let off = degrees(axis, mean)
            print(String(format: "rig %@: leg axis %.1f° from the rig's horizontal leg axis", rig, off))
            #expect(off <= 10, "rig \(rig)'s leg axis within 10° of the truth: \(off)°")
        }
    }

    /// score.py's figures for every session, with the profiles in `profiles` (nil: uncalibrated).
    static func score(profiles: String?, into output: String) throws -> [String: Any] {
        var arguments = [field + "/score.py", "--bin", BuiltBinary.url.path, "--brief", "--json", output]
        if let profiles { arguments += ["--profiles", profiles] }
        let result = try BuiltBinary.run(program: ResearchPython.path, arguments, timeout: 900)
        print(result.stdout)
        #expect(result.status == 0, "score.py ran: \(result.stderr.suffix(2000))")
        return try #require(try json(output)["aggregate"] as? [String: Any])
    }

    @Test func theFieldSetIsJudgedAsItHappened() throws {
        let folder = Fixtures.temporary("-field")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.calibrateRigs(into: folder)
        // The sessions were made on the doll whose leg rises, as the "real" rigs' runs were.
        let profiles = folder + "/profiles"
        try FileManager.default.createDirectory(atPath: profiles, withIntermediateDirectories: true)
        for glove in ["G1", "G2"] {
            try FileManager.default.copyItem(atPath: folder + "/rig-\(glove)-real.json", toPath: profiles + "/\(glove).json")
        }
        for (name, calibrated) in [("calibrated", profiles), ("uncalibrated", nil)] as [(String, String?)] {
            let figures = try Self.score(profiles: calibrated, into: folder + "/\(name).json")
            let direction = try #require(figures["direction"] as? [String: Any])
            let length = try #require(direction["length_ratio"] as? [String: Double])
            let speed = try #require(direction["speed_ratio"] as? [String: Double])
            let mistakes = try #require((figures["mistakes"] as? [String: Any])?["by_kind"] as? [String: [String: Any]])
            let alarms = try #require((figures["false_alarms"] as? [String: Any])?["per_10min"] as? Double)
            let overLimit = try #require(figures["overlimit"] as? [String: Any])
            #expect((direction["pct"] as? Double ?? 0) >= 97, "\(name): direction of the reported leg strokes ≥ 97 %")
            #expect(abs(length["median"]! - 1) <= 0.15, "\(name): stroke length's median within 15 % of the truth")
            #expect(length["p10"]! >= 0.7, "\(name): stroke length's 10th percentile ≥ 0.7 of the truth")
            #expect(abs(speed["median"]! - 1) <= 0.2, "\(name): speed's median within 20 % of the truth")
            for kind in ["too_much_force", "wrong_direction", "too_fast", "not_allowed_for_age"] {
                let counts = mistakes[kind] ?? [:]
                #expect(counts["caught"] as? Int == counts["n"] as? Int, "\(name): every \(kind) mistake caught")
            }
            #expect(overLimit["warned"] as? Int == overLimit["episodes"] as? Int, "\(name): every over-limit press warned")
            // Calibrated, each technique is named ≥ 90 % of its time but rubbing and kneading (not
            // yet: issue 27). Uncalibrated, a press's dominant finger is read through the sensors'
            // spread, and pressing is named 85 %.
            let technique = try #require((figures["all@1.5"] as? [String: Any])?["per_class"] as? [String: [String: Double]])
            for named in ["stroking", "vibration", "tapping", "pressing"] where calibrated != nil {
                #expect(technique[named]?["recall"] ?? 0 >= 0.9, "\(name): \(named) recall ≥ 0.90: \(technique[named] ?? [:])")
            }
            #expect(alarms <= (calibrated == nil ? 2 : 1), "\(name): false alarms per 10 minutes of correct practice")
        }
    }
}
