import Foundation

/// A recording read back: its header, its chunks in order, and what was wrong with the file.
public struct Recording: Sendable {
    public struct Chunk: Sendable {
        public var kind: RecordingFormat.Kind
        public var hostMicros: UInt64
        public var payload: ArraySlice<UInt8>
    }

    public var header: RecordingHeader
    public var chunks: [Chunk]
    /// Where the file was cut off (a chunk ends past the end of the file), if it was.
    public var truncatedAtByte: Int?
    /// Damaged stretches that were skipped: their offset and length in bytes.
    public var skipped: [(offset: Int, count: Int)]
    /// True when the file ends with the end chunk its writer adds on closing.
    public var isComplete: Bool

    /// Reads the recording at `path`; refuses a file that is not a recording or is of a newer format.
    public static func read(_ path: String) throws(RecordingError) -> Recording {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecordingError("cannot read \(path) — check the path and its permissions")
        }
        return try parse([UInt8](data), name: path)
    }

    public static func parse(_ bytes: [UInt8], name: String) throws(RecordingError) -> Recording {
        let magic = RecordingFormat.magic
        guard bytes.count >= magic.count + 2, Array(bytes[0..<magic.count]) == magic else {
            throw RecordingError("\(name) is not a Tenderfoot recording — record one with `tenderfoot live --record FILE`")
        }
        let version = UInt16(bytes[magic.count]) | UInt16(bytes[magic.count + 1]) << 8
        guard version <= RecordingFormat.version else {
            throw RecordingError("\(name) was made by a newer Tenderfoot (recording format \(version), this one reads up to \(RecordingFormat.version)) — update Tenderfoot")
        }
        var chunks: [Chunk] = []
        var skipped: [(Int, Int)] = []
        var truncated: Int?
        var offset = magic.count + 2
        var complete = false
        while offset < bytes.count {
            switch readChunk(bytes, at: offset) {
            case .chunk(let chunk, let next):
                chunks.append(chunk)
                complete = chunk.kind == .end
                offset = next
            case .truncated:
                truncated = offset
                offset = bytes.count
            case .damaged:
                let resume = nextSync(bytes, after: offset)
                skipped.append((offset, resume - offset))
                offset = resume
            }
        }
        guard let first = chunks.first, first.kind == .header else {
            throw RecordingError("\(name) has no readable header — the file is damaged at its start")
        }
        let header: RecordingHeader
        do {
            header = try JSONDecoder().decode(RecordingHeader.self, from: Data(first.payload))
        } catch {
            throw RecordingError("\(name) has a header Tenderfoot cannot read — the file is damaged or not a recording")
        }
        return Recording(header: header, chunks: Array(chunks.dropFirst()), truncatedAtByte: truncated,
                         skipped: skipped, isComplete: complete)
    }

    private enum ChunkRead {
        case chunk(Chunk, next: Int)
        case truncated
        case damaged
    }

    private static func readChunk(_ bytes: [UInt8], at offset: Int) -> ChunkRead {
        let headerCount = RecordingFormat.chunkHeaderCount
        guard offset + headerCount <= bytes.count else {
            return bytes[offset...].starts(with: RecordingFormat.sync.prefix(bytes.count - offset)) ? .truncated : .damaged
        }
        guard bytes[offset] == RecordingFormat.sync[0], bytes[offset + 1] == RecordingFormat.sync[1] else { return .damaged }
        func le<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
            (0..<MemoryLayout<T>.size).reduce(T(0)) { $0 | T(bytes[at + $1]) << (8 * $1) }
        }
        guard let kind = RecordingFormat.Kind(rawValue: bytes[offset + 2]) else { return .damaged }
        let length = Int(le(offset + 3, UInt32.self))
        guard length <= RecordingFormat.maxPayload else { return .damaged }
        let payloadStart = offset + headerCount
        let end = payloadStart + length + 4
        guard end <= bytes.count else { return .truncated }
        let stored = le(payloadStart + length, UInt32.self)
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[(offset + 2)..<(payloadStart + length)])) }
        guard crc == stored else { return .damaged }
        return .chunk(Chunk(kind: kind, hostMicros: le(offset + 7, UInt64.self), payload: bytes[payloadStart..<(payloadStart + length)]),
                      next: end)
    }

    private static func nextSync(_ bytes: [UInt8], after offset: Int) -> Int {
        var index = offset + 1
        while index + 1 < bytes.count {
            if bytes[index] == RecordingFormat.sync[0] && bytes[index + 1] == RecordingFormat.sync[1] { return index }
            index += 1
        }
        return bytes.count
    }

    /// What a reader of this file should be told, one line each: where it was cut off (with the
    /// device time of the last sample read, when known), a missing end mark, damaged stretches skipped.
    public func notes(lastDeviceMicros: UInt64?) -> [String] {
        var notes: [String] = []
        let reached = lastDeviceMicros.map { String(format: " (device time %.3f s)", Double($0) / 1e6) } ?? ""
        if let cut = truncatedAtByte {
            notes.append("the recording was cut off at byte \(cut)\(reached): only its complete part was used")
        } else if !isComplete {
            notes.append("the recording has no end mark\(reached): the program that made it stopped without closing it; all of it was used")
        }
        for skip in skipped {
            notes.append("skipped a damaged stretch of \(skip.count) bytes at byte \(skip.offset); the rest was used")
        }
        return notes
    }

    /// The glove's bytes, in order, as they were received.
    public var wireChunks: [Chunk] { chunks.filter { $0.kind == .wire } }
    /// The events the session showed, as JSON objects.
    public var events: [String] { chunks.filter { $0.kind == .event }.map { String(decoding: $0.payload, as: UTF8.self) } }
}
