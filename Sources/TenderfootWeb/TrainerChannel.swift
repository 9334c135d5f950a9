import Foundation
import Synchronization
import TenderfootFaces
import TenderfootLink
import TenderfootRules
import TenderfootSession

/// One glove's session on the web: its own subscription, turned into a `TrainerFrame` about
/// 25 times a second on a thread of its own and handed to every page watching it. A page that
/// reads too slowly loses its oldest frames (each frame is the whole state, so the next one
/// mends it); it never holds the session or the other pages up.
public final class TrainerChannel: BesidePublisher {
    /// Frames a page may fall behind by before its oldest are dropped: two seconds' worth.
    static let pageBacklog = 50
    /// Seconds between two frames.
    public static let frameInterval = 0.04

    /// Its place in the server's paths (`/ws/ID`, `/trainer?glove=ID`).
    public let id: String
    public let details: TrainerDetails
    private let pages = Locked<[UInt64: AsyncStream<String>.Continuation]>([:])
    private let nextPage = Atomic<UInt64>(0)
    private let lastFrame = Locked<String?>(nil)
    private let thread = Locked<StoppableThread?>(nil)
    private let seenSummary = Locked<Set<UInt64>>([])
    /// Whether a page has said it watches (a page says so once it has the session's details).
    private let aPageWatches = Atomic<Bool>(false)
    private let delivery = Locked(DeliveryStats())

    /// The session's time on the wall (or a replay's position), seconds.
    private let elapsed: @Sendable () -> Double
    /// The review's summary (a `summary` message) and its HTML report, once the session ended.
    private let ending = Locked<(summary: String, report: String)?>(nil)

    /// `elapsed` gives the session's time on the wall (or a replay's position), seconds; the
    /// session must emit its samples (its review at the end is drawn from them).
    public init(id: String, details: TrainerDetails, elapsed: @escaping @Sendable () -> Double) {
        self.id = id
        self.details = details
        self.elapsed = elapsed
    }

    /// The session's report (HTML), once it has ended.
    public var report: String? { ending.withLock { $0?.report } }

    /// Publishes what `subscription` receives until `stop`; then reviews the session and sends
    /// its summary.
    public func start(_ subscription: SessionSubscription) {
        ending.withLock { $0 = nil }
        seenSummary.withLock { $0.removeAll() }
        let started = StoppableThread(name: "tenderfoot-web") { [self] thread in
            var review = SessionReviewBuilder()
            var next = Date()
            while !thread.isStopRequested {
                next += Self.frameInterval
                var events: [SessionEvent] = []
                repeat {
                    events += subscription.takeEvents(timeout: max(0, next.timeIntervalSinceNow))
                } while next.timeIntervalSinceNow > 0 && !thread.isStopRequested
                if next.timeIntervalSinceNow < -Self.frameInterval { next = Date() }  // fell behind: no burst to catch up
                for event in events { review.take(event) }
                publishFrame(subscription.snapshot(), events)
            }
            let last = subscription.takeEvents()
            for event in last { review.take(event) }
            publishFrame(subscription.snapshot(), last)
            let reviewed = review.finish(header: details.header, rules: details.rules, ageMonths: details.ageMonths,
                                         firstSession: details.firstSession, notes: [])
            let summary = TrainerFrame.summary(reviewed.score, report: "report?glove=\(id)")
            ending.withLock { $0 = (summary, SessionReport(review: reviewed, name: details.trainee ?? details.serial).html) }
            publish(summary, isFrame: false)
        }
        thread.withLock { $0 = started }
    }

    /// Sends the last frame and stops; the pages keep it on screen.
    public func stop() {
        let running = thread.withLock { thread in
            defer { thread = nil }
            return thread
        }
        running?.stop()
    }

    /// A page's number and its frames: the session's details, the latest frame (and the
    /// summary, once there is one), then each new one.
    func watch() -> (page: UInt64, frames: AsyncStream<String>) {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(Self.pageBacklog))
        let page = nextPage.wrappingAdd(1, ordering: .relaxed).oldValue
        continuation.yield(TrainerFrame.hello(details))
        pages.withLock { pages in
            if let frame = lastFrame.withLock({ $0 }) { continuation.yield(frame) }
            if let summary = ending.withLock({ $0?.summary }) { continuation.yield(summary) }
            pages[page] = continuation
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.pages.withLock { $0.removeValue(forKey: page) }
        }
        return (page, stream)
    }

    /// A page has the session's details and is watching for its frames.
    func pageWatches() {
        aPageWatches.store(true, ordering: .releasing)
    }

    /// Waits until a page watches (a WebSocket that never says so, such as a client that never
    /// reads, does not count), checking `keepWaiting` every 50 ms; false if it said to stop first.
    public func waitForAPage(while keepWaiting: () -> Bool) -> Bool {
        while keepWaiting() {
            if aPageWatches.load(ordering: .acquiring) { return true }
            usleep(50_000)
        }
        return false
    }

    /// Page `page` has drawn the session's summary (and checked that its report is there).
    func summarySeen(by page: UInt64) {
        _ = seenSummary.withLock { $0.insert(page) }
    }

    /// Waits up to `timeout` seconds until every page watching has drawn the summary (a page
    /// says so over its WebSocket): the server may close then without taking it from them.
    public func waitUntilPagesHaveTheSummary(timeout: TimeInterval) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let watching = Set(pages.withLock { $0.keys })
            if watching.isSubset(of: seenSummary.withLock({ $0 })) { return }
            usleep(10_000)
        }
    }

    /// How many pages watch now.
    public var pageCount: Int { pages.withLock { $0.count } }

    /// A frame of `snapshot` and `events`, numbered, with its newest sample's arrival noted.
    private func publishFrame(_ snapshot: LiveSnapshot, _ events: [SessionEvent]) {
        var arrival: UInt64 = 0
        if let newest = events.last(where: \.isSample), case .sample(let sample, _) = newest { arrival = sample.arrivalMicros }
        let seq = delivery.withLock { stats in
            defer { stats.sent(seq: stats.framesSent, arrivalMicros: arrival) }
            return stats.framesSent
        }
        publish(TrainerFrame.frame(snapshot, events: events, elapsed: elapsed(), seq: seq))
    }

    private func publish(_ message: String, isFrame: Bool = true) {
        pages.withLock { pages in
            if isFrame { lastFrame.withLock { $0 = message } }
            for continuation in pages.values {
                if case .dropped = continuation.yield(message) { delivery.withLock { $0.dropped() } }
            }
        }
    }

    /// A page has drawn frame `seq` (it says so over its WebSocket as soon as it has).
    func drawn(seq: UInt64) {
        let now = RawByteTap.hostMicros()
        delivery.withLock { $0.drawn(seq: seq, nowMicros: now) }
    }

    /// How the frames reached the pages, as a JSON object with the glove's id.
    public var deliveryJSON: String {
        let pages = pageCount
        return delivery.withLock { $0.json(id: id, pages: pages) }
    }

    /// Frames a page that read too slowly did not get.
    public var framesDropped: UInt64 { delivery.withLock { $0.framesDropped } }
}
