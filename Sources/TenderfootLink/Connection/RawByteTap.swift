import Foundation

/// Collects the bytes a connection receives, exactly as they arrived, for a recorder on
/// another thread. The reader appends under a short lock; the recorder takes everything at once.
public final class RawByteTap: @unchecked Sendable {
    /// One read's bytes and when they arrived (host clock, µs since 1970).
    public struct Chunk: Sendable {
        public var hostMicros: UInt64
        public var bytes: [UInt8]
    }

    private let lock = NSLock()
    private var chunks: [Chunk] = []

    public init() {}

    /// Adds bytes as received at `hostMicros` (the reader thread calls this for every read).
    public func append(_ bytes: UnsafeRawBufferPointer, hostMicros: UInt64) {
        let chunk = Chunk(hostMicros: hostMicros, bytes: Array(bytes))
        lock.lock()
        chunks.append(chunk)
        lock.unlock()
    }

    /// Everything received since the last call.
    public func take() -> [Chunk] {
        lock.lock(); defer { lock.unlock() }
        let taken = chunks
        chunks.removeAll(keepingCapacity: true)
        return taken
    }

    public static func hostMicros() -> UInt64 {
        UInt64(Date().timeIntervalSince1970 * 1_000_000)
    }
}
