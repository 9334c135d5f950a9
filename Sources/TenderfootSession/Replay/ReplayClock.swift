import Foundation
import TenderfootLink

/// Where a replay is in its recording, and how fast it moves: the player's controls (pause,
/// speed, seek, step) act on it, and the recording's transport asks it whether the next
/// bytes are due. Positions are microseconds of recording time from the first wire chunk.
///
/// Any thread may use it; every call takes one lock.
public final class ReplayClock: Sendable {
    /// How fast recording time passes: `speed` times real time, or as fast as the analysis goes.
    public enum Pace: Sendable, Equatable {
        case speed(Double)
        case fast
    }

    private struct State {
        var pace: Pace
        var paused = false
        /// Recording time at `anchorInstant` (while paused, the position itself).
        var anchorMicros: UInt64 = 0
        var anchorInstant = ContinuousClock.now
        /// Serve everything up to here at once (a seek or a step), then go on at `pace` from there.
        var catchUpTo: UInt64?
    }

    private let state: Locked<State>

    public init(pace: Pace, paused: Bool = false) {
        state = Locked(State(pace: pace, paused: paused))
    }

    /// The recording time reached now.
    public var positionMicros: UInt64 {
        state.withLock { Self.position(&$0, now: .now) }
    }

    public var isPaused: Bool { state.withLock { $0.paused } }
    public var pace: Pace { state.withLock { $0.pace } }

    /// True when bytes recorded `offsetMicros` into the recording may be delivered now. Passing
    /// the end of a catch-up makes the clock go on at its pace from the catch-up's target.
    public func isDue(_ offsetMicros: UInt64) -> Bool {
        state.withLock { state in
            let now = ContinuousClock.now
            if let target = state.catchUpTo {
                if offsetMicros <= target { return true }
                state.catchUpTo = nil
                state.anchorMicros = target
                state.anchorInstant = now
            }
            return offsetMicros <= Self.position(&state, now: now)
        }
    }

    public func pause() {
        state.withLock { state in
            guard !state.paused else { return }
            state.anchorMicros = Self.position(&state, now: .now)
            state.paused = true
        }
    }

    public func resume() {
        state.withLock { state in
            guard state.paused else { return }
            state.paused = false
            state.anchorInstant = .now
        }
    }

    /// Moves to `micros`: what lies before it is delivered at once; paused stays paused.
    public func seek(to micros: UInt64) {
        state.withLock { state in
            state.catchUpTo = micros
            state.anchorMicros = micros
            state.anchorInstant = .now
        }
    }

    public func setPace(_ pace: Pace) {
        state.withLock { state in
            state.anchorMicros = Self.position(&state, now: .now)
            state.anchorInstant = .now
            state.pace = pace
        }
    }

    private static func position(_ state: inout State, now: ContinuousClock.Instant) -> UInt64 {
        if let target = state.catchUpTo { return target }
        if state.paused { return state.anchorMicros }
        switch state.pace {
        case .fast: return UInt64.max
        case .speed(let speed):
            let (seconds, atto) = (now - state.anchorInstant).components
            let elapsed = (Double(seconds) + Double(atto) / 1e18) * speed
            return state.anchorMicros &+ UInt64(max(0, elapsed * 1e6))
        }
    }
}
