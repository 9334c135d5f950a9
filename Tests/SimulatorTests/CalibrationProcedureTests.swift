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
    static func calibrate(serial: String, seed: UInt64, glove: GloveVariation = .reference, hand: HandProfile? = nil,
                          leg: DollLeg = .flat) -> (CalibrationProcedure, CalibrationRig, [CalibrationProcedure.Event]) {
        var rig = CalibrationRig(serialNumber: serial, seed: seed, glove: glove, hand: hand, leg: leg)
        let procedure = CalibrationProcedure(rateHz: rate, timetable: rig.timetable)
        var events: [CalibrationProcedure.Event] = []
        let total = Int((rig.strokesStart + rig.timetable.strokesSeconds + 5) * rate)
        for index in 0..<total where procedure.step != .done && procedure.failure == nil {
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
        // The still glove, every weight on every finger, three strokes, the leg axis.
        #expect(events.filter { if case .captured = $0 { true } else { false } }.count == 1 + 5 * 6 + 3 + 1)
        let (profile, summary) = try procedure.result(serial: serial, softwareVersion: "test")
        #expect(summary.filter { !$0.hasPrefix("note: ") }.count == 6)
        // Each finger says what it can measure, and a load it read nothing at is named: only ever
        // one under the parts' break force (0.15 to 0.25 N), and under what the finger measures from.
        for (finger, name) in CalibrationProcedure.fingerNames.enumerated() {
            let line = try #require(summary.first { $0.hasPrefix("\(name): ") })
            let from = try #require(line.range(of: #"measures from (\d+\.\d+) N"#, options: .regularExpression)
                .flatMap { Double(line[$0].dropFirst(14).dropLast(2)) })
            #expect(line.contains(" N, ") && line.contains(" % above "), "residuals in newtons and percent: \(line)")
            for note in summary where note.hasPrefix("note: \(name): the ") {
                let load = try #require(profile.fingers[finger].points.first { note.contains("the \(ForceCurveFit.grams($0.loadGrams)) load") })
                #expect(load.newtons < 0.25 && load.newtons <= from, "\(note)")
            }
        }

        var noise = SplitMix64(seed: seed &* 31)
        var worst = 0.0, worstNominal = 0.0
        for (finger, part) in rig.hardware.fingers.enumerated() {
            var sensor = part
            for newtons in ForceCalibrationAccuracyTests.checkNewtons {
                let counts = ForceCalibrationAccuracyTests.hold(newtons, on: &sensor, noise: &noise)
                let calibrated = profile.fingers[finger].curve.newtons(counts: counts)
                // 5 %, or 0.06 N just above the parts' break force (about 0.2 N), where they turn on steeply.
                #expect(abs(calibrated - newtons) <= max(0.05 * calibrated, 0.06), "\(serial) \(finger) at \(newtons) N: \(calibrated) N")
                guard newtons >= 0.5 else { continue }  // near the break force both read roughly
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

    /// A part that turns on only above 0.21 N reads nothing at 20 g (0.20 N): the summary says
    /// the smallest force it measures, and names the load it could not read.
    @Test func aLoadBelowWhatTheSensorMeasuresIsNamed() throws {
        var sensor = FSRSensorModel(sensitivity: 1, actuationNewtons: 0.35)
        var noise = SplitMix64(seed: 5)
        let tare = ForceCalibrationAccuracyTests.hold(0, on: &sensor, noise: &noise)
        let points = [20.0, 50, 100, 200, 500, 1000].map { grams in
            CalibrationPoint(loadGrams: grams, counts: ForceCalibrationAccuracyTests.hold(grams / 1000 * ForceCurveFit.gravity, on: &sensor, noise: &noise))
        }
        let fit = try ForceCurveFit.fit(finger: "thumb", tareCounts: tare, points: points)
        let lines = CalibrationProcedure.describe("thumb", fit: fit, tareCounts: tare)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.contains("measures from 0.20 N") == true && lines.first?.contains("worst residual 0.196 N") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("note: thumb: the 20 g load (0.20 N) read nothing: it is below the smallest force this sensor measures") == true,
                "\(lines)")
    }

    /// A glove with realistic ADC noise (0.5 to 3 counts RMS), creep and drift: the procedure
    /// finishes by itself with every reading steady.
    @Test(arguments: [0.5, 1.1, 2.0, 3.0])
    func aNoisyGloveCalibrates(noise: Double) throws {
        var glove = GloveVariation()
        glove.noiseCounts = noise
        glove.creep = 0.05
        glove.driftCountsPerMinute = 2
        let (procedure, _, events) = Self.calibrate(serial: "TFG-NOISE-\(Int(noise * 10))", seed: 41, glove: glove)
        #expect(procedure.step == .done, "stopped at \(procedure.step): \(events.suffix(3))")
        #expect(!events.contains { if case .problem = $0 { true } else { false } }, "\(events.filter { if case .problem = $0 { true } else { false } })")
        _ = try procedure.result(serial: "TFG-NOISE", softwareVersion: "test")
    }

    /// A doll whose leg rises 3 cm to the thigh over a knee, stroked by a hand that follows the
    /// contour, tilted, with its IMU 7 cm behind the finger pads, on a noisy glove: the leg axis
    /// comes out right (it came out reversed before the integrator filtered in the axes of
    /// touch-down), and is printed with its spread.
    @Test(arguments: [0.5, 3.0])
    func aSlopingLegsAxisIsFound(noise: Double) throws {
        var glove = GloveVariation()
        glove.noiseCounts = noise
        var hand = HandProfile(seed: 41)
        hand.followsSurface = true
        hand.imuOffsetCm = Vector3(-7, 0, 2)
        hand.pitchDegrees = 6
        let (procedure, rig, events) = Self.calibrate(serial: "TFG-SLOPE-\(Int(noise * 10))", seed: 41, glove: glove, hand: hand,
                                                      leg: DollLeg(riseCm: 3, kneeCm: 1.2))
        #expect(procedure.step == .done, "stopped at \(procedure.step): \(events.suffix(3))")
        #expect(!events.contains { if case .problem = $0 { true } else { false } }, "\(events.filter { if case .problem = $0 { true } else { false } })")
        let (profile, summary) = try procedure.result(serial: "TFG-NOISE", softwareVersion: "test")
        let axis = try #require(profile.motion?.legAxis)
        let truth = rig.trueLegAxis
        let angle = acos(max(-1, min(1, zip(axis, truth).map { $0 * $1 }.reduce(0, +)))) * 180 / .pi
        #expect(angle <= 10, "leg axis \(axis) against \(truth): \(angle)°")
        #expect(summary.last?.contains("3 strokes within") == true, "the axis is printed with its spread: \(summary.last ?? "")")
    }

    /// A glove that never lies still: the user is told within 10 s what is seen and what to do.
    @Test func aGloveThatIsNotStillIsToldSoWithinTenSeconds() {
        let procedure = CalibrationProcedure(rateHz: Self.rate)
        var noise = SplitMix64(seed: 5)
        var problems: [(Double, String)] = []
        for index in 0..<Int(25 * Self.rate) {
            let time = UInt64(Double(index) / Self.rate * 1e6) + 1_000_000
            let shaking = Int16(8192 + 800 * sin(Double(index) / 13))
            let counts = UInt16(200 + 30 * noise.gaussian())
            for event in procedure.feed(Sample(sequence: 0, deviceTimeMicros: time, force: FingerCounts([counts, 200, 200, 200, 200]),
                                               accel: Axes(x: 0, y: 0, z: shaking), gyro: .zero)) {
                if case .problem(let text) = event { problems.append((Double(index) / Self.rate, text)) }
            }
        }
        #expect(procedure.step == .still)
        let first = problems.first
        #expect(first.map { $0.0 <= 10.01 } == true, "\(problems)")
        #expect(first?.1.contains("thumb reading varies by") == true && first?.1.contains("lay the glove flat") == true, "\(first?.1 ?? "")")
        #expect(problems.count == 2, "told again every 10 s, not every sample")
    }

    /// A scripted rig whose strokes never come fails in one line instead of waiting for them.
    @Test func aRigWhoseStrokesNeverComeFailsInOneLine() throws {
        var hand = HandProfile(seed: 3)
        hand.edgeSpeedShare = 0
        let procedure = CalibrationProcedure(rateHz: Self.rate, timetable: CalibrationTimetable(weights: CalibrationProcedure.defaultWeights))
        var rig = CalibrationRig(serialNumber: "TFG-WILD-0001", seed: 3, hand: hand)
        var failed: String?
        let total = Int((rig.strokesStart + rig.timetable.strokesSeconds + 5) * Self.rate)
        for index in 0..<total where failed == nil && procedure.step != .done {
            let time = UInt64(Double(index) / Self.rate * 1e6) + 1_000_000
            var reading = rig.reading(index: UInt64(index), deviceTimeMicros: time)
            // After the weights, nothing touches the leg: the rig's strokes never come.
            if Double(index) / Self.rate >= rig.strokesStart { reading.force = FingerCounts([0, 0, 0, 0, 0]) }
            for event in procedure.feed(Sample(sequence: 0, deviceTimeMicros: time, force: reading.force, accel: reading.accel, gyro: reading.gyro)) {
                if case .failed(let text) = event { failed = text }
            }
        }
        let text = try #require(failed)
        #expect(text.contains("0 of 3 usable") && !text.contains("\n"), "\(text)")
        #expect(throws: CalibrationError.self) { _ = try procedure.result(serial: "TFG-WILD-0001", softwareVersion: "test") }
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
