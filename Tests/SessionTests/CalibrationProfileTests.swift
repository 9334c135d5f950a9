import Foundation
import Testing
import TestSupport
import TenderfootCalibration

@Suite struct CalibrationProfileTests {
    func profile(serial: String = "TFG-PROF-0001", created: Date = Date()) -> CalibrationProfile {
        let fingers = CalibrationProfile.fingerNames.enumerated().map { index, name in
            CalibrationProfile.Finger(finger: name, curve: FSRCurve(siemensPerNewton: 4e-5 + Double(index) * 1e-6,
                                                                    activationNewtons: 0.15, exponent: 1.02, tareCounts: 3),
                                      points: [CalibrationPoint(loadGrams: 100, counts: 180)])
        }
        return CalibrationProfile(serial: serial, created: created, softwareVersion: "test", fingers: fingers,
                                  motion: .init(gyroBiasDPS: [0.1, -0.2, 0.3], gravityG: 1.002, legAxis: [1, 0, 0]))
    }

    @Test func aSavedProfileLoadsBackTheSame() throws {
        let path = Fixtures.temporary(".json")
        let original = profile()
        try original.save(path)
        let loaded = try CalibrationProfile.load(path, expectingSerial: "TFG-PROF-0001")
        #expect(loaded == original)
        let calibration = loaded.calibration(named: "x", imu: IMUScale())
        #expect(calibration.isCalibrated && calibration.fingers[4].siemensPerNewton == original.fingers[4].curve.siemensPerNewton)
    }

    @Test func theRepositorysNominalProfileIsTheNominalCurve() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Calibration/nominal.json").path
        let nominal = try CalibrationProfile.load(path, expectingSerial: "ANY-GLOVE")
        #expect(nominal.serial == "*")
        #expect(nominal.fingers.allSatisfy { $0.curve == FSRCurve.nominal })
        #expect(!nominal.calibration(named: "nominal", imu: IMUScale()).isCalibrated)
    }

    @Test func aProfileThatDoesNotFitIsRefusedWhole() throws {
        let path = Fixtures.temporary(".json")
        try profile().save(path)
        #expect { _ = try CalibrationProfile.load(path, expectingSerial: "TFG-OTHER-0002") } throws: {
            "\($0)".contains("is for glove TFG-PROF-0001, not for the connected glove TFG-OTHER-0002")
        }
        func rewritten(_ edit: (inout [String: Any]) -> Void) throws -> String {
            var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            edit(&object)
            let changed = Fixtures.temporary(".json")
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: changed))
            return changed
        }
        let newer = try rewritten { $0["version"] = 2 }
        #expect { _ = try CalibrationProfile.load(newer) } throws: { "\($0)".contains("update Tenderfoot") }
        let fourFingers = try rewritten { $0["fingers"] = ($0["fingers"] as! [Any]).dropLast().map { $0 } }
        #expect { _ = try CalibrationProfile.load(fourFingers) } throws: { "\($0)".contains("five fingers") }
        let impossible = try rewritten { object in
            var fingers = object["fingers"] as! [[String: Any]]
            var curve = fingers[2]["curve"] as! [String: Any]
            curve["siemens_per_newton"] = -1
            fingers[2]["curve"] = curve
            object["fingers"] = fingers
        }
        #expect { _ = try CalibrationProfile.load(impossible) } throws: { "\($0)".contains("impossible curve for the middle") }
        // A serial of 50 MB: refused by its size, in a short line; one of 200 KB is shown cut.
        let huge = try rewritten { $0["serial"] = String(repeating: "S", count: 50 << 20) }
        #expect { _ = try CalibrationProfile.load(huge, expectingSerial: "TFG-PROF-0001") } throws: {
            "\($0)".contains("far more than a calibration (a few KB)") && "\($0)".count < 300
        }
        let long = try rewritten { $0["serial"] = String(repeating: "S", count: 200 << 10) }
        #expect { _ = try CalibrationProfile.load(long, expectingSerial: "TFG-PROF-0001") } throws: {
            "\($0)".contains("is for glove \(String(repeating: "S", count: 64))…, not for the connected glove") && "\($0)".count < 400
        }
        let damaged = Fixtures.temporary(".json")
        try Data("{\"format\":".utf8).write(to: URL(fileURLWithPath: damaged))
        #expect { _ = try CalibrationProfile.load(damaged) } throws: { "\($0)".contains("damaged or not a calibration file") }
    }

    @Test func theStoreFindsAGlovesProfileAndSaysWhenItIsOldOrMissing() throws {
        let user = Fixtures.temporary("-user"), repository = Fixtures.temporary("-repo")
        let store = CalibrationStore(folders: [user, repository])
        #expect(store.existingPath(forSerial: "TFG-PROF-0001") == nil)
        let missing = try CalibrationChoice.choose(serial: "TFG-PROF-0001", override: nil, store: store, maxAgeDays: 30, imu: IMUScale())
        #expect(!missing.calibration.isCalibrated && missing.notice?.contains("no calibration found") == true)

        try profile(created: Date().addingTimeInterval(-40 * 86_400)).save(repository + "/TFG-PROF-0001.json")
        let old = try CalibrationChoice.choose(serial: "TFG-PROF-0001", override: nil, store: store, maxAgeDays: 30, imu: IMUScale())
        #expect(old.calibration.isCalibrated && old.notice?.contains("40 days old") == true)

        try profile().save(store.path(forSerial: "TFG-PROF-0001"))  // the user's own, newer, comes first
        let fresh = try CalibrationChoice.choose(serial: "TFG-PROF-0001", override: nil, store: store, maxAgeDays: 30, imu: IMUScale())
        #expect(fresh.notice == nil && fresh.calibration.name.hasPrefix(store.path(forSerial: "TFG-PROF-0001") + " of "),
                "named by its full path: \(fresh.calibration.name)")
    }
}
