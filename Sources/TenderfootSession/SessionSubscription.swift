import Foundation
import TenderfootCalibration

/// One subscriber's view of a `LiveSession`: its own bounded queue of events, its own force
/// peaks between its snapshots, and its own count of events it had no room for. A face holds
/// one; two faces on one session never take each other's events or reset each other's peaks.
public final class SessionSubscription: @unchecked Sendable {
    /// What happens when the queue is full.
    public enum Overflow: Sendable {
        /// The events that do not fit are counted (`LiveSnapshot.droppedEvents`) and dropped:
        /// a slow face never holds the analysis up.
        case drop
        /// The analysis waits for room: for a replay or an export, where every event is the point.
        case wait
    }

    /// Room for about half a minute of events with every sample at 2 kHz.
    public static let defaultCapacity = 1 << 16

    private unowned let session: LiveSession
    public let capacity: Int
    public let overflow: Overflow
    // Guarded by `session.state`.
    private var queue: [SessionEvent] = []
    private var peaks = (newtons: FingerNewtons.zero, total: 0.0)
    private var samplesSincePeaks = false
    private var dropped: UInt64 = 0

    init(session: LiveSession, capacity: Int, overflow: Overflow) {
        precondition(capacity > 0, "a subscription needs room for at least one event")
        self.session = session
        self.capacity = capacity
        self.overflow = overflow
        queue.reserveCapacity(min(capacity, 4096))
    }

    /// Called by the session under its lock: queues `events` (waiting for room with `waitForRoom`,
    /// which returns false to give up, when this subscriber never drops) and adds the peaks of
    /// the samples judged since the last call (nil: none).
    func take(_ events: [SessionEvent], peaks newPeaks: (newtons: FingerNewtons, total: Double)?, waitForRoom: () -> Bool) {
        if let newPeaks {
            for finger in 0..<5 { peaks.newtons[finger] = max(peaks.newtons[finger], newPeaks.newtons[finger]) }
            peaks.total = max(peaks.total, newPeaks.total)
            samplesSincePeaks = true
        }
        var next = events.startIndex
        while next < events.endIndex {
            let room = capacity - queue.count
            if room > 0 {
                let end = min(events.endIndex, next + room)
                queue.append(contentsOf: events[next..<end])
                next = end
            } else if overflow == .drop || !waitForRoom() {
                dropped += UInt64(events.endIndex - next)
                return
            }
        }
    }

    /// Events since the last call, waiting up to `timeout` seconds for the first.
    public func takeEvents(timeout: TimeInterval = 0) -> [SessionEvent] {
        session.state.lock(); defer { session.state.unlock() }
        if queue.isEmpty && timeout > 0 && !session.isFinishedUnlocked {
            _ = session.state.wait(until: Date().addingTimeInterval(timeout))
        }
        let events = queue
        queue.removeAll(keepingCapacity: true)
        session.state.broadcast()  // a session waiting for room has it now
        return events
    }

    /// The session now as this subscriber sees it: the highest forces since its previous
    /// snapshot (the latest forces when no sample came since), which start again from here
    /// unless `keepingPeaks` (a look that is not a screen's frame).
    public func snapshot(keepingPeaks: Bool = false) -> LiveSnapshot {
        session.state.lock()
        var snapshot = session.sharedSnapshot()
        if samplesSincePeaks {
            snapshot.newtons = peaks.newtons
            snapshot.total = peaks.total
        }
        snapshot.droppedEvents = dropped
        if !keepingPeaks {
            peaks = (FingerNewtons.zero, 0)
            samplesSincePeaks = false
        }
        session.state.unlock()
        snapshot.link = session.linkHealth
        return snapshot
    }

    /// Events this subscriber had no room for.
    public var droppedEvents: UInt64 {
        session.state.lock(); defer { session.state.unlock() }
        return dropped
    }
}
