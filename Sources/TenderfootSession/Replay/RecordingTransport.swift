import Foundation
import TenderfootLink

/// A recording's glove bytes served as if the glove were sending them: each wire chunk when
/// the replay clock says it is due, so a recording goes through the same decoder, ring,
/// calibration and analysis as a live glove. Commands written to it are ignored; after the
/// last chunk, `read` throws `.endOfRecording`.
public final class RecordingTransport: ByteTransport, @unchecked Sendable {
    public let portName: String
    private let chunks: [Recording.Chunk]
    private let firstMicros: UInt64
    private let clock: ReplayClock
    // Reader thread only:
    private var chunkIndex = 0
    private var byteIndex = 0
    /// The payload of `chunks[chunkIndex]`, read when it is due.
    private var payload: [UInt8]?

    /// Serves `recording`'s wire chunks paced by `clock`; `name` names it in messages.
    public init(_ recording: Recording, name: String, clock: ReplayClock) {
        portName = name
        chunks = recording.wireChunks
        firstMicros = chunks.first?.hostMicros ?? 0
        self.clock = clock
    }

    /// Recording time of the last wire chunk, µs from the first.
    public var lengthMicros: UInt64 { (chunks.last?.hostMicros ?? firstMicros) &- firstMicros }

    public func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMillis: Int) throws(LinkError) -> Int {
        guard chunkIndex < chunks.count else { throw .endOfRecording(portName) }
        let chunk = chunks[chunkIndex]
        guard clock.isDue(chunk.hostMicros &- firstMicros) else {
            usleep(UInt32(min(timeoutMillis, 2)) * 1000)
            return 0
        }
        let bytes = payload ?? chunk.payload
        let count = min(buffer.count, bytes.count - byteIndex)
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[byteIndex..<(byteIndex + count)]))
        }
        byteIndex += count
        if byteIndex == bytes.count {
            chunkIndex += 1
            byteIndex = 0
            payload = nil
        } else {
            payload = bytes
        }
        return count
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(LinkError) {}

    public func close() {}
}
