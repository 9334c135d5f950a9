import Foundation
import Testing
@testable import TenderfootAnalysis

/// Kneading's squeeze told from vibration's swing and from a glide's rise and fall, fed as the
/// analyzer feeds it: the mean total force of each 10 ms block.
@Suite struct SqueezeTrackerTests {
    /// Feeds `seconds` of the total force `newtons(t)` in 10 ms block means (each the mean of
    /// ten 1 ms samples), touching while `touching(t)` holds at the block's end; the tracker, and
    /// the number of squeezes it counted.
    static func feed(seconds: Double, touching: (Double) -> Bool = { _ in true },
                     _ newtons: (Double) -> Double) -> (tracker: SqueezeTracker, squeezes: Int) {
        var tracker = SqueezeTracker()
        var count = 0
        var last: UInt64?
        for block in 0..<Int(seconds * 100) {
            var sum = 0.0
            for sample in 0..<10 { sum += newtons(Double(block * 10 + sample) / 1000) }
            let mean = sum / 10
            let now = UInt64(block + 1) * 10_000
            tracker.add(total: mean, inContact: touching(Double(now) / 1e6), at: now)
            if tracker.lastSqueezeMicros != last { count += 1; last = tracker.lastSqueezeMicros }
        }
        return (tracker, count)
    }

    /// The squeezes counted in `seconds` of `newtons(t)`, in contact throughout.
    static func squeezes(seconds: Double, _ newtons: (Double) -> Double) -> Int {
        feed(seconds: seconds, newtons).squeezes
    }

    /// Kneading's force over time at `hz`: from 35 % of its peak (3 N) to all of it and back.
    static func kneading(hz: Double) -> (Double) -> Double {
        { t in 3 * (0.35 + 0.65 * (0.5 - 0.5 * cos(2 * .pi * hz * t))) }
    }

    /// Kneading from 0.7 to 2 squeezes a second (its force from 35 % to all of it): one each.
    @Test(arguments: [0.7, 1.0, 1.5, 2.0])
    func kneadingSqueezesOncePerCycle(hz: Double) {
        let cycles = 6.0
        let counted = Self.squeezes(seconds: cycles / hz, Self.kneading(hz: hz))
        #expect(counted >= Int(cycles) - 1 && counted <= Int(cycles), "\(counted) squeezes in \(cycles) cycles at \(hz) Hz")
    }

    /// A whole hand vibrating from 5 to 25 Hz swings its force by 30 to 40 %, past where a
    /// squeeze begins, with the sensors' noise, for seconds on end: never a squeeze.
    @Test(arguments: [5.0, 7.3, 10.3, 16.0, 25.0])
    func aVibratingHandNeverSqueezes(hz: Double) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        for swing in [0.15, 0.2] {
            let counted = Self.squeezes(seconds: 6) { t in
                4 * (1 - swing + swing * sin(2 * .pi * hz * t)) * min(1, t / 0.25) + 0.1 * noise()
            }
            #expect(counted == 0, "\(counted) squeezes in 6 s of vibration at \(hz) Hz swinging by \(Int(swing * 200)) %")
        }
    }

    /// A glide's pressure rises, holds with a ripple and falls as the hand lifts: no squeeze.
    @Test func aGlideDoesNotSqueeze() {
        let counted = Self.squeezes(seconds: 4) { t in 2 * min(1, t / 0.4, (4 - t) / 0.4) * (1 + 0.06 * sin(2 * .pi * 1.7 * t)) }
        #expect(counted == 0)
    }

    /// A slow hand (a squeeze every 2 to 3 s) is known to knead by the end of its first cycle,
    /// by the squeeze's release while it holds on, before the force rises again.
    @Test(arguments: [0.33, 0.4, 0.5])
    func aSlowGripIsKnownByItsReleaseBeforeItsForceRisesAgain(hz: Double) {
        let (tracker, squeezes) = Self.feed(seconds: 1 / hz, Self.kneading(hz: hz))
        #expect(squeezes == 0, "the force has not risen again yet")
        let since = tracker.secondsSinceSqueeze(at: UInt64(1e6 / hz))
        #expect(since < 0.1, "the release is known: \(since) s since it")
    }

    /// A glide's hand that lifts off slowly, its force fading over up to 1.5 s while the fingers
    /// stay on, passes through the release's band: once the lift ends it, nothing is kept.
    @Test(arguments: [0.2, 0.5, 1.0, 1.5])
    func aSlowLiftLeavesNoRelease(fadeSeconds: Double) {
        let newtons = { (t: Double) in 2 * min(1, t / 0.4, max(0, (2 + fadeSeconds - t) / fadeSeconds)) }
        let (tracker, squeezes) = Self.feed(seconds: 3 + fadeSeconds, touching: { newtons($0) > 0.1 }, newtons)
        #expect(squeezes == 0)
        #expect(tracker.secondsSinceSqueeze(at: UInt64((3 + fadeSeconds) * 1e6)) == .infinity)
    }
}
