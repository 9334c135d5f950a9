import Foundation
import TenderfootAnalysis
import TenderfootCalibration
import TenderfootRules
import TenderfootSession
import TenderfootWire
@testable import TenderfootSimulator

/// Plays a scenario on a virtual glove straight into the shipped `SampleJudge` (no port: the port
/// paths are tested elsewhere), with the glove calibrated the way `tenderfoot calibrate` would, and keeps
/// the simulator's truth beside what the analysis and the coach said.
struct AnalysisRun {
    struct Truth {
        var micros: UInt64
        var technique: Technique
        var state: HandState
    }
    var truth: [Truth] = []
    var events: [AnalysisEvent] = []
    var warnings: [(RuleWarning, UInt64?)] = []
    var newtons: [FingerNewtons] = []

    /// Per-finger force curves fitted on the rig's default weights, as the calibration does.
    static func calibration(for hardware: GloveHardware) throws -> [FSRCurve] {
        var noise = SplitMix64(seed: 7)
        return try hardware.fingers.enumerated().map { finger, part in
            var sensor = part
            var tare = 0.0
            for _ in 0..<200 { tare += Double(sensor.counts(newtons: 0, dt: 0.002, noise: &noise)) }
            let points = [20.0, 50, 100, 200, 500, 1000].map { grams in
                let newtons = grams / 1000 * ForceCurveFit.gravity
                var sum = 0.0
                for step in 0..<1000 {
                    let reading = sensor.counts(newtons: step < 150 ? newtons * Double(step) / 150 : newtons, dt: 0.002, noise: &noise)
                    if step >= 500 { sum += Double(reading) }
                }
                for _ in 0..<300 { _ = sensor.counts(newtons: 0, dt: 0.002, noise: &noise) }
                return CalibrationPoint(loadGrams: grams, counts: sum / 500)
            }
            return try ForceCurveFit.fit(finger: "\(finger)", tareCounts: tare / 200, points: points).curve
        }
    }

    /// The leg axis in glove axes for a hand held at `yawDegrees`, off by `errorDegrees` (a calibration's error).
    static func legAxis(yawDegrees: Double, errorDegrees: Double) -> Vector {
        let yaw = (yawDegrees + errorDegrees) * .pi / 180
        return Vector(cos(yaw), -sin(yaw), 0)
    }

    /// A run of `scenario`; with `rig`, the glove is calibrated on its rig by the shipped procedure
    /// (weights, then the trainee's strokes on this leg), else by a fit on the rig's weights with
    /// the leg axis known to `axisErrorDegrees`.
    init(scenario: Scenario, serial: String, seed: UInt64, hand: HandProfile? = nil, rateHz: Double = 500,
         ageMonths: Double? = nil, rules: RuleBook = .shipped, calibrated: Bool = true, axisErrorDegrees: Double = 2,
         leg: DollLeg = .flat, glove variation: GloveVariation = .reference, rig: GloveCalibration? = nil) throws {
        var source = ScenarioSource(scenario: scenario, serialNumber: serial, seed: seed, hand: hand, leg: leg, glove: variation)
        let hardware = source.hardware
        let curves = calibrated ? try rig.map(\.fingers) ?? Self.calibration(for: hardware) : Array(repeating: FSRCurve.nominal, count: 5)
        let glove = GloveCalibration(name: "test", isCalibrated: calibrated, fingers: curves, imu: IMUScale())
        var calibration = glove
        if calibrated, let rig {
            calibration.motion = rig.motion
        } else if calibrated {
            let axis = Self.legAxis(yawDegrees: source.player.hand.yawDegrees, errorDegrees: axisErrorDegrees)
            calibration.motion = CalibrationProfile.Motion(gyroBiasDPS: [hardware.gyroBias[0], hardware.gyroBias[1], hardware.gyroBias[2]],
                                                           gravityG: 1, legAxis: [axis.x, axis.y, axis.z])
        }
        let judge = SampleJudge(options: JudgeOptions(ageMonths: ageMonths ?? scenario.ageMonths, rules: rules,
                                                      calibration: calibration, rateHz: rateHz))
        var captured: (UInt64, HandState)?
        source.truth = { micros, _, state in captured = (micros, state) }
        let period = 1e6 / rateHz
        let count = Int((scenario.seconds + 1) * rateHz)
        var events: [AnalysisEvent] = [], warnings: [(RuleWarning, UInt64?)] = []
        func take(_ event: SessionEvent) {
            switch event {
            case .analysis(let analysis): events.append(analysis)
            case .warningStarted(let warning): warnings.append((warning, nil))
            case .warningEnded(let warning, let duration):
                if let index = warnings.lastIndex(where: { $0.0.rule == warning.rule && $0.0.subject == warning.subject && $0.1 == nil }) {
                    warnings[index].1 = duration
                }
            default: break
            }
        }
        for index in 0..<count {
            let micros = 1_000_000 + UInt64(Double(index) * period)
            let reading = source.reading(index: UInt64(index), deviceTimeMicros: micros)
            let sample = Sample(sequence: UInt16(truncatingIfNeeded: index), deviceTimeMicros: micros, force: reading.force,
                                accel: reading.accel, gyro: reading.gyro)
            judge.judge(sample, report: take)
            if let (time, state) = captured { truth.append(Truth(micros: time, technique: state.technique, state: state)) }
            self.newtons.append(judge.newtons)
        }
        judge.finish(report: take)
        self.events = events
        self.warnings = warnings
    }

    /// The technique the analysis gave each sample: the episode covering it, else rest.
    var labels: [Technique] {
        var spans: [(UInt64, UInt64, Technique)] = []
        for event in events {
            if case .episodeEnded(let episode) = event { spans.append((episode.startMicros, episode.endMicros ?? episode.startMicros, episode.technique)) }
        }
        var result: [Technique] = []
        var next = 0
        for sample in truth {
            while next < spans.count && spans[next].1 <= sample.micros { next += 1 }
            result.append(next < spans.count && spans[next].0 <= sample.micros ? spans[next].2 : .rest)
        }
        return result
    }

    var strokes: [Stroke] { events.compactMap { if case .stroke(let s) = $0 { s } else { nil } } }
}
