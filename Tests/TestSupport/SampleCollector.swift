import Foundation
import TenderfootLink
import TenderfootWire

extension GloveConnection {
    /// Pops samples until `count` have arrived, the reader ended, or `timeout` passed.
    /// A test's consumer: it waits by polling the ring every millisecond.
    public func collectSamples(count: Int, timeout: Duration = .seconds(10)) -> [Sample] {
        var collected: [Sample] = []
        let buffer = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 512)
        defer { buffer.deallocate() }
        let deadline = ContinuousClock.now + timeout
        while collected.count < count && ContinuousClock.now < deadline {
            let n = popSamples(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<min(buffer.count, count - collected.count)]))
            collected += buffer.prefix(n)
            if n == 0 {
                if isDrained { break }
                usleep(1000)
            }
        }
        return collected
    }

    /// Pops everything left until the reader has ended and the ring is empty.
    public func drainSamples(timeout: Duration = .seconds(10)) -> [Sample] {
        collectSamples(count: .max, timeout: timeout)
    }
}
