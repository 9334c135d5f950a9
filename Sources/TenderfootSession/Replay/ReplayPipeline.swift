import Foundation
import TenderfootLink
import TenderfootRules

/// A recording running through the live pipeline: its bytes served by a `RecordingTransport`,
/// decoded by a `GloveConnection` that waits for room in the ring instead of dropping (so a
/// replay at any speed sees every sample), and judged by a `LiveSession`, whose first
/// subscriber (`events`) never drops: a replay shows every event.
public final class ReplayPipeline: @unchecked Sendable {
    public let transport: RecordingTransport
    public let connection: GloveConnection
    public let session: LiveSession
    public let events: SessionSubscription
    /// More subscribers, as many as asked for (publishers beside the face, which may drop):
    /// made before the session starts, so they miss nothing either.
    public let beside: [SessionSubscription]

    public init(_ recording: Recording, name: String, clock: ReplayClock, options: LiveSession.Options, besideSubscribers: Int = 0) {
        transport = RecordingTransport(recording, name: name, clock: clock)
        connection = GloveConnection(transport: transport, overflow: .wait)
        session = LiveSession(connection: connection, options: options)
        events = session.subscribe(overflow: .wait)
        let session = session
        beside = (0..<besideSubscribers).map { _ in session.subscribe() }
        session.start()
    }

    /// Stops reading and analysing; events already made can still be taken from `events`.
    public func close() {
        connection.close()
        session.stop()
    }

    /// Replays `recording` as fast as it goes and hands every event to `each`, in order; the
    /// last one is `.linkEnded`.
    public static func run(_ recording: Recording, name: String, options: LiveSession.Options, each: (SessionEvent) -> Void) {
        let pipeline = ReplayPipeline(recording, name: name, clock: ReplayClock(pace: .fast), options: options)
        while true {
            let batch = pipeline.events.takeEvents(timeout: 0.05)
            batch.forEach(each)
            if batch.last?.isLinkEnded == true || pipeline.session.isFinished && batch.isEmpty { break }
        }
        pipeline.close()
        pipeline.events.takeEvents().forEach(each)
    }

    /// Every event of `recording`, replayed as fast as it goes, in order.
    public static func events(of recording: Recording, name: String, options: LiveSession.Options) -> [SessionEvent] {
        var events: [SessionEvent] = []
        run(recording, name: name, options: options) { events.append($0) }
        return events
    }
}

extension SessionEvent {
    /// True for the session's last event, `.linkEnded`.
    public var isLinkEnded: Bool { if case .linkEnded = self { true } else { false } }
    /// True for `.sample`.
    public var isSample: Bool { if case .sample = self { true } else { false } }
}

extension LiveSession.Options {
    /// The options to judge `header`'s recording by: its calibration and rate, the baby's age it
    /// was made for unless `ageMonths` overrides it, and today's `rules`.
    public static func replaying(_ header: RecordingHeader, rules: RuleBook, ageMonths: Double? = nil,
                                 emitSamples: Bool = false) -> LiveSession.Options {
        LiveSession.Options(ageMonths: ageMonths ?? header.ageMonths, rules: rules, firstSession: header.firstSession ?? false,
                            calibration: header.gloveCalibration, emitSamples: emitSamples,
                            rateHz: Double(max(1, header.glove.rateHz)))
    }
}
