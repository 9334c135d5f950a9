import Foundation
import TenderfootWire

/// The guided, hands-free calibration: it says what to do, watches the readings, and moves on by
/// itself when a reading has been steady for about a second. Pure logic: feed it samples.
///
/// Steps: the glove lies still (tare, gyroscope bias, gravity); each weight on each fingertip,
/// lightest first, and off again; three strokes of the doll's leg from the foot to the hip (the
/// leg axis). Then `result` fits each finger and builds the profile.
public final class CalibrationProcedure {
    /// The default loads, grams: 20 g to 1 kg (documented in the README).
    public static let defaultWeights: [Double] = [20, 50, 100, 200, 500, 1000]

    public enum Step: Equatable, Sendable {
        case still
        case load(finger: Int, grams: Double)
        case unload(finger: Int, grams: Double)
        case strokes
        case done
    }

    public enum Event: Equatable, Sendable {
        /// What the user should do now.
        case prompt(String)
        /// A reading was taken.
        case captured(String)
        /// Something to fix; the step goes on.
        case problem(String)
        /// The procedure cannot go on (a scripted rig that gave no usable reading): what happened and what to do.
        case failed(String)
    }

    public let weights: [Double]
    public private(set) var step: Step = .still
    private let window: Int
    private let rateHz: Double
    private let strokesNeeded = 3
    private var force: [PlateauDetector]
    private var gyro: [PlateauDetector]
    private var accel: [PlateauDetector]
    private var stepStart: UInt64 = 0
    private var started = false
    private var tare = [Double](repeating: 0, count: 5)
    private var levels = [Double](repeating: 0, count: 5)  // each finger's last captured reading
    private var points: [[CalibrationPoint]] = Array(repeating: [], count: 5)
    private var gyroBias = [0.0, 0.0, 0.0]
    private var gravity = 1.0
    private var legAxis = LegAxisEstimator()
    private var touching = false
    /// Why the procedure stopped, if it could not go on.
    public private(set) var failure: String?
    private let imu: IMUScale
    /// For a scripted rig: readings are taken on this timetable instead of when they turn steady.
    private let timetable: CalibrationTimetable?
    private var firstSample: UInt64?
    private var windowValues: [Double] = []
    private var unsteady: [String] = []
    /// When the user was last told that the glove is not still (device time).
    private var stillWarnedAt: UInt64?
    /// Seconds a step may go without a steady reading before the user is told what is seen.
    public static let patienceSeconds = 10.0
    /// The noise and drift a steady reading may show: 12-bit ADC noise up to 3 counts RMS on a
    /// force channel; an IMU lying still.
    static let forceNoise = 4.0, forceDrift = 3.0
    static let gyroNoise = 1.0, gyroDrift = 0.3
    static let accelNoise = 0.015, accelDrift = 0.01

    /// A hands-free procedure that follows the readings; with `timetable`, one that follows a
    /// scripted rig's clock instead (`calibrate --non-interactive`).
    public init(weights: [Double] = CalibrationProcedure.defaultWeights, rateHz: Double, imu: IMUScale = IMUScale(),
                timetable: CalibrationTimetable? = nil) {
        self.weights = weights.sorted()
        self.rateHz = rateHz
        self.imu = imu
        self.timetable = timetable
        window = max(20, Int(rateHz))  // about one second
        force = Array(repeating: PlateauDetector(window: window), count: 5)
        gyro = Array(repeating: PlateauDetector(window: window), count: 3)
        accel = Array(repeating: PlateauDetector(window: window), count: 3)
    }

    public static let fingerNames = CalibrationProfile.fingerNames

    /// How far along the procedure is, 0...1.
    public var progress: Double {
        let total = Double(2 + 5 * weights.count)
        switch step {
        case .still: return 0
        case .load(let finger, let grams), .unload(let finger, let grams):
            return (1 + Double(finger * weights.count + (weights.firstIndex(of: grams) ?? 0))) / total
        case .strokes: return (total - 1) / total
        case .done: return 1
        }
    }

    /// The first prompt.
    public var firstPrompt: String { prompt(for: .still) }

