import Foundation
import Testing
@testable import TenderfootAnalysis

/// Kneading's squeeze told from vibration's swing and from a glide's rise and fall, fed as the
/// analyzer feeds it: the mean total force of each 10 ms block.
@Suite struct SqueezeTrackerTests {
    /// Feeds `seconds` of the total force `newtons(t)` in 10 ms block means (each the mean of
    /// ten 1 ms samples), in contact throughout; the number of squeezes counted.
    static func squeezes(seconds: Double, _ newtons: (Double) -> Double) -> Int {
        var tracker = SqueezeTracker()
        var count = 0
        var last: UInt64?
        for block in 0..<Int(seconds * 100) {
            var sum = 0.0
            for sample in 0..<10 { sum += newtons(Double(block * 10 + sample) / 1000) }
            let mean = sum / 10
            let now = UInt64(block + 1) * 10_000
            tracker.add(total: mean, inContact: true, at: now)
            if tracker.lastSqueezeMicros != last { count += 1; last = tracker.lastSqueezeMicros }
        }
        return count
    }

    /// Kneading from 0.7 to 2 squeezes a second (its force from 35 % to all of it): one each.
    @Test(arguments: [0.7, 1.0, 1.5, 2.0])
    func kneadingSqueezesOncePerCycle(hz: Double) {
        let cycles = 6.0
        let counted = Self.squeezes(seconds: cycles / hz) { t in 3 * (0.35 + 0.65 * (0.5 - 0.5 * cos(2 * .pi * hz * t))) }
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
}
