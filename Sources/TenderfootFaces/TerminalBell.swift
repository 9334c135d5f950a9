import TenderfootRules
import TenderfootSession

/// When the terminal screen rings its bell, so a trainee looking at the doll can tell a force
/// over its limit from the rest by ear: the bell repeats twice a second for as long as a force
/// is over its limit, and rings once when any other warning (direction, speed, age, order,
/// time) begins.
public struct TerminalBell {
    /// Seconds between two rings while a force is over its limit.
    public static let forceRepeatSeconds = 0.5
    private var lastForceRing: Double?

    public init() {}

    /// Whether to ring now, `elapsed` seconds into the session, with these new events and
    /// `forceOver` (any fingertip or the total over its limit at this frame).
    public mutating func ring(events: [SessionEvent], forceOver: Bool, elapsed: Double) -> Bool {
        var ring = events.contains { if case .warningStarted(let warning) = $0 { warning.rule != .force } else { false } }
        if forceOver {
            if lastForceRing.map({ elapsed - $0 >= Self.forceRepeatSeconds }) ?? true {
                lastForceRing = elapsed
                ring = true
            }
        } else {
            lastForceRing = nil
        }
        return ring
    }
}
