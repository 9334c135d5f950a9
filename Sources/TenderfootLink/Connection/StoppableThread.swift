import Foundation
import Synchronization

/// A dedicated thread that runs a loop until asked to stop: the reader, the analysis, the
/// recorder and the virtual glove each run on one. The loop polls `isStopRequested`; `stop()`
/// asks and waits until the body has returned.
public final class StoppableThread: Sendable {
    private let stopRequested = Atomic<Bool>(false)
    private let done = NSCondition()
    private nonisolated(unsafe) var finished = false  // guarded by `done`

    /// Starts `body` on a new thread named `name`; `body` receives this thread to poll.
    public init(name: String, qualityOfService: QualityOfService = .default, body: @escaping @Sendable (StoppableThread) -> Void) {
        let thread = Thread { [self] in
            body(self)
            done.lock()
            finished = true
            done.broadcast()
            done.unlock()
        }
        thread.name = name
        thread.qualityOfService = qualityOfService
        thread.start()
    }

    public var isStopRequested: Bool { stopRequested.load(ordering: .acquiring) }

    /// True once the body has returned.
    public var isFinished: Bool {
        done.lock(); defer { done.unlock() }
        return finished
    }

    /// Asks the loop to stop and waits until the body has returned.
    public func stop() {
        requestStop()
        waitUntilFinished()
    }

    /// Asks the loop to stop, without waiting.
    public func requestStop() {
        stopRequested.store(true, ordering: .releasing)
    }

    /// Waits until the body has returned by itself.
    public func waitUntilFinished() {
        done.lock()
        while !finished { done.wait() }
        done.unlock()
    }
}
