import Foundation
import TenderfootSession

/// The event loop every face runs on: wait for a subscription's events, hand them to whoever
/// records them, show them, and notice the session's end. Live, demo and replay use it.
public final class FaceLoop {
    public let face: PracticeFace
    public let subscription: SessionSubscription
    /// Set once the session's last event (`.linkEnded`) has been seen: nil inside when the
    /// session was closed, else why the glove stopped.
    public private(set) var ending: LinkProblem??

    public init(face: PracticeFace, subscription: SessionSubscription) {
        self.face = face
        self.subscription = subscription
    }

    /// One round: events for up to the face's interval, handed to `record` and then shown.
    @discardableResult
    public func step(elapsed: Double, record: ([SessionEvent]) -> Void = { _ in }) -> [SessionEvent] {
        let events = subscription.takeEvents(timeout: face.interval)
        see(events, elapsed: elapsed, record: record)
        return events
    }

    /// Steps until the session ends or `keepGoing` says stop.
    public func run(elapsed: () -> Double, while keepGoing: () -> Bool, record: ([SessionEvent]) -> Void = { _ in }) {
        while keepGoing() && ending == nil {
            step(elapsed: elapsed(), record: record)
        }
    }

    /// After the session was stopped: its last events, recorded and shown, then the face's end.
    public func finish(elapsed: Double, recordingPath: String?, record: ([SessionEvent]) -> Void = { _ in },
                       beforeEnd: () -> Void = {}) {
        see(subscription.takeEvents(), elapsed: elapsed, record: record)
        beforeEnd()
        face.end(view: subscription, elapsed: elapsed, recordingPath: recordingPath)
    }

    private func see(_ events: [SessionEvent], elapsed: Double, record: ([SessionEvent]) -> Void) {
        for event in events { if case .linkEnded(let problem) = event { ending = .some(problem) } }
        record(events)
        face.show(events: events, view: subscription, elapsed: elapsed)
    }
}
