/// Turns messages into protocol v1 bytes: header, body, CRC, COBS, then the 0x00 delimiter.
public enum FrameEncoder {
    /// Appends the encoded frame and its delimiter to `out`. Allocates only if
    /// `out` must grow: reserve capacity once and reuse it to encode without allocating.
    public static func encode(_ message: Message, sequence: UInt16, appendingTo out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(byteCount: WireLimits.maxDecodedCount, alignment: 1) { raw in
            let base = raw.baseAddress!
            base.storeBytes(of: WireLimits.version, toByteOffset: 0, as: UInt8.self)
            base.storeBytes(of: message.type.rawValue, toByteOffset: 1, as: UInt8.self)
            base.storeBytes(of: sequence.littleEndian, toByteOffset: 2, as: UInt16.self)
            let bodyCount = message.unsafeWriteBody(to: base + WireLimits.headerCount)
            let crcOffset = WireLimits.headerCount + bodyCount
            let crc = CRC16.update(CRC16.initial, UnsafeRawBufferPointer(start: base, count: crcOffset))
            base.storeBytes(of: crc.littleEndian, toByteOffset: crcOffset, as: UInt16.self)
            COBS.encode(UnsafeRawBufferPointer(start: base, count: crcOffset + WireLimits.crcCount),
                        appendingTo: &out)
            out.append(0)
        }
    }

    /// The encoded frame and its delimiter.
    public static func encode(_ message: Message, sequence: UInt16) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(WireLimits.maxEncodedRun)
        encode(message, sequence: sequence, appendingTo: &out)
        return out
    }

    /// The decoded (pre-COBS) bytes of a frame: header, body and CRC. For tests and fault injection.
    public static func rawFrame(_ message: Message, sequence: UInt16) -> [UInt8] {
        let encoded = encode(message, sequence: sequence)
        var bytes = Array(encoded.dropLast())
        let count = bytes.withUnsafeMutableBufferPointer { COBS.unsafeDecodeInPlace($0.baseAddress!, count: $0.count)! }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// COBS-encodes arbitrary decoded bytes (a frame built by hand, perhaps deliberately wrong) and adds the delimiter.
    public static func frameBytes(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        raw.withUnsafeBytes { COBS.encode($0, appendingTo: &out) }
        out.append(0)
        return out
    }
}
