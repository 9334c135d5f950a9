import Foundation
import Synchronization
import TenderfootFaces
import TenderfootLink
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
    private let pages = Mutex<[UInt64: AsyncStream<String>.Continuation]>([:])
    private let nextPage = Atomic<UInt64>(0)
    private let lastFrame = Mutex<String?>(nil)
    private let thread = Mutex<StoppableThread?>(nil)

    /// The session's time on the wall (or a replay's position), seconds.
    private let elapsed: @Sendable () -> Double

    public init(id: String, details: TrainerDetails, elapsed: @escaping @Sendable () -> Double) {
        self.id = id
        self.details = details
        self.elapsed = elapsed
    }

    /// Publishes what `subscription` receives until `stop`.
    public func start(_ subscription: SessionSubscription) {
        let started = StoppableThread(name: "tenderfoot-web") { [self] thread in
            var next = Date()
            while !thread.isStopRequested {
                next += Self.frameInterval
                var events: [SessionEvent] = []
                repeat {
                    events += subscription.takeEvents(timeout: max(0, next.timeIntervalSinceNow))
                } while next.timeIntervalSinceNow > 0 && !thread.isStopRequested
                if next.timeIntervalSinceNow < -Self.frameInterval { next = Date() }  // fell behind: no burst to catch up
                publish(TrainerFrame.frame(subscription.snapshot(), events: events, elapsed: elapsed()))
            }
            publish(TrainerFrame.frame(subscription.snapshot(), events: subscription.takeEvents(), elapsed: elapsed()))
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

    /// A page's frames: the session's details, the latest frame, then each new one.
    func watch() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(Self.pageBacklog))
        let page = nextPage.wrappingAdd(1, ordering: .relaxed).oldValue
        continuation.yield(TrainerFrame.hello(details))
        pages.withLock { pages in
            if let frame = lastFrame.withLock({ $0 }) { continuation.yield(frame) }
            pages[page] = continuation
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.pages.withLock { $0.removeValue(forKey: page) }
        }
        return stream
    }

    /// How many pages watch now.
    public var pageCount: Int { pages.withLock { $0.count } }

    private func publish(_ frame: String) {
        pages.withLock { pages in
            lastFrame.withLock { $0 = frame }
            for continuation in pages.values { continuation.yield(frame) }
        }
    }
}
