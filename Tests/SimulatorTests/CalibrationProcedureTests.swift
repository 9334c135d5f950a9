import Foundation
import Testing
import TenderfootCalibration
import TenderfootWire
@testable import TenderfootSimulator

/// The whole guided procedure, fed by the virtual calibration rig sample by sample (no waiting on
/// the clock), on gloves with different spreads: it must finish by itself, fit every finger
/// within 5 % (or 0.05 N) on loads not used in the fit, and find the leg axis within 10°.
@Suite struct CalibrationProcedureTests {
    static let rate = 500.0

    /// Runs the rig into the procedure until it is done; returns the procedure and the rig.
    static func calibrate(serial: String, seed: UInt64) -> (CalibrationProcedure, CalibrationRig, [CalibrationProcedure.Event]) {
        var rig = CalibrationRig(serialNumber: serial, seed: seed)
        let procedure = CalibrationProcedure(rateHz: rate, timetable: rig.timetable)
        var events: [CalibrationProcedure.Event] = []
        let total = Int((rig.strokesStart + 20) * rate)
        for index in 0..<total where procedure.step != .done {
            let time = UInt64(Double(index) / rate * 1e6) + 1_000_000
            let reading = rig.reading(index: UInt64(index), deviceTimeMicros: time)
            let new = procedure.feed(Sample(sequence: UInt16(truncatingIfNeeded: index), deviceTimeMicros: time,
                                            force: reading.force, accel: reading.accel, gyro: reading.gyro))
            events += new
        }
        return (procedure, rig, events)
    }

    @Test(arguments: [("TFG-RIG-0001", 1), ("TFG-RIG-0002", 2), ("TFG-RIG-0003", 3), ("TFG-RIG-0004", 4), ("TFG-RIG-0005", 5), ("TFG-RIG-0006", 6)] as [(String, UInt64)])
    func aVirtualGloveOnTheRigCalibratesWithinTheAccuracyTargets(serial: String, seed: UInt64) throws {
        let (procedure, rig, events) = Self.calibrate(serial: serial, seed: seed)
        #expect(procedure.step == .done, "stopped at \(procedure.step)")
        #expect(events.dropFirst().first == .prompt("Put the 20 g weight on the thumb pad, and let go."))
        #expect(events.filter { if case .captured = $0 { true } else { false } }.count == 1 + 5 * 6 + 3)
        let (profile, summary) = try procedure.result(serial: serial, softwareVersion: "test")
        #expect(summary.count == 6)

        var noise = SplitMix64(seed: seed &* 31)
        var worst = 0.0, worstNominal = 0.0
        for (finger, part) in rig.hardware.fingers.enumerated() {
            var sensor = part
            for newtons in ForceCalibrationAccuracyTests.checkNewtons {
                let counts = ForceCalibrationAccuracyTests.hold(newtons, on: &sensor, noise: &noise)
                let calibrated = profile.fingers[finger].curve.newtons(counts: counts)
                #expect(abs(calibrated - newtons) <= max(0.05 * calibrated, 0.05), "\(serial) \(finger) at \(newtons) N: \(calibrated) N")
                worst = max(worst, abs(calibrated - newtons) / newtons)
                worstNominal = max(worstNominal, abs(FSRCurve.nominal.newtons(counts: counts) - newtons) / newtons)
            }
        }
        #expect(worstNominal > 2 * worst)
        let axis = try #require(profile.motion?.legAxis)
        let truth = rig.trueLegAxis
        let angle = acos(max(-1, min(1, zip(axis, truth).map { $0 * $1 }.reduce(0, +)))) * 180 / .pi
        #expect(angle <= 10, "leg axis \(axis) against \(truth): \(angle)°")
        let bias = try #require(profile.motion?.gyroBiasDPS)
        for axisIndex in 0..<3 { #expect(abs(bias[axisIndex] - rig.hardware.gyroBias[axisIndex]) < 0.05) }
        #expect(abs((profile.motion?.gravityG ?? 0) - 1) < 0.01)
    }

    /// Hands-free: readings move the procedure on by themselves, and redo goes back a step.
    @Test func handsFreeStepsFollowTheReadingsAndRedoGoesBack() {
        let procedure = CalibrationProcedure(weights: [50, 100, 200, 500], rateHz: Self.rate)
        var time: UInt64 = 0
        func hold(thumb counts: UInt16, seconds: Double) -> [CalibrationProcedure.Event] {
            var events: [CalibrationProcedure.Event] = []
            for _ in 0..<Int(seconds * Self.rate) {
                time += 2000
                events += procedure.feed(Sample(sequence: 0, deviceTimeMicros: time, force: FingerCounts([counts, 1, 1, 1, 1]),
                                                accel: Axes(x: 0, y: 0, z: 8192), gyro: .zero))
            }
            return events
        }
        #expect(hold(thumb: 1, seconds: 1.2).contains(.prompt("Put the 50 g weight on the thumb pad, and let go.")))
        #expect(hold(thumb: 500, seconds: 1.2).contains(.captured("thumb 50 g: 500 counts")))
        #expect(hold(thumb: 1, seconds: 1.2).contains(.prompt("Put the 100 g weight on the thumb pad, and let go.")))
        #expect(hold(thumb: 900, seconds: 1.2).contains(.captured("thumb 100 g: 900 counts")))
        _ = hold(thumb: 1, seconds: 1.2)
        #expect(procedure.step == .load(finger: 0, grams: 200))
        #expect(procedure.redo(at: time) == [.prompt("Put the 100 g weight on the thumb pad, and let go.")])
        #expect(procedure.step == .load(finger: 0, grams: 100))
        #expect(hold(thumb: 910, seconds: 1.2).contains(.captured("thumb 100 g: 910 counts")))
    }
}
