import Foundation
import TenderfootLink

/// A recording read back: its header, its chunks in order, and what was wrong with the file.
///
/// No chunk is believed before its CRC: a damaged length is never taken for the end of the
/// file while a valid chunk follows, a damaged header is read from its copy, and every header
/// value is checked as the calibration loader checks a profile. A file is read through a
/// window of 1 MiB and its chunks' payloads are read again when they are used, so memory stays
/// bounded whatever the file's size (an index of its chunks aside: about 40 bytes each).
public struct Recording: Sendable {
    /// One chunk: its kind, its host time and where its payload is.
    public struct Chunk: Sendable {
        public var kind: RecordingFormat.Kind
        public var hostMicros: UInt64
        /// Where the payload is in the file.
        public var range: Range<Int>
        let bytes: RecordingBytes

        /// The payload, read from the file (or the bytes parsed) each time it is asked for.
        public var payload: [UInt8] { bytes.read(range) }
    }

    public var header: RecordingHeader
    /// The chunks after the header, in order (the header's copies left out), read from the file
    /// as they are walked: nothing of the file is held but the window of the walk.
    public var chunks: Chunks
    /// Host times of the first and last wire chunks (µs since 1970), when there are any.
    public var wireMicros: ClosedRange<UInt64>?
    /// Where the file was cut off (its last chunk ends past the end of the file), if it was.
    public var truncatedAtByte: Int?
    /// Damaged stretches that were skipped (neighbouring ones as one): offset and length in bytes.
    public var skipped: [(offset: Int, count: Int)]
    /// True when the file ends with the end chunk its writer adds on closing.
    public var isComplete: Bool
    /// The first header chunk was damaged and its copy was read.
    public var headerFromCopy = false
    /// Wire or event chunks whose host time went back: they were put back in time order.
    public var reordered = 0
    /// Seconds of the session missing at its start (from the header's time to the first of the
    /// glove's bytes) and at its end (from the last of them to the end mark), when more than
    /// a writer's pause: whole chunks were lost there.
    public var missingAtStartSeconds: Double?
    public var missingAtEndSeconds: Double?

    /// Reads the recording at `path`; refuses a file that is not a recording or is of a newer format.
    public static func read(_ path: String) throws(RecordingError) -> Recording {
        let file: InputFile
        do {
            file = try InputFile(path: path)
        } catch .notSeekable {
            throw RecordingError("cannot read \(path): it is not a file but a pipe, a device or a socket — give the recording file itself")
        } catch .isFolder {
            throw RecordingError("cannot read \(path): it is a folder — give a recording file in it")
        } catch {
            throw RecordingError("cannot read \(path) (\(error)) — check the path and its permissions")
        }
        return try parse(RecordingBytes(file), name: path)
    }

    /// The longest a writer leaves between two writes of the glove's bytes (it writes four times
    /// a second), with room for a loaded machine: a longer gap at either end is chunks lost.
    static let writerGapMicros: UInt64 = 2_000_000

    /// Reads a recording held in memory.
    public static func parse(_ bytes: [UInt8], name: String) throws(RecordingError) -> Recording {
        try parse(RecordingBytes(bytes), name: name)
    }

