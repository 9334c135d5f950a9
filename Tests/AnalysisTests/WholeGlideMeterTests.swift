import Foundation
import Testing
import TenderfootCalibration

/// Strokes measured over their whole movement, on a hand whose truth is known exactly: minimum-jerk
/// glides up the leg that touch down and lift off at a share of their peak speed, each followed by
/// a return through the air, read by an accelerometer at 500 Hz whose gravity is tilted and biased
/// and by a gyroscope whose bias the meter is not told.
@Suite struct WholeGlideMeterTests {
    /// Minimum-jerk progress 0...1 over 0...1.
    static func smooth(_ u: Double) -> Double {
        let x = max(0, min(1, u))
        return x * x * x * (10 - 15 * x + 6 * x * x)
    }

    /// The glide fraction at which a minimum-jerk glide moves at `share` of its peak speed.
    static func edge(_ share: Double) -> Double {
        (1 - (1 - share.squareRoot()).squareRoot()) / 2
    }

    struct Train {
        var lengthCm = 12.0
        var glideSeconds = 3.0
        var edgeShare = 0.2
        var returnSeconds = 1.0
        var pauseSeconds = 0.2
        var strokes = 4
        var tiltDegrees = 0.0
        var tremorCm = 0.0

        var cycle: Double { glideSeconds + returnSeconds + 2 * pauseSeconds }
        /// Where the hand is along the leg, and whether it touches, at `t`.
        func state(_ t: Double) -> (position: Double, touching: Bool) {
            let start = 1.0
            guard t >= start, t < start + Double(strokes) * cycle else { return (0, false) }
            let local = (t - start).truncatingRemainder(dividingBy: cycle)
            let g = WholeGlideMeterTests.edge(edgeShare)
            let tremor = tremorCm * sin(2 * .pi * 7.3 * t)
            if local < glideSeconds {
                let u = local / glideSeconds
                return (lengthCm * WholeGlideMeterTests.smooth(u) + tremor, u >= g && u < 1 - g)
            }
            let back = (local - glideSeconds - pauseSeconds) / returnSeconds
            return (lengthCm * (1 - WholeGlideMeterTests.smooth(back)) + tremor, false)
        }
        /// The true length between touch-down and lift-off.
        var contactLengthCm: Double {
            let g = WholeGlideMeterTests.edge(edgeShare)
            return lengthCm * (WholeGlideMeterTests.smooth(1 - g) - WholeGlideMeterTests.smooth(g))
        }
    }

    /// Every measurement the meter gives of `train`, the leg along glove +x.
    static func measure(_ train: Train, gyroBias: Vector = .zero) -> [GlideMeasurement] {
        var meter = WholeGlideMeter()
        let tilt = train.tiltDegrees * .pi / 180
        let gravity = Vector(sin(tilt), 0, cos(tilt))
        let dt = 0.002, h = 0.001
        var measured: [GlideMeasurement] = []
        var t = 0.0
        while t < 2 + Double(train.strokes) * train.cycle + 3 {
            let accel = (train.state(t + h).position + train.state(t - h).position - 2 * train.state(t).position) / (h * h)
            if let glide = meter.add(accelG: Vector(accel / 980.665, 0, 0) + gravity, omega: gyroBias, dt: dt,
                                     micros: UInt64(t * 1e6), inContact: train.state(t).touching) {
                measured.append(glide)
            }
            t += dt
        }
        if let last = meter.flush() { measured.append(last) }
        return measured
    }

    @Test(arguments: [0.0, 0.1, 0.3])
    func aHandThatLandsAndLiftsWhileMovingIsMeasuredWhole(edgeShare: Double) {
        let train = Train(edgeShare: edgeShare)
        let measured = Self.measure(train)
        #expect(measured.count == train.strokes)
        // The strokes inside the train (air time either side).
        for glide in measured.dropFirst().dropLast() {
            let ratio = glide.displacementCm(levelSurface: true).length / train.contactLengthCm
            #expect(abs(ratio - 1) < 0.1, "landing at \(edgeShare) of the peak speed: \(ratio)x the length")
            #expect(glide.displacementCm(levelSurface: true).x > 0, "up the leg")
        }
    }

    @Test func gravityMisjudgedAndATremorFallOut() {
        let train = Train(tiltDegrees: 3, tremorCm: 0.3)
        for glide in Self.measure(train).dropFirst().dropLast() {
            let ratio = glide.displacementCm(levelSurface: true).length / train.contactLengthCm
            #expect(abs(ratio - 1) < 0.12, "\(ratio)x")
        }
    }

    @Test func aFastStrokeReadsFast() {
        // 10 cm in 0.6 s of glide: about 25 cm/s in contact, 2.5 times a 10 cm/s limit.
        let train = Train(lengthCm: 10, glideSeconds: 0.6, edgeShare: 0.2, returnSeconds: 1.0)
        let truth = train.contactLengthCm / (train.glideSeconds * (1 - 2 * Self.edge(0.2)))
        for glide in Self.measure(train).dropFirst().dropLast() {
            #expect(abs(glide.speedCmSAlong / truth - 1) < 0.15, "\(glide.speedCmSAlong) cm/s for \(truth)")
        }
    }

    @Test func aSingleStrokeIsMeasuredOverItsGlidesReach() {
        // One stroke, then nothing: an edge both sides, the span as far as a glide touched at 30 %
        // of its peak speed reaches into the air (0.16 of it), the hand still at both ends.
        let train = Train(edgeShare: 0.3, strokes: 1)
        let measured = Self.measure(train)
        #expect(measured.count == 1)
        guard let glide = measured.first else { return }
        let reach = 0.16 / (1 - 2 * 0.16) * glide.seconds
        #expect(abs(glide.secondsAfter - reach) <= 0.02 && abs(glide.secondsBefore - reach) <= 0.02, "\(glide.secondsBefore), \(glide.secondsAfter) s for \(reach)")
        let ratio = glide.displacementCm(levelSurface: true).length / train.contactLengthCm
        #expect(abs(ratio - 1) < 0.1, "\(ratio)x the length")
    }
}

extension GlideMeasurement {
    /// The speed along a level leg.
    var speedCmSAlong: Double { seconds > 0 ? displacementCm(levelSurface: true).length / seconds : 0 }
}

/// The gyroscope's bias from the moments the hand is still.
@Suite struct GyroBiasTrackerTests {
    @Test func aStillMomentReadsTheBiasThroughTurns() {
        var tracker = GyroBiasTracker()
        let bias = Vector(0.4, -0.7, 0.25)
        var t = 0.0
        let dt = 0.002
        // A hand turning back and forth at 40 deg/s, still 0.4 s in every 1.5 s, with noise.
        var noise = SplitNoise(seed: 7)
        while t < 40 {
            let phase = t.truncatingRemainder(dividingBy: 1.5)
            let turning = phase < 1.1 ? Vector(40 * sin(2 * .pi * phase / 1.1), 15 * cos(2 * .pi * phase / 1.1), 0) : .zero
            tracker.add(turning + bias + Vector(noise.next(), noise.next(), noise.next()) * 0.3, dt: dt, inContact: false)
            t += dt
        }
        #expect((tracker.bias - bias).length < 0.1, "\(tracker.bias)")
    }

    @Test func untilEnoughIsSeenItReadsZero() {
        var tracker = GyroBiasTracker()
        for _ in 0..<500 { tracker.add(Vector(1, 1, 1), dt: 0.002, inContact: false) }
        #expect(tracker.bias == .zero)
    }
}

/// A deterministic noise in −1...1 (a linear congruential generator).
struct SplitNoise {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
}