    func prompt(for step: Step) -> String {
        switch step {
        case .still: return "Lay the glove flat on the table, palm down, and don't touch it."
        case .load(let finger, let grams):
            return "Put the \(ForceCurveFit.grams(grams)) weight on the \(Self.fingerNames[finger]) pad, and let go."
        case .unload(let finger, _): return "Lift the weight off the \(Self.fingerNames[finger]) pad."
        case .strokes: return "Put the glove on, and stroke the doll's leg from the foot to the hip, three times."
        case .done: return "Done."
        }
    }

    private func go(to next: Step, at time: UInt64, _ events: inout [Event]) {
        step = next
        stepStart = time
        stillWarnedAt = nil
        if next == .strokes { legAxis = LegAxisEstimator() }
        for index in force.indices { force[index].reset() }
        events.append(.prompt(prompt(for: next)))
    }

    /// Takes one sample; returns what to tell the user.
    public func feed(_ sample: Sample) -> [Event] {
        var events: [Event] = []
        if !started { started = true; stepStart = sample.deviceTimeMicros; firstSample = sample.deviceTimeMicros }
        for finger in 0..<5 { force[finger].add(Double(sample.force[finger])) }
        let elapsed = Double(sample.deviceTimeMicros - stepStart) / 1e6
        switch step {
        case .still:
            for axis in 0..<3 {
                gyro[axis].add(imu.degreesPerSecond(sample.gyro.array[axis]))
                accel[axis].add(imu.g(sample.accel.array[axis]))
            }
            let tares = force.map { $0.steady(noise: Self.forceNoise, drift: Self.forceDrift) }
            let rates = gyro.map { $0.steady(noise: Self.gyroNoise, drift: Self.gyroDrift) }
            let gs = accel.map { $0.steady(noise: Self.accelNoise, drift: Self.accelDrift) }
            let steady = tares.allSatisfy({ $0 != nil }) && rates.allSatisfy({ $0 != nil }) && gs.allSatisfy({ $0 != nil })
            // A scripted rig lies still for its timetable's first seconds: the reading is taken then, steady or not.
            let rigMovesOn = timetable.map { elapsed >= $0.stillSeconds - 0.1 } ?? false
            if !steady && !rigMovesOn {
                if elapsed >= Self.patienceSeconds,
                   stillWarnedAt.map({ Double(sample.deviceTimeMicros &- $0) / 1e6 >= Self.patienceSeconds }) ?? true {
                    stillWarnedAt = sample.deviceTimeMicros
                    events.append(.problem(notStill(after: elapsed)))
                }
            } else {
                let forces = force.compactMap(\.reading), turns = gyro.compactMap(\.reading), tilts = accel.compactMap(\.reading)
                guard forces.count == 5, turns.count == 3, tilts.count == 3 else { break }
                if !steady { events.append(.problem(notStill(after: elapsed))) }
                tare = forces.map(\.mean)
                levels = tare
                gyroBias = turns.map(\.mean)
                gravity = tilts.map { $0.mean * $0.mean }.reduce(0, +).squareRoot()
                events.append(.captured(String(format: "still: gyroscope bias %.2f, %.2f, %.2f deg/s; gravity %.3f g", gyroBias[0], gyroBias[1], gyroBias[2], gravity)))
                if abs(gravity - 1) > 0.1 {
                    events.append(.problem(String(format: "the accelerometer reads %.2f g at rest instead of 1 g — check that the glove lies still and flat", gravity)))
                }
                go(to: .load(finger: 0, grams: weights[0]), at: sample.deviceTimeMicros, &events)
            }
        case .load where timetable != nil, .unload where timetable != nil:
            followTimetable(sample, &events)
        case .load(let finger, let grams):
            let level = levels[finger]
            guard let reading = force[finger].reading,
                  let mean = force[finger].steady(noise: max(Self.forceNoise, 0.015 * abs(reading.mean)),
                                                  drift: max(Self.forceDrift, 0.01 * abs(reading.mean))) else { break }
            let rose = mean - level > max(8, 0.02 * level)
            if rose || elapsed >= 3 {
                points[finger].append(CalibrationPoint(loadGrams: grams, counts: mean))
                levels[finger] = mean
                events.append(.captured("\(Self.fingerNames[finger]) \(ForceCurveFit.grams(grams)): \(Int(mean.rounded())) counts"))
                go(to: .unload(finger: finger, grams: grams), at: sample.deviceTimeMicros, &events)
            }
        case .unload(let finger, let grams):
            let loaded = levels[finger] - tare[finger]
            guard let mean = force[finger].steady(noise: Self.forceNoise, drift: Self.forceDrift),
                  mean - tare[finger] <= max(10, 0.1 * loaded) else { break }
            levels[finger] = mean
            let index = weights.firstIndex(of: grams)!
            if index + 1 < weights.count {
                go(to: .load(finger: finger, grams: weights[index + 1]), at: sample.deviceTimeMicros, &events)
            } else if finger < 4 {
                go(to: .load(finger: finger + 1, grams: weights[0]), at: sample.deviceTimeMicros, &events)
            } else {
                go(to: .strokes, at: sample.deviceTimeMicros, &events)
            }
        case .strokes:
            // Touching, with hysteresis (on above 0.15 N, off below 0.08 N, as the analysis's
            // ContactTracker) on the nominal curve from this glove's zero: ADC noise at a stroke's
            // edges must not cut it into pieces.
            let newtons = (0..<5).map { finger in
                var curve = FSRCurve.nominal
                curve.tareCounts = tare[finger]
                return curve.newtons(counts: Double(sample.force[finger]))
            }
            touching = touching ? newtons.contains { $0 >= 0.08 } : newtons.contains { $0 > 0.15 }
            let contact = touching
            let seconds = Double(sample.deviceTimeMicros) / 1e6
            let rates = (0..<3).map { imu.degreesPerSecond(sample.gyro.array[$0]) - gyroBias[$0] }
            let accels = sample.accel.array.map { imu.g($0) }
            let outcome = legAxis.add(seconds: seconds, accelG: Vector(accels[0], accels[1], accels[2]),
                                      gyroDPS: Vector(rates[0], rates[1], rates[2]), inContact: contact)
            switch outcome {
            case .accepted?:
                events.append(.captured(String(format: "stroke %d of %d: %.0f cm", legAxis.strokes.count, strokesNeeded,
                                               legAxis.strokes.last?.lengthCm ?? 0)))
                if legAxis.strokes.count == strokesNeeded { judgeStrokes(at: sample.deviceTimeMicros, &events) }
            case .tooShort(let measured)?:
                events.append(.problem(String(format: "that stroke was too short (at least %.0f cm): ", LegAxisEstimator.shortestCm)
                                       + measured.description + " — stroke slowly from the foot all the way to the hip"))
            case .tooLong(let measured)?:
                events.append(.problem(String(format: "that was no stroke along a baby's leg (at most %.0f cm): ", LegAxisEstimator.longestCm)
                                       + measured.description + " — stroke the doll's leg from the foot to the hip, and nothing else"))
            case nil:
                break
            }
            if let timetable, let first = firstSample, step == .strokes,
               Double(sample.deviceTimeMicros &- first) / 1e6 > timetable.strokesStart + timetable.strokesSeconds {
                failure = "the rig's strokes ended with \(legAxis.strokes.count) of \(strokesNeeded) usable — check that the rig strokes the leg from the foot to the hip, at least \(Int(LegAxisEstimator.shortestCm)) cm each"
                events.append(.failed(failure!))
            }
        case .done:
            break
        }
        // A weight that never gives a steady reading: say what is seen, every `patienceSeconds`.
        switch step {
        case .load(let finger, _) where timetable == nil, .unload(let finger, _) where timetable == nil:
            if elapsed >= Self.patienceSeconds,
               stillWarnedAt.map({ Double(sample.deviceTimeMicros &- $0) / 1e6 >= Self.patienceSeconds }) ?? true,
               let reading = force[finger].reading {
                stillWarnedAt = sample.deviceTimeMicros
                events.append(.problem(String(format: "no steady %@ reading after %.0f s: %.0f counts, varying by %.1f RMS, drifting %.1f — keep the weight centred on the pad and don't touch it (r takes the step again)",
                                              Self.fingerNames[finger], elapsed, reading.mean, reading.deviation, reading.drift)))
            }
        default:
            break
        }
        return events
    }