    static func parse(_ source: RecordingBytes, name: String) throws(RecordingError) -> Recording {
        let magic = RecordingFormat.magic
        guard source.count >= magic.count + 2, source.read(0..<magic.count) == magic else {
            throw RecordingError("\(name) is not a Tenderfoot recording — record one with `tenderfoot live --record FILE`")
        }
        let versionBytes = source.read(magic.count..<(magic.count + 2))
        let version = UInt16(versionBytes[0]) | UInt16(versionBytes[1]) << 8
        guard version <= RecordingFormat.version else {
            throw RecordingError("\(name) was made by a newer Tenderfoot (recording format \(version), this one reads up to \(RecordingFormat.version)) — update Tenderfoot")
        }
        guard version >= 1 else {
            throw RecordingError("\(name) says it is recording format \(version), which no Tenderfoot wrote — the file is damaged")
        }
        // One walk over the file: the headers, what was damaged or cut, and what the chunks say
        // of their order and of the session's two ends. Only the stretches and the headers are kept.
        var walk = ChunkWalk(source, start: magic.count + 2)
        var headers: [Chunk] = []
        var complete = false
        var lastByKind: [RecordingFormat.Kind: UInt64] = [:]
        var moved = 0
        var wire: ClosedRange<UInt64>?
        var endMicros: UInt64?
        while let chunk = walk.next() {
            complete = chunk.kind == .end
            switch chunk.kind {
            case .header:
                headers.append(chunk)
                continue
            case .end:
                endMicros = chunk.hostMicros
            case .wire:
                wire = wire.map { min($0.lowerBound, chunk.hostMicros)...max($0.upperBound, chunk.hostMicros) }
                    ?? chunk.hostMicros...chunk.hostMicros
            case .event:
                break
            }
            if chunk.hostMicros < lastByKind[chunk.kind, default: 0] { moved += 1 } else { lastByKind[chunk.kind] = chunk.hostMicros }
        }
        // A header is JSON of about a kilobyte; one of more than a mebibyte is not a header.
        let decoded = headers.lazy.map { chunk in
            chunk.range.count > 1 << 20 ? nil : try? JSONDecoder().decode(RecordingHeader.self, from: Data(chunk.payload))
        }
        guard let index = decoded.firstIndex(where: { $0 != nil }), let header = decoded[index] else {
            throw RecordingError(headers.isEmpty ? "\(name) has no readable header — the file is damaged at its start"
                                 : "\(name) has a header Tenderfoot cannot read — the file is damaged or not a recording")
        }
        if let problem = header.problem {
            throw RecordingError("\(name)'s header \(problem) — the file is damaged or was not made by Tenderfoot")
        }
        // The header read is the file's first chunk, or the file's first chunk was damaged.
        let firstPayload = magic.count + 2 + RecordingFormat.chunkHeaderCount
        var chunks = Chunks(source: source, start: magic.count + 2, inTimeOrder: nil)
        if moved > 0 {
            // Wire and event chunks are each written in host-time order: ones out of it were
            // moved, and go back in order (stably). Only such a damaged file is held as a list.
            let end = chunks.filter { $0.kind == .end }
            let sorted = chunks.filter { $0.kind != .end }.enumerated()
                .sorted { ($0.element.hostMicros, $0.offset) < ($1.element.hostMicros, $1.offset) }.map(\.element)
            chunks = Chunks(source: source, start: magic.count + 2, inTimeOrder: sorted + end)
        }
        var recording = Recording(header: header, chunks: chunks, truncatedAtByte: walk.truncatedAt, skipped: walk.skipped,
                                  isComplete: complete)
        recording.wireMicros = wire
        recording.headerFromCopy = index != headers.startIndex || headers[index].range.lowerBound != firstPayload
        recording.reordered = moved
        if let wire, wire.lowerBound > header.createdHostMicros + Self.writerGapMicros {
            recording.missingAtStartSeconds = Double(wire.lowerBound - header.createdHostMicros) / 1e6
        }
        if let wire, let endMicros, endMicros > wire.upperBound + Self.writerGapMicros {
            recording.missingAtEndSeconds = Double(endMicros - wire.upperBound) / 1e6
        }
        return recording
    }

    /// How many damaged stretches are noted one by one; the rest are summed up in one note.
    static let skipNotes = 5

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
        for skip in skipped.prefix(Self.skipNotes) {
            notes.append("skipped a damaged stretch of \(skip.count) bytes at byte \(skip.offset); the rest was used")
        }
        if skipped.count > Self.skipNotes {
            let rest = skipped.dropFirst(Self.skipNotes)
            notes.append("skipped \(rest.count) more damaged stretches, \(rest.reduce(0) { $0 + $1.count }) bytes in all; the rest was used")
        }
        if headerFromCopy { notes.append("the recording's header was damaged: its copy was read") }
        if reordered > 0 { notes.append("\(reordered) chunks of the recording were out of time order: they were put back in order") }
        if let missing = missingAtStartSeconds {
            notes.append(String(format: "the first %.1f s of the recording are missing (the file lost its first chunks)", missing))
        }
        if let missing = missingAtEndSeconds {
            notes.append(String(format: "the last %.1f s before the recording's end mark are missing (the file lost chunks there)", missing))
        }
        return notes
    }

    /// The glove's bytes, in order, as they were received: walked from the file.
    public var wireChunks: LazyFilterSequence<Chunks> { chunks.lazy.filter { $0.kind == .wire } }
    /// The events the session showed, as JSON objects.
    public var events: [String] { chunks.filter { $0.kind == .event }.map { String(decoding: $0.payload, as: UTF8.self) } }
}

/// Where a recording's bytes are: a file, read piece by piece, or bytes in memory.
final class RecordingBytes: Sendable {
    private let file: InputFile?
    private let memory: [UInt8]
    let count: Int

    init(_ file: InputFile) {
        self.file = file
        memory = []
        count = file.size
    }

    init(_ bytes: [UInt8]) {
        file = nil
        memory = bytes
        count = bytes.count
    }

    func read(_ range: Range<Int>) -> [UInt8] {
        if let file { return file.read(range) }
        return Array(memory[min(range.lowerBound, count)..<min(range.upperBound, count)])
    }
}

/// Walks a recording's chunks through a window of the file: every chunk checked against its
/// CRC before it is believed.
struct ChunkScanner {
    enum ChunkRead {
        case chunk(Recording.Chunk, next: Int)
        case truncated
        case damaged
    }

    let source: RecordingBytes
    var count: Int { source.count }
    private var windowStart = 0
    private var window: [UInt8] = []
    static let windowSize = 1 << 20

    init(_ source: RecordingBytes) { self.source = source }

    /// The byte at `index` (< count).
    private mutating func byte(_ index: Int) -> UInt8 {
        if index < windowStart || index >= windowStart + window.count {
            windowStart = index
            window = source.read(index..<min(count, index + Self.windowSize))
        }
        return window[index - windowStart]
    }

