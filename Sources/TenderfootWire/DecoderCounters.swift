/// Everything a decoder accepted and everything it dropped, by reason. Nothing is lost silently.
public struct DecoderCounters: Equatable, Hashable, Sendable {
    /// Frames decoded and handed on.
    public var frames: UInt64 = 0
    /// Of which SAMPLE frames.
    public var samples: UInt64 = 0
    /// Frames whose CRC did not match.
    public var crc: UInt64 = 0
    /// Runs between delimiters that were not valid COBS.
    public var cobs: UInt64 = 0
    /// Frames with a protocol version other than 1.
    public var version: UInt64 = 0
    /// Frames too short to hold a header and CRC, longer than 250 bytes, or with a body of the wrong length for their type.
    public var length: UInt64 = 0
    /// Frames of a type this protocol does not define.
    public var unknownType: UInt64 = 0
    /// Runs of more than 256 bytes without a delimiter, discarded up to the next delimiter.
    public var overlong: UInt64 = 0
    /// Bytes thrown away inside overlong runs.
    public var overlongBytes: UInt64 = 0
    /// Sequence numbers missing from the stream, as the spec counts them ((S - E) mod 65536 for
    /// a jump of 1...32767): frames that never arrived, and frames that arrived damaged (those
    /// are also counted above by their reason, since a damaged frame's number cannot be trusted).
    public var lostBySequenceGap: UInt64 = 0
    /// Sequence jumps that mean the sender restarted.
    public var senderRestarts: UInt64 = 0

    public init() {}

    /// These counts added to `other`'s (a session's total over several connections).
    public func adding(_ other: DecoderCounters) -> DecoderCounters {
        var sum = self
        sum.frames += other.frames
        sum.samples += other.samples
        sum.crc += other.crc
        sum.cobs += other.cobs
        sum.version += other.version
        sum.length += other.length
        sum.unknownType += other.unknownType
        sum.overlong += other.overlong
        sum.overlongBytes += other.overlongBytes
        sum.lostBySequenceGap += other.lostBySequenceGap
        sum.senderRestarts += other.senderRestarts
        return sum
    }

    /// Frames that arrived but were dropped.
    public var dropped: UInt64 { crc + cobs + version + length + unknownType + overlong }

    /// Each count with its stable name, for reports and JSON.
    public var named: [(name: String, value: UInt64)] {
        [("frames", frames), ("samples", samples), ("crc", crc), ("cobs", cobs), ("version", version),
         ("length", length), ("unknown_type", unknownType), ("overlong", overlong),
         ("overlong_bytes", overlongBytes), ("lost", lostBySequenceGap), ("restarts", senderRestarts)]
    }
}
