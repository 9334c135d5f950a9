/// Finds a plateau: the last `window` readings hold still (a held weight, a lifted hand). The
/// test is robust to ADC noise: not the window's range, which grows with noise and the window's
/// length (about 6.5 σ over 500 readings, so 1.1 counts RMS already spans 7 counts), but its
/// standard deviation (the noise itself) and the drift between its older and newer halves
/// (which noise averages out of). Each reading costs O(1): running sums over a ring.
///
///     ring of the last `window` readings; the newer half is the `window / 2` before `slot`
///     [ older half ........ | newer half ........ ]   drift = mean(newer) − mean(older)
public struct PlateauDetector: Sendable {
    public let window: Int
    private let half: Int
    /// The last `window` readings, a ring; the next reading goes to `slot`.
    private var values: [Double]
    private var slot = 0
    private var filled = 0
    private var sum = 0.0, squares = 0.0, newer = 0.0

    /// What a full window shows.
    public struct Reading: Sendable, Equatable {
        public var mean: Double
        /// Standard deviation over the window.
        public var deviation: Double
        /// Mean of the newer half minus mean of the older half.
        public var drift: Double
    }

    /// `window` samples make "about a second" at the glove's rate.
    public init(window: Int) {
        self.window = max(2, window)
        half = self.window / 2
        values = Array(repeating: 0, count: self.window)
    }

    public mutating func reset() {
        slot = 0
        filled = 0
        sum = 0
        squares = 0
        newer = 0
    }

    public mutating func add(_ value: Double) {
        if filled == window {
            sum -= values[slot]
            squares -= values[slot] * values[slot]
        } else {
            filled += 1
        }
        // The reading `half` places back leaves the newer half (once there are that many).
        if filled > half {
            var leaving = slot - half
            if leaving < 0 { leaving += window }
            newer -= values[leaving]
        }
        values[slot] = value
        sum += value
        squares += value * value
        newer += value
        slot += 1
        if slot == window {
            slot = 0
            // Re-add the window once per lap, so the running sums never drift from the true ones;
            // a debug build checks there that they had not (once a lap keeps each reading O(1)).
            if filled == window {
                let running = sum
                resum()
                assert(abs(running - sum) <= 1e-6 * max(1, abs(sum)), "the running sum is the window's")
            }
        }
    }

    private mutating func resum() {
        sum = 0
        squares = 0
        newer = 0
        for (index, value) in values.enumerated() {
            sum += value
            squares += value * value
            // With `slot` at 0 the newer half is the last `half` slots of the ring.
            if index >= window - half { newer += value }
        }
    }

    /// The window's mean, deviation and drift; nil until it is full.
    public var reading: Reading? {
        guard filled == window else { return nil }
        let n = Double(window)
        let mean = sum / n
        let variance = max(0, squares / n - mean * mean)
        let olderCount = Double(window - half)
        let drift = newer / Double(half) - (sum - newer) / olderCount
        return Reading(mean: mean, deviation: variance.squareRoot(), drift: drift)
    }

    /// The window's mean if it is full, its deviation is within `noise` and its drift within
    /// `drift`.
    public func steady(noise: Double, drift: Double) -> Double? {
        guard let reading, reading.deviation <= noise, abs(reading.drift) <= drift else { return nil }
        return reading.mean
    }
}
