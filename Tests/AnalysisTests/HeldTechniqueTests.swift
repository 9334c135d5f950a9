import Foundation
import Testing
import TenderfootAnalysis
import TenderfootCalibration
import TenderfootWire

/// Vibration and rubbing show only while the hand is held on (the force's swing, the hand's
/// circles). People re-grip during them: the hand lifts for a second and lands again, and in the
/// air, and early in the next touch, nothing says another technique has begun. Recorded field
/// practice lost a third of its vibration to "stroking" at every re-grip.
@Suite struct HeldTechniqueTests {
    /// A hand on the doll with three fingers, or in the air; palm down, still.
    struct Moment {
        var newtons: Double
        var swingHz: Double = 0
    }

    /// The techniques the analyzer started, in order, over `script` (seconds → moment) at 500 Hz,
    /// from the first vibration on (a session's first touch reads as a glide until its swing shows).
    static func episodes(seconds: Double, _ script: (Double) -> Moment?) -> [Technique] {
        var analyzer = TechniqueAnalyzer(imu: IMUScale(), motion: MotionSetup(gyroBiasDPS: .zero))
        var started: [Technique] = []
        let rate = 500.0
        for index in 0..<Int(seconds * rate) {
            let t = Double(index) / rate
            var newtons = FingerNewtons.zero
            if let moment = script(t) {
                let swing = moment.swingHz > 0 ? 1 + 0.3 * sin(2 * .pi * moment.swingHz * t) : 1
                for finger in 1...3 { newtons[finger] = moment.newtons * swing }
            }
            let sample = Sample(sequence: UInt16(truncatingIfNeeded: index), deviceTimeMicros: UInt64(1_000_000 + t * 1e6),
                                force: FingerCounts(thumb: 0, index: 0, middle: 0, ring: 0, little: 0),
                                accel: Axes(x: 0, y: 0, z: 8192), gyro: .zero)
            analyzer.add(sample, newtons: newtons) { event in
                if case .episodeStarted(let episode) = event { started.append(episode.technique) }
            }
        }
        return Array(started.drop { $0 != .vibration })
    }

    /// Vibration, a one-second re-grip, vibration again: one vibration episode.
    @Test func aReGripInsideVibrationKeepsIt() {
        let started = Self.episodes(seconds: 9) { t in
            switch t {
            case 0.5..<3.5, 4.5..<7.5: Moment(newtons: 1, swingHz: 10)
            default: nil
            }
        }
        #expect(started == [.vibration], "\(started)")
    }

    /// After vibration, a touch held still without a swing, as long as vibration takes to show,
    /// is what is left (stroking): the hold lasts only while nothing could be shown.
    @Test func aTouchThatCouldShowVibrationAndDoesNotEndsIt() {
        let started = Self.episodes(seconds: 9) { t in
            switch t {
            case 0.5..<3.5: Moment(newtons: 1, swingHz: 10)
            case 4.5..<7.5: Moment(newtons: 1)
            default: nil
            }
        }
        #expect(started == [.vibration, .stroking], "\(started)")
    }
}