    /// Three strokes taken: their directions must agree, else they are asked for again (or, on a
    /// scripted rig, the procedure fails: the rig strokes the same way every time).
    private func judgeStrokes(at time: UInt64, _ events: inout [Event]) {
        let spread = legAxis.spreadDegrees
        guard legAxis.strokesAgree else {
            let text = String(format: "the %d strokes disagree by up to %.0f° (at most %.0f°)", strokesNeeded, spread,
                              LegAxisEstimator.agreementDegrees)
            if timetable != nil {
                failure = text + " — fix the rig so that it strokes straight from the foot to the hip, then calibrate again"
                events.append(.failed(failure!))
            } else {
                events.append(.problem(text + " — stroke again, three times the same way, from the foot straight up to the hip"))
                legAxis.forgetStrokes()
            }
            return
        }
        if let axis = legAxis.axis {
            events.append(.captured(String(format: "leg axis %.2f, %.2f, %.2f in glove axes, strokes within %.0f°", axis[0], axis[1], axis[2], spread)))
        }
        step = .done
        events.append(.prompt(prompt(for: .done)))
    }

    /// What the still step sees when it is not still: the noisiest force channel and the IMU, and what to do.
    private func notStill(after seconds: Double) -> String {
        let forces = force.compactMap(\.reading)
        let worst = forces.indices.max { forces[$0].deviation < forces[$1].deviation }
        let turning = gyro.compactMap(\.reading).map { abs($0.deviation) }.max() ?? 0
        let forceText = worst.map { String(format: "the %@ reading varies by %.1f counts RMS (drift %.1f)", Self.fingerNames[$0],
                                           forces[$0].deviation, forces[$0].drift) } ?? "no full second of readings yet"
        return String(format: "not steady after %.0f s: %@, the gyroscope by %.2f deg/s — lay the glove flat on a table that does not shake and don't touch it (limits: %.0f counts, %.1f deg/s)",
                      seconds, forceText, turning, Self.forceNoise, Self.gyroNoise)
    }