    private mutating func le<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
        var value = T(0)
        for index in 0..<MemoryLayout<T>.size { value |= T(byte(at + index)) << (8 * index) }
        return value
    }

    /// The CRC of `range`, from the window when it holds it, else read in pieces.
    private mutating func crc(_ range: Range<Int>) -> UInt32 {
        if range.lowerBound >= windowStart && range.upperBound <= windowStart + window.count {
            return window.withUnsafeBytes {
                CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[(range.lowerBound - windowStart)..<(range.upperBound - windowStart)]))
            }
        }
        var running = CRC32.Running()
        var start = range.lowerBound
        while start < range.upperBound {
            let piece = source.read(start..<min(range.upperBound, start + Self.windowSize))
            guard !piece.isEmpty else { break }
            piece.withUnsafeBytes { running.add($0) }
            start += piece.count
        }
        return running.value
    }

    mutating func readChunk(at offset: Int) -> ChunkRead {
        let headerCount = RecordingFormat.chunkHeaderCount
        let sync = RecordingFormat.sync
        guard offset + headerCount <= count else {
            let tail = (offset..<count).map { byte($0) }
            return tail.starts(with: sync.prefix(tail.count)) ? .truncated : .damaged
        }
        guard byte(offset) == sync[0], byte(offset + 1) == sync[1] else { return .damaged }
        guard let kind = RecordingFormat.Kind(rawValue: byte(offset + 2)) else { return .damaged }
        let length = Int(le(offset + 3, UInt32.self))
        guard length <= RecordingFormat.maxPayload else { return .damaged }
        let payloadStart = offset + headerCount
        let end = payloadStart + length + 4
        guard end <= count else { return .truncated }
        let stored = le(payloadStart + length, UInt32.self)
        let hostMicros = le(offset + 7, UInt64.self)
        guard crc((offset + 2)..<(payloadStart + length)) == stored else { return .damaged }
        return .chunk(Recording.Chunk(kind: kind, hostMicros: hostMicros, range: payloadStart..<(payloadStart + length), bytes: source),
                      next: end)
    }

    /// Where the next chunk that passes its CRC starts after `offset`, if one does.
    mutating func nextChunk(after offset: Int) -> Int? {
        var index = offset + 1
        while index + 1 < count {
            if byte(index) == RecordingFormat.sync[0] && byte(index + 1) == RecordingFormat.sync[1],
               case .chunk = readChunk(at: index) {
                return index
            }
            index += 1
        }
        return nil
    }
}

extension Recording {
    /// A recording's chunks after its header, walked from the file each time they are iterated
    /// (or, for a file whose chunks were out of order, from the list put back in order).
    public struct Chunks: Sequence, Sendable {
        let source: RecordingBytes
        let start: Int
        let inTimeOrder: [Chunk]?

        /// Walks the chunks in order.
        public struct Iterator: IteratorProtocol {
            var walk: ChunkWalk?
            var list: IndexingIterator<[Chunk]>?

            public mutating func next() -> Chunk? {
                if list != nil { return list?.next() }
                while let chunk = walk?.next() {
                    if chunk.kind != .header { return chunk }
                }
                return nil
            }
        }

        public func makeIterator() -> Iterator {
            if let inTimeOrder { return Iterator(walk: nil, list: inTimeOrder.makeIterator()) }
            return Iterator(walk: ChunkWalk(source, start: start), list: nil)
        }
    }
}

/// One walk through a recording's chunks, every one checked against its CRC: a damaged
/// stretch is skipped to the next chunk that passes (and noted, neighbouring ones as one), and
/// a chunk running past the end of the file is the file cut off only when no valid chunk follows.
public struct ChunkWalk {
    private var scanner: ChunkScanner
    private var offset: Int
    /// Damaged stretches skipped so far: offset and length in bytes.
    public private(set) var skipped: [(offset: Int, count: Int)] = []
    /// Where the file was found cut off, once the walk reached it.
    public private(set) var truncatedAt: Int?

    init(_ source: RecordingBytes, start: Int) {
        scanner = ChunkScanner(source)
        offset = start
    }

    private mutating func skip(to resume: Int) {
        if let last = skipped.last, last.offset + last.count == offset {
            skipped[skipped.count - 1].count += resume - offset
        } else {
            skipped.append((offset, resume - offset))
        }
        offset = resume
    }

    /// The next chunk that passes its CRC, or nil at the end of the file.
    public mutating func next() -> Recording.Chunk? {
        while offset < scanner.count {
            switch scanner.readChunk(at: offset) {
            case .chunk(let chunk, let next):
                offset = next
                return chunk
            case .truncated:
                if let resume = scanner.nextChunk(after: offset) {
                    skip(to: resume)
                } else {
                    truncatedAt = offset
                    offset = scanner.count
                }
            case .damaged:
                skip(to: scanner.nextChunk(after: offset) ?? scanner.count)
            }
        }
        return nil
    }
}
