import Dispatch

/// Swift's AsyncStream (unbounded buffer) moving the same items from a producer thread to an awaiting consumer.
enum AsyncStreamMeasurement {
    static func crossThreadNanos<T: BenchItem & Sendable>(_: T.Type, n: UInt64) -> UInt64 {
        let (stream, continuation) = AsyncStream<T>.makeStream(bufferingPolicy: .unbounded)
        let go = StartFlag()
        let producer = Worker {
            go.wait()
            for i in 0..<n { continuation.yield(T(i)) }
            continuation.finish()
        }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var elapsed: UInt64 = 0
        Task.detached {
            var sum: UInt64 = 0
            let start = nowNanos()
            go.raise()
            for await item in stream { sum &+= item.key }
            elapsed = sum == n * (n - 1) / 2 ? nowNanos() - start : 0
            done.signal()
        }
        done.wait()
        producer.join()
        return elapsed
    }
}
