import Foundation
import Testing
import TenderfootCalibration
import TenderfootSimulator

/// The O(1) plateau detector against the definition (the last `window` readings: their mean,
/// deviation and the drift between their halves), at every position of the ring, and its
/// verdicts at realistic ADC noise.
@Suite struct PlateauDetectorTests {
    static func definition(_ last: ArraySlice<Double>, window: Int) -> (mean: Double, deviation: Double, drift: Double)? {
        guard last.count == window else { return nil }
        let values = Array(last)
        let mean = values.reduce(0, +) / Double(window)
        let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(window)).squareRoot()
        let half = window / 2
        let newer = values.suffix(half), older = values.prefix(window - half)
        let drift = newer.reduce(0, +) / Double(half) - older.reduce(0, +) / Double(older.count)
        return (mean, deviation, drift)
    }

    @Test(arguments: [2, 3, 7, 50])
    func agreesWithTheWindowItDescribesAtEveryPosition(window: Int) {
        var detector = PlateauDetector(window: window)
        var history: [Double] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(window)
        for step in 0..<(window * 9 + 5) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Long runs of near-constant readings with jumps, so both answers occur.
            let base = (step / (window + 3)) % 3 == 0 ? 500.0 : Double(state >> 54)
            let value = base + Double((state >> 33) % 4)
            detector.add(value)
            history.append(value)
            let expected = Self.definition(history.suffix(window), window: window)
            let got = detector.reading
            #expect((got == nil) == (expected == nil), "window \(window), step \(step)")
            if let got, let expected {
                #expect(abs(got.mean - expected.mean) < 1e-9 && abs(got.deviation - expected.deviation) < 1e-6
                        && abs(got.drift - expected.drift) < 1e-9, "window \(window), step \(step): \(got) vs \(expected)")
            }
        }
    }

    @Test func resetForgetsTheWindow() {
        var detector = PlateauDetector(window: 4)
        for _ in 0..<4 { detector.add(10) }
        #expect(detector.steady(noise: 0, drift: 0) == 10)
        detector.reset()
        for _ in 0..<3 { detector.add(10) }
        #expect(detector.steady(noise: 0, drift: 0) == nil)
        detector.add(10)
        #expect(detector.steady(noise: 0, drift: 0) == 10)
    }

    /// A still reading with 0.5 to 3 counts RMS of noise is steady; a load still settling is not.
    @Test(arguments: [0.5, 1.1, 2, 3])
    func aStillReadingIsSteadyAtRealisticNoise(rms: Double) {
        var noise = SplitMix64(seed: UInt64(rms * 100))
        var still = PlateauDetector(window: 500), settling = PlateauDetector(window: 500)
        var steadyCount = 0, settlingCount = 0
        for index in 0..<5000 {
            still.add(1000 + noise.gaussian() * rms)
            settling.add(1000 + 40 * exp(-Double(index) / 400) + noise.gaussian() * rms)
            if index >= 500 && still.steady(noise: 4, drift: 3) != nil { steadyCount += 1 }
            if index >= 500 && index < 1000 && settling.steady(noise: 4, drift: 3) != nil { settlingCount += 1 }
        }
        #expect(steadyCount == 4500, "still at \(rms) counts RMS")
        #expect(settlingCount == 0, "a reading still moving is not a plateau")
    }
}
