/// Finds a plateau: the last `window` readings all within a tolerance of each other (a held
/// weight, a lifted hand). Each reading costs O(1) however long the window: a running sum and
/// the window's lowest and highest readings kept in monotonic queues, so the live pipeline can
/// ask on every sample.
public struct PlateauDetector: Sendable {
    public let window: Int
    /// The last `window` readings, a ring; the next reading goes to `slot`.
    private var values: [Double]
    private var slot = 0
    private var filled = 0
    private var sum = 0.0
    private var highest: MonotonicQueue
    private var lowest: MonotonicQueue

    /// `window` samples make "about a second" at the glove's rate.
    public init(window: Int) {
        self.window = max(2, window)
        values = Array(repeating: 0, count: self.window)
        highest = MonotonicQueue(window: self.window, keepsHighest: true)
        lowest = MonotonicQueue(window: self.window, keepsHighest: false)
    }

    public mutating func reset() {
        slot = 0
        filled = 0
        sum = 0
        highest.removeAll()
        lowest.removeAll()
    }

    public mutating func add(_ value: Double) {
        if filled == window { sum -= values[slot] } else { filled += 1 }
        values[slot] = value
        sum += value
        highest.push(value)
        lowest.push(value)
        slot += 1
        if slot == window {
            slot = 0
            // Re-add the window once per lap, so the running sum never drifts from the true one.
            if filled == window { sum = values.reduce(0, +) }
        }
    }

    /// The window's mean if it is full and its spread (max − min) is within `floor` or
    /// `relative` × the mean, whichever is larger (a held load creeps a little).
    public func steady(floor: Double, relative: Double) -> Double? {
        guard filled == window else { return nil }
        return steady(tolerance: max(floor, relative * abs(sum / Double(window))))
    }

    /// The window's mean if it is full and its spread (max − min) is within `tolerance`.
    public func steady(tolerance: Double) -> Double? {
        guard filled == window, let high = highest.extreme, let low = lowest.extreme else { return nil }
        return high - low <= tolerance ? sum / Double(window) : nil
    }
}

/// The highest (or lowest) of the last `window` readings in O(1) amortised per reading: a ring
/// of the readings that can still become the extreme, each with its age, in monotonic order.
///
///     ring of (value, reading number), capacity `window`
///     [ . | 9 @17 | 7 @19 | 4 @22 | . ]     head = 1, count = 3: 9 is the highest, 22 the newest
///
/// Invariant: values strictly fall (for the highest) from head to tail, and every number is
/// within the last `window` readings.
struct MonotonicQueue: Sendable {
    private var values: [Double]
    private var numbers: [Int]
    private let keepsHighest: Bool
    private var head = 0
    private var count = 0
    private var added = 0

    init(window: Int, keepsHighest: Bool) {
        values = Array(repeating: 0, count: window)
        numbers = Array(repeating: 0, count: window)
        self.keepsHighest = keepsHighest
    }

    var extreme: Double? { count > 0 ? values[head] : nil }

    mutating func removeAll() {
        head = 0
        count = 0
        added = 0
    }

    /// Adds the next reading: drops the one that left the window, and the newer ones it outdoes.
    mutating func push(_ value: Double) {
        let capacity = values.count
        if count > 0 && numbers[head] <= added - capacity {
            head = head + 1 == capacity ? 0 : head + 1
            count -= 1
        }
        while count > 0 {
            var last = head + count - 1
            if last >= capacity { last -= capacity }
            guard keepsHighest ? values[last] <= value : values[last] >= value else { break }
            count -= 1
        }
        assert(count < capacity, "MonotonicQueue holds at most a window of readings")
        var tail = head + count
        if tail >= capacity { tail -= capacity }
        values[tail] = value
        numbers[tail] = added
        count += 1
        added += 1
    }
}
