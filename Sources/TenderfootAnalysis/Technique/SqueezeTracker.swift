/// Finds kneading's squeeze and release while the hand holds on: the total force falling to
/// under `fallShare` of its peak and rising again by `riseShare` of that peak, without a lift.
/// A glide's pressure rises once, holds and falls once as the hand lifts, and never makes one;
/// kneading makes one every cycle. A squeeze takes at least `minimumSeconds` from its peak to
/// the rise again: kneading's cycle is about a second, while vibration's force swings as deep
/// many times a second and is no squeeze. Fed once per 10 ms block; no memory beyond a few numbers.
struct SqueezeTracker: Sendable {
    static let fallShare = 0.7
    static let riseShare = 0.3
    static let minimumSeconds = 0.25
    private var peak = 0.0
    private var peakMicros: UInt64 = 0
    private var valley = Double.infinity
    private var falling = false
    /// Device time of the last squeeze completed (its force rose again).
    private(set) var lastSqueezeMicros: UInt64?

    mutating func add(total: Double, inContact: Bool, at now: UInt64) {
        guard inContact else {
            peak = 0
            valley = .infinity
            falling = false
            return
        }
        if falling {
            valley = min(valley, total)
            if total >= valley + Self.riseShare * peak {
                if Double(now &- peakMicros) / 1e6 >= Self.minimumSeconds { lastSqueezeMicros = now }
                falling = false
                peak = total
                peakMicros = now
            }
        } else {
            if total >= peak { peak = total; peakMicros = now }
            if total < Self.fallShare * peak {
                falling = true
                valley = total
            }
        }
    }

    /// Seconds since the last squeeze at `now` (infinity if none yet).
    func secondsSinceSqueeze(at now: UInt64) -> Double {
        lastSqueezeMicros.map { Double(now &- $0) / 1e6 } ?? .infinity
    }
}
