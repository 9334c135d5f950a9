import TenderfootCalibration
import TenderfootWire

/// A session's forces in 10 ms bins: per finger and in total, the mean and the highest, from
/// the first sample on. An hour is 360,000 bins of a few floats, where its samples would take
/// ten times more: enough for plots, medians and rhythms.
public struct ForceTrace: Sendable {
    public static let binMicros: UInt64 = 10_000
    /// Device time of the first sample: bin `i` covers `start + i × 10 ms`.
    public private(set) var startMicros: UInt64?
    /// [finger][bin], thumb to little; `total` is the five together.
    public private(set) var mean: [[Float]] = Array(repeating: [], count: 5)
    public private(set) var peak: [[Float]] = Array(repeating: [], count: 5)
    public private(set) var meanTotal: [Float] = []
    public private(set) var peakTotal: [Float] = []
    private var sums = FingerNewtons.zero
    private var highest = FingerNewtons.zero
    private var sumTotal = 0.0, highestTotal = 0.0
    private var count = 0
    private var bin = 0

    public init() {}

    public var binCount: Int { meanTotal.count }

    /// Adds one calibrated sample.
    public mutating func add(_ newtons: FingerNewtons, at micros: UInt64) {
        guard let start = startMicros ?? { startMicros = micros; return micros }() else { return }
        let index = Int((micros &- start) / Self.binMicros)
        if index > bin && count > 0 { close() }
        if index > bin {
            while meanTotal.count < index { appendBin(mean: .zero, peak: .zero, meanTotal: 0, peakTotal: 0) }  // a gap
            bin = index
        }
        for finger in 0..<5 {
            sums[finger] += newtons[finger]
            highest[finger] = max(highest[finger], newtons[finger])
        }
        sumTotal += newtons.total
        highestTotal = max(highestTotal, newtons.total)
        count += 1
    }

    /// Closes the last bin; call once after the last sample.
    public mutating func finish() {
        if count > 0 { close() }
    }

    /// Device time at the start of bin `index`.
    public func micros(ofBin index: Int) -> UInt64 { (startMicros ?? 0) + UInt64(index) * Self.binMicros }

    /// The bin holding device time `micros` (clamped to the trace).
    public func bin(at micros: UInt64) -> Int {
        guard let start = startMicros, micros > start else { return 0 }
        return min(binCount, Int((micros - start) / Self.binMicros))
    }

    private mutating func close() {
        var mean = FingerNewtons.zero
        for finger in 0..<5 { mean[finger] = sums[finger] / Double(count) }
        appendBin(mean: mean, peak: highest, meanTotal: sumTotal / Double(count), peakTotal: highestTotal)
        sums = .zero
        highest = .zero
        sumTotal = 0
        highestTotal = 0
        count = 0
        bin += 1
    }

    private mutating func appendBin(mean: FingerNewtons, peak: FingerNewtons, meanTotal: Double, peakTotal: Double) {
        for finger in 0..<5 {
            self.mean[finger].append(Float(mean[finger]))
            self.peak[finger].append(Float(peak[finger]))
        }
        self.meanTotal.append(Float(meanTotal))
        self.peakTotal.append(Float(peakTotal))
    }
}
