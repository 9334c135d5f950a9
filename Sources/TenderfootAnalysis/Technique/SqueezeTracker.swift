/// Finds kneading's squeeze and release while the hand holds on: the total force falling to
/// under `fallShare` of its peak and rising again by `riseShare` of that peak, without a lift.
/// A glide's pressure rises once, holds and falls once as the hand lifts, and never makes one;
/// kneading makes one every cycle. Vibration's force swings many times a second, a whole
/// hand's by 30 % or more, and is no squeeze: the force is smoothed first (time constant
/// `smoothingSeconds`: a swing at 5 Hz or faster keeps under a third of its depth, kneading's
/// at 2 Hz or slower more than 60 %), and a squeeze takes at least `minimumSeconds` from the
/// force leaving the top of its swing (`highShare` of the peak) to its rise again.
///
/// A slow hand's first squeeze is known half a cycle sooner, by its release: the force held
/// under `fallShare` of the peak for `releaseHoldSeconds`, and above `releaseFloorShare` of it,
/// the fingers still on. A hand lifting off passes through that band too, however slowly it
/// lifts, so a release the lift ends is forgotten: it was the lift's fall.
/// Fed once per 10 ms block; no memory beyond a few numbers.
struct SqueezeTracker: Sendable {
    static let fallShare = 0.7
    static let riseShare = 0.3
    static let highShare = 0.9
    static let minimumSeconds = 0.2
    static let smoothingSeconds = 0.1
    static let releaseHoldSeconds = 0.3
    static let releaseFloorShare = 0.3
    private var smoothed: Double?
    private var lastMicros: UInt64 = 0
    private var peak = 0.0
    /// The last block at the top of the swing (at least `highShare` of the peak) before the fall.
    private var highMicros: UInt64 = 0
    private var valley = Double.infinity
    private var falling = false
    /// When the force fell under `fallShare` of the peak (while `falling`).
    private var fallMicros: UInt64 = 0
    /// Device time of the last squeeze completed (its force rose again).
    private(set) var lastSqueezeMicros: UInt64?
    /// Device time of the last block of a release held with the fingers on, during a fall not
    /// ended by a lift.
    private(set) var lastReleaseMicros: UInt64?

    mutating func add(total newest: Double, inContact: Bool, at now: UInt64) {
        defer { lastMicros = now }
        guard inContact else {
            if falling { lastReleaseMicros = nil }
            smoothed = nil
            peak = 0
            valley = .infinity
            falling = false
            return
        }
        let dt = min(0.1, Double(now &- lastMicros) / 1e6)
        let total = smoothed.map { $0 + (newest - $0) * dt / (Self.smoothingSeconds + dt) } ?? newest
        smoothed = total
        if falling {
            valley = min(valley, total)
            if Double(now &- fallMicros) / 1e6 >= Self.releaseHoldSeconds && total >= Self.releaseFloorShare * peak {
                lastReleaseMicros = now
            }
            if total >= valley + Self.riseShare * peak {
                if Double(now &- highMicros) / 1e6 >= Self.minimumSeconds { lastSqueezeMicros = now }
                falling = false
                peak = total
                highMicros = now
            }
        } else {
            peak = max(peak, total)
            if total >= Self.highShare * peak { highMicros = now }
            if total < Self.fallShare * peak {
                falling = true
                fallMicros = now
                valley = total
            }
        }
    }

    /// Seconds since the hand last squeezed, or released a squeeze and held on, at `now`
    /// (infinity if neither yet).
    func secondsSinceSqueeze(at now: UInt64) -> Double {
        guard let last = lastSqueezeMicros.map({ max($0, lastReleaseMicros ?? 0) }) ?? lastReleaseMicros else { return .infinity }
        return Double(now &- last) / 1e6
    }
}
