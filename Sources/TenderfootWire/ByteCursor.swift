/// Little-endian field writer over a caller's raw buffer; the caller sizes the buffer.
@usableFromInline
struct UnsafeByteWriter {
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline var offset: Int

    @inlinable init(_ base: UnsafeMutableRawPointer) { self.base = base; self.offset = 0 }

    @inlinable mutating func put<T: FixedWidthInteger>(_ value: T) {
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
    }

    /// Writes `text` as ASCII/UTF-8 into a NUL-padded field of `width` bytes (cut if longer).
    mutating func putPadded(_ text: String, width: Int) {
        var written = 0
        for byte in text.utf8 where written < width {
            base.storeBytes(of: byte, toByteOffset: offset + written, as: UInt8.self)
            written += 1
        }
        for index in written..<width { base.storeBytes(of: 0, toByteOffset: offset + index, as: UInt8.self) }
        offset += width
    }

    mutating func putBytes(_ bytes: some Collection<UInt8>) {
        for byte in bytes { put(byte) }
    }
}

/// Little-endian field reader over a decoded frame body; the caller checks the length first.
@usableFromInline
struct UnsafeByteReader {
    @usableFromInline let base: UnsafeRawPointer
    @usableFromInline var offset: Int

    @inlinable init(_ base: UnsafeRawPointer) { self.base = base; self.offset = 0 }

    @inlinable mutating func get<T: FixedWidthInteger>(_: T.Type = T.self) -> T {
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return value
    }

    /// Reads a NUL-padded text field of `width` bytes.
    mutating func getPadded(width: Int) -> String {
        let bytes = UnsafeRawBufferPointer(start: base + offset, count: width)
        offset += width
        let end = bytes.firstIndex(of: 0) ?? width
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    mutating func getRemainingText(count: Int) -> String {
        let bytes = UnsafeRawBufferPointer(start: base + offset, count: count)
        offset += count
        return String(decoding: bytes, as: UTF8.self)
    }
}
