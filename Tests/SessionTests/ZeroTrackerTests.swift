import Testing
import TenderfootCalibration
import TenderfootWire

@Suite struct ZeroTrackerTests {
    /// A baseline drifting up 120 counts over a minute, with strokes now and then: re-zeroing while the
    /// hand is lifted keeps the unloaded reading at 0 N; without it the drift reads as force.
    @Test func driftIsZeroedAwayWhileTheHandIsLifted() {
        var tracker = ZeroTracker(rateHz: 500)
        var curve = FSRCurve.nominal
        var rezeroes = 0
        var worstIdle = 0.0, worstFixed = 0.0
        for index in 0..<30_000 {  // 60 s at 500 Hz
            let t = Double(index) / 500
            let drift = 120 * t / 60
            let stroking = t.truncatingRemainder(dividingBy: 10) < 3  // 3 s of contact every 10 s
            let reading = UInt16((drift + (stroking ? 800 : 0) + Double(index % 3)).rounded())
            let counts = FingerCounts(thumb: reading, index: reading, middle: reading, ring: reading, little: reading)
            if let tares = tracker.check(counts, tares: FiveFingers(thumb: curve.tareCounts, index: curve.tareCounts, middle: curve.tareCounts, ring: curve.tareCounts, little: curve.tareCounts)) {
                curve.tareCounts = tares[0]
                rezeroes += 1
                #expect(!stroking)
            }
            if !stroking && t.truncatingRemainder(dividingBy: 10) > 5 {
                worstIdle = max(worstIdle, curve.newtons(counts: Double(reading)))
                worstFixed = max(worstFixed, FSRCurve.nominal.newtons(counts: Double(reading)))
            }
        }
        #expect(rezeroes >= 6)
        #expect(worstIdle == 0)
        #expect(worstFixed > FSRCurve.nominal.activationNewtons, "without re-zeroing the drift reads as \(worstFixed) N")
    }

    @Test func aFingerRestingOnTheSensorIsNotTakenForZero() {
        var tracker = ZeroTracker(rateHz: 100)
        for _ in 0..<1000 {
            let counts = FingerCounts(thumb: 0, index: 400, middle: 0, ring: 0, little: 0)
            #expect(tracker.check(counts, tares: .zero) == nil)
        }
    }
}
