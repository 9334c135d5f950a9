import TenderfootAnalysis
import TenderfootCalibration

/// One technique over a session: how long, how hard (per finger and in total), how fast its
/// rhythm, and for strokes how many and how fast.
public struct TechniqueSummary: Sendable {
    public var technique: Technique
    public var seconds: Double
    /// Per finger (thumb to little), newtons: the highest, and the median while that finger touched.
    public var peak: FingerNewtons
    public var median: FingerNewtons
    public var peakTotal: Double
    public var medianTotal: Double
    /// Cycles per second of the total force (a press, a tap, a kneading squeeze each make one), over the technique's time.
    public var rhythmHz: Double
    public var strokes: Int
    /// Strokes per minute of the technique's time.
    public var strokesPerMinute: Double
    public var medianStrokeSpeedCmS: Double?
    public var fastestStrokeCmS: Double?

    /// Forces below this are a finger not touching: they do not count towards the median.
    static let touching: Float = 0.15

    /// One summary per technique done, in the order of `Technique.allCases`.
    static func make(episodes: [Episode], strokes: [Stroke], trace: ForceTrace) -> [TechniqueSummary] {
        Technique.allCases.compactMap { technique in
            let mine = episodes.filter { $0.technique == technique }
            guard !mine.isEmpty else { return nil }
            var values: [[Float]] = Array(repeating: [], count: 5)
            var totals: [Float] = []
            var peak = FingerNewtons.zero
            var peakTotal = 0.0
            var cycles = 0
            var seconds = 0.0
            for episode in mine {
                let end = episode.endMicros ?? episode.startMicros
                seconds += Double(end &- episode.startMicros) / 1e6
                let bins = trace.bin(at: episode.startMicros)..<trace.bin(at: end)
                guard !bins.isEmpty else { continue }
                for bin in bins {
                    for finger in 0..<5 {
                        let value = trace.mean[finger][bin]
                        if value >= touching { values[finger].append(value) }
                        peak[finger] = max(peak[finger], Double(trace.peak[finger][bin]))
                    }
                    if trace.meanTotal[bin] >= touching { totals.append(trace.meanTotal[bin]) }
                    peakTotal = max(peakTotal, Double(trace.peakTotal[bin]))
                }
                cycles += Self.cycles(trace.meanTotal[bins])
            }
            var median = FingerNewtons.zero
            for finger in 0..<5 { median[finger] = Self.median(&values[finger]) }
            let mineStrokes = strokes.filter { $0.technique == technique }
            var speeds = mineStrokes.map(\.speedCmS)
            return TechniqueSummary(
                technique: technique, seconds: seconds, peak: peak, median: median, peakTotal: peakTotal,
                medianTotal: Self.median(&totals), rhythmHz: seconds > 0 ? Double(cycles) / seconds : 0, strokes: mineStrokes.count,
                strokesPerMinute: seconds > 0 ? Double(mineStrokes.count) / seconds * 60 : 0,
                medianStrokeSpeedCmS: speeds.isEmpty ? nil : Self.median(&speeds), fastestStrokeCmS: speeds.max())
        }
    }

    /// Rises of `series` through its mean with hysteresis (a fifth of the mean): one per cycle of force.
    static func cycles(_ series: ArraySlice<Float>) -> Int {
        guard !series.isEmpty else { return 0 }
        let mean = series.reduce(0, +) / Float(series.count)
        let band = max(0.05, mean / 5)
        var below = true, count = 0
        for value in series {
            if below && value > mean + band {
                below = false
                count += 1
            } else if !below && value < mean - band {
                below = true
            }
        }
        return count
    }

    static func median<T: BinaryFloatingPoint>(_ values: inout [T]) -> Double {
        guard !values.isEmpty else { return 0 }
        values.sort()
        let middle = values.count / 2
        return values.count % 2 == 1 ? Double(values[middle]) : Double(values[middle - 1] + values[middle]) / 2
    }
}
