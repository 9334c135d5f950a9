import Foundation
import Testing
import TenderfootLink

/// `Locked`: a change one thread makes under the lock is seen whole by the next.
@Suite struct LockedTests {
    @Test func incrementsFromSeveralThreadsAreAllCounted() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<25_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 100_000)
    }

    @Test func theBodysResultAndErrorComeBackAndTheLockIsLeftFree() {
        struct Refused: Error {}
        let queue = Locked([1, 2])
        #expect(queue.withLock { $0.removeFirst() } == 1)
        #expect(throws: Refused.self) { try queue.withLock { _ in throw Refused() } }
        #expect(queue.withLock { $0 } == [2], "a body that threw left the lock free")
    }
}
