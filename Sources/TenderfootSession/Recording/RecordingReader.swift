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
    public var chunks: [Chunk]
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
        var scanner = ChunkScanner(source)
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
        var chunks: [Chunk] = []
        var headers: [Chunk] = []
        var skipped: [(offset: Int, count: Int)] = []
        var truncated: Int?
        var offset = magic.count + 2
        var complete = false
        func skip(to resume: Int) {
            if let last = skipped.last, last.offset + last.count == offset {
                skipped[skipped.count - 1].count += resume - offset
            } else {
                skipped.append((offset, resume - offset))
            }
            offset = resume
        }
        while offset < source.count {
            switch scanner.readChunk(at: offset) {
            case .chunk(let chunk, let next):
                if chunk.kind == .header { headers.append(chunk) } else { chunks.append(chunk) }
                complete = chunk.kind == .end
                offset = next
            case .truncated:
                // A length that runs past the end is only the end if no valid chunk follows.
                if let resume = scanner.nextChunk(after: offset) {
                    skip(to: resume)
                } else {
                    truncated = offset
                    offset = source.count
                }
            case .damaged:
                skip(to: scanner.nextChunk(after: offset) ?? source.count)
            }
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
        let headerFromCopy = index != headers.startIndex || headers[index].range.lowerBound != firstPayload
        var recording = Recording(header: header, chunks: chunks, truncatedAtByte: truncated, skipped: skipped, isComplete: complete)
        recording.headerFromCopy = headerFromCopy
        recording.putInTimeOrder()
        recording.findMissingEnds()
        return recording
    }

    /// Wire chunks and event chunks are each written in host-time order: a chunk out of it was
    /// moved; they go back in order (stably), and `reordered` counts them.
    private mutating func putInTimeOrder() {
        var moved = 0
        for kind in [RecordingFormat.Kind.wire, .event] {
            var last: UInt64 = 0
            for chunk in chunks where chunk.kind == kind {
                if chunk.hostMicros < last { moved += 1 } else { last = chunk.hostMicros }
            }
        }
        guard moved > 0 else { return }
        reordered = moved
        let end = chunks.filter { $0.kind == .end }
        chunks = chunks.filter { $0.kind != .end }.enumerated()
            .sorted { ($0.element.hostMicros, $0.offset) < ($1.element.hostMicros, $1.offset) }.map(\.element) + end
    }

    private mutating func findMissingEnds() {
        let wire = chunks.filter { $0.kind == .wire }
        guard let first = wire.first, let last = wire.last else { return }
        if first.hostMicros > header.createdHostMicros + Self.writerGapMicros {
            missingAtStartSeconds = Double(first.hostMicros - header.createdHostMicros) / 1e6
        }
        if let end = chunks.last(where: { $0.kind == .end }), end.hostMicros > last.hostMicros + Self.writerGapMicros {
            missingAtEndSeconds = Double(end.hostMicros - last.hostMicros) / 1e6
        }
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

    /// The glove's bytes, in order, as they were received.
    public var wireChunks: [Chunk] { chunks.filter { $0.kind == .wire } }
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