    /// The rig's clock decides: each reading is the mean of its slot's reading window.
    private func followTimetable(_ sample: Sample, _ events: inout [Event]) {
        guard let timetable, let first = firstSample else { return }
        let t = Double(sample.deviceTimeMicros - first) / 1e6
        guard case .load(let finger, let grams) = step else {
            // Between readings: the next slot's start brings the next prompt.
            if let slot = timetable.slot(at: t), slot.into < timetable.readingWindow.lowerBound {
                go(to: .load(finger: slot.finger, grams: timetable.weights[slot.weight]), at: sample.deviceTimeMicros, &events)
            } else if t >= timetable.strokesStart - 1 {
                go(to: .strokes, at: sample.deviceTimeMicros, &events)
            }
            return
        }
        guard let slot = timetable.slot(at: t) else { return }
        if timetable.readingWindow.contains(slot.into) {
            windowValues.append(Double(sample.force[finger]))
        } else if slot.into > timetable.readingWindow.upperBound, !windowValues.isEmpty {
            let mean = windowValues.reduce(0, +) / Double(windowValues.count)
            let deviation = (windowValues.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(windowValues.count)).squareRoot()
            let half = windowValues.count / 2
            let drift = windowValues.suffix(half).reduce(0, +) / Double(max(1, half))
                - windowValues.prefix(windowValues.count - half).reduce(0, +) / Double(max(1, windowValues.count - half))
            windowValues.removeAll(keepingCapacity: true)
            if deviation > max(Self.forceNoise, 0.02 * mean) || abs(drift) > max(Self.forceDrift, 0.015 * mean) {
                unsteady.append("\(Self.fingerNames[finger]) at \(ForceCurveFit.grams(grams))")
                events.append(.problem("the \(Self.fingerNames[finger]) reading at \(ForceCurveFit.grams(grams)) was not steady"))
            }
            points[finger].append(CalibrationPoint(loadGrams: grams, counts: mean))
            levels[finger] = mean
            events.append(.captured("\(Self.fingerNames[finger]) \(ForceCurveFit.grams(grams)): \(Int(mean.rounded())) counts"))
            step = .unload(finger: finger, grams: grams)
        }
    }

