import Testing
import TenderfootCalibration

/// The O(1) plateau detector against the definition: the last `window` readings, their spread and mean.
@Suite struct PlateauDetectorTests {
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
            let last = history.suffix(window)
            for tolerance in [2.0, 3.0, 50.0] {
                let expected: Double? = last.count == window && last.max()! - last.min()! <= tolerance
                    ? last.reduce(0, +) / Double(window) : nil
                let got = detector.steady(tolerance: tolerance)
                #expect(got == expected, "window \(window), step \(step), tolerance \(tolerance)")
            }
        }
    }

    @Test func resetForgetsTheWindow() {
        var detector = PlateauDetector(window: 4)
        for _ in 0..<4 { detector.add(10) }
        #expect(detector.steady(tolerance: 0) == 10)
        detector.reset()
        for _ in 0..<3 { detector.add(10) }
        #expect(detector.steady(tolerance: 0) == nil)
        detector.add(10)
        #expect(detector.steady(tolerance: 0) == 10)
    }
}
