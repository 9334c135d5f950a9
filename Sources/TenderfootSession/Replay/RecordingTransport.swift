import Foundation
import TenderfootLink

/// A recording's glove bytes served as if the glove were sending them: each wire chunk when
/// the replay clock says it is due, so a recording goes through the same decoder, ring,
/// calibration and analysis as a live glove. The chunks are walked from the file as they come
/// due, one payload in memory at a time. Commands written to it are ignored; after the last
/// chunk, `read` throws `.endOfRecording`.
public final class RecordingTransport: ByteTransport, @unchecked Sendable {
    public let portName: String
    private let firstMicros: UInt64
    /// Recording time of the last wire chunk, µs from the first.
    public let lengthMicros: UInt64
    private let clock: ReplayClock
    // Reader thread only:
    private var upcoming: LazyFilterSequence<Recording.Chunks>.Iterator
    private var current: (chunk: Recording.Chunk, payload: [UInt8]?)?
    private var byteIndex = 0
    public private(set) var arrivalMicros: UInt64?

    /// Serves `recording`'s wire chunks paced by `clock`; `name` names it in messages.
    public init(_ recording: Recording, name: String, clock: ReplayClock) {
        portName = name
        firstMicros = recording.wireMicros?.lowerBound ?? 0
        lengthMicros = (recording.wireMicros?.upperBound ?? firstMicros) &- firstMicros
        upcoming = recording.wireChunks.makeIterator()
        self.clock = clock
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMillis: Int) throws(LinkError) -> Int {
        if current == nil { current = upcoming.next().map { ($0, nil) } }
        guard let (chunk, loaded) = current else { throw .endOfRecording(portName) }
        guard clock.isDue(chunk.hostMicros &- firstMicros) else {
            usleep(UInt32(min(timeoutMillis, 2)) * 1000)
            return 0
        }
        let bytes = loaded ?? chunk.payload
        arrivalMicros = chunk.hostMicros
        let count = min(buffer.count, bytes.count - byteIndex)
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[byteIndex..<(byteIndex + count)]))
        }
        byteIndex += count
        if byteIndex == bytes.count {
            current = nil
            byteIndex = 0
        } else {
            current = (chunk, bytes)
        }
        return count
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(LinkError) {}

    public func close() {}
}
