/// Finds a steady reading: the last second (a window of samples) whose spread stays within
/// a tolerance. Fixed memory: a ring of the last window's values.
public struct PlateauDetector: Sendable {
    public let window: Int
    private var values: [Double]
    private var next = 0
    private var filled = 0

    /// `window` samples make "about a second" at the glove's rate.
    public init(window: Int) {
        self.window = max(2, window)
        values = Array(repeating: 0, count: self.window)
    }

    public mutating func reset() {
        next = 0
        filled = 0
    }

    public mutating func add(_ value: Double) {
        values[next] = value
        next = (next + 1) % window
        filled = min(window, filled + 1)
    }

    /// The window's mean if it is full and its spread (max − min) is within `floor` or
    /// `relative` × the mean, whichever is larger (a held load creeps a little).
    public func steady(floor: Double, relative: Double) -> Double? {
        guard let mean = mean else { return nil }
        return steady(tolerance: max(floor, relative * abs(mean)))
    }

    private var mean: Double? {
        guard filled == window else { return nil }
        return values.reduce(0, +) / Double(window)
    }

    /// The window's mean if it is full and its spread (max − min) is within `tolerance`.
    public func steady(tolerance: Double) -> Double? {
        guard filled == window else { return nil }
        var low = Double.infinity, high = -Double.infinity, sum = 0.0
        for value in values {
            low = min(low, value)
            high = max(high, value)
            sum += value
        }
        return high - low <= tolerance ? sum / Double(window) : nil
    }
}
