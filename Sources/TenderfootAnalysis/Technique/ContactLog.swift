/// The most recent contacts of the hand (when each ended and how long it lasted), in a fixed
/// ring of 16: enough for a second and a half of tapping at 8 Hz.
struct ContactLog {
    static let capacity = 16
    private var ends = Array(repeating: UInt64(0), count: capacity)
    private var seconds = Array(repeating: 0.0, count: capacity)
    private var head = 0
    private var filled = 0

    mutating func append(endMicros: UInt64, seconds length: Double) {
        ends[head] = endMicros
        seconds[head] = length
        head = (head + 1) % Self.capacity
        filled = min(Self.capacity, filled + 1)
    }

    /// How many contacts ended after `micros`, and their mean length.
    func summary(endedAfter micros: UInt64) -> (count: Int, meanSeconds: Double) {
        var count = 0, sum = 0.0
        for age in 0..<filled {
            let slot = (head - 1 - age + Self.capacity) % Self.capacity
            guard ends[slot] > micros else { break }
            count += 1
            sum += seconds[slot]
        }
        return (count, count > 0 ? sum / Double(count) : 0)
    }
}