    /// Goes back to the previous weight (or the still step), to take it again.
    public func redo(at time: UInt64) -> [Event] {
        var events: [Event] = []
        switch step {
        case .load(let finger, let grams), .unload(let finger, let grams):
            let index = weights.firstIndex(of: grams)!
            if case .unload = step {
                points[finger].removeLast()
                go(to: .load(finger: finger, grams: grams), at: time, &events)
            } else if index > 0 {
                points[finger].removeLast()
                go(to: .load(finger: finger, grams: weights[index - 1]), at: time, &events)
            } else if finger > 0 {
                points[finger - 1].removeLast()
                go(to: .load(finger: finger - 1, grams: weights.last!), at: time, &events)
            } else {
                go(to: .still, at: time, &events)
            }
            levels[finger] = tare[finger]
        case .strokes:
            legAxis.forgetStrokes()
            go(to: .strokes, at: time, &events)
        case .still, .done:
            break
        }
        return events
    }

    /// The fitted profile and a summary line per finger; refuses bad data with what to fix.
    public func result(serial: String, softwareVersion: String) throws(CalibrationError) -> (profile: CalibrationProfile, summary: [String]) {
        if let failure { throw CalibrationError(failure) }
        if let first = unsteady.first {
            throw CalibrationError("the reading of the \(first) was not steady (\(unsteady.count) in all) — keep the rig and the weights still, then calibrate again")
        }
        var fingers: [CalibrationProfile.Finger] = []
        var summary: [String] = []
        for finger in 0..<5 {
            let fit = try ForceCurveFit.fit(finger: Self.fingerNames[finger], tareCounts: tare[finger], points: points[finger])
            fingers.append(.init(finger: Self.fingerNames[finger], curve: fit.curve, points: fit.points))
            summary += Self.describe(Self.fingerNames[finger], fit: fit, tareCounts: tare[finger])
        }
        let axis = legAxis.strokesAgree ? legAxis.axis : nil
        if let axis {
            summary.append(String(format: "leg axis in glove axes: %.2f, %.2f, %.2f (%d strokes within %.0f°)", axis[0], axis[1], axis[2],
                                  legAxis.strokes.count, legAxis.spreadDegrees))
        }
        let profile = CalibrationProfile(serial: serial, softwareVersion: softwareVersion, fingers: fingers,
                                         motion: .init(gyroBiasDPS: gyroBias, gravityG: gravity, legAxis: axis))
        return (profile, summary)
    }
    /// A finger's line of the summary: its curve, the smallest force it measures, its worst
    /// residual in newtons and in percent, and a note for each load it read nothing at.
    public static func describe(_ name: String, fit: (curve: FSRCurve, points: [CalibrationPoint]), tareCounts tare: Double) -> [String] {
        // What the sensor can measure: nothing at a load that read no more than its noise
        // floor, and nothing below the curve's own reading at that floor.
        let unread = fit.points.filter { $0.counts - tare <= fit.curve.noiseFloorCounts }
        let smallest = max(fit.curve.newtons(counts: tare + fit.curve.noiseFloorCounts + 1), unread.map(\.newtons).max() ?? 0)
        let worstPercent = fit.points.compactMap { point -> Double? in
            guard let residual = point.residualNewtons, point.newtons > smallest else { return nil }
            return abs(residual) / point.newtons * 100
        }.max() ?? 0
        let worstNewtons = fit.points.compactMap { $0.residualNewtons.map(abs) }.max() ?? 0
        var lines = [String(format: "%@: %.1f µS/N^%.2f above %.2f N, tare %.0f counts; measures from %.2f N; "
                            + "worst residual %.3f N, %.1f %% above %.2f N (%@)",
                            name, fit.curve.siemensPerNewton * 1e6, fit.curve.exponent, fit.curve.activationNewtons, tare,
                            smallest, worstNewtons, worstPercent, smallest,
                            fit.points.map { p in String(format: "%@ %+.3f N", ForceCurveFit.grams(p.loadGrams), p.residualNewtons ?? 0) }.joined(separator: ", "))]
        for point in unread {
            lines.append(String(format: "note: %@: the %@ load (%.2f N) read nothing: it is below the smallest force this sensor "
                                + "measures (%.2f N), so touches as light read as no touch — use heavier weights to calibrate",
                                name, ForceCurveFit.grams(point.loadGrams), point.newtons, smallest))
        }
        return lines
    }
}
