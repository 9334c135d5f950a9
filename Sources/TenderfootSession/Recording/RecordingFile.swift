import Foundation
import TenderfootLink

/// A recording file being written, chunk by chunk, on the caller's thread: the magic, the
/// header chunk, then whatever is appended, then the end chunk on `finish`. `RecordingWriter`
/// uses it from its own thread during a session; a virtual glove's offline recording uses it
/// directly. It is created readable by its owner only (it may name the trainee).
public final class RecordingFile {
    public let path: String
    private let output: OutputFile
    private var pending: [UInt8] = []
    private var lastSync = ContinuousClock.now
    /// The first write that failed; the file holds everything before it.
    public private(set) var failure: RecordingError?

    /// Creates the file and writes its header; throws a one-line error if it cannot (an
    /// existing file is refused unless `existing` is `.replace`).
    public init(path: String, header: RecordingHeader, existing: OutputFile.Existing = .refuse) throws(RecordingError) {
        self.path = path
        do {
            output = try OutputFile(creating: path, existing: existing, permissions: 0o600)
        } catch {
            throw RecordingError(error.description)
        }
        pending = RecordingFormat.magic
        withUnsafeBytes(of: RecordingFormat.version.littleEndian) { pending += $0 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(header)) ?? Data("{}".utf8)
        // The header twice: a damaged first copy leaves the file readable (Docs/recording-format.md).
        append(.header, hostMicros: header.createdHostMicros, payload: Array(json))
        append(.header, hostMicros: header.createdHostMicros, payload: Array(json))
        do {
            try output.write(pending)
            pending.removeAll()
        } catch {
            throw RecordingError(error.description)
        }
    }

    /// Adds a chunk (written on the next `flush`, or at once past 1 MiB). After a failed
    /// write nothing more is kept.
    public func append(_ kind: RecordingFormat.Kind, hostMicros: UInt64, payload: some Collection<UInt8>) {
        guard failure == nil else { return }
        pending += RecordingFormat.sync
        let start = pending.count
        pending.append(kind.rawValue)
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { pending += $0 }
        withUnsafeBytes(of: hostMicros.littleEndian) { pending += $0 }
        pending += payload
        let crc = pending.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        withUnsafeBytes(of: crc.littleEndian) { pending += $0 }
        if pending.count > 1 << 20 { try? flush() }
    }

    /// Writes what was appended; syncs to disk at most once a second (always when `sync`).
    /// Throws the first failure (a full disk, a file-size limit), and again on every later call.
    public func flush(sync: Bool = false) throws(RecordingError) {
        if let failure { throw failure }
        do {
            if !pending.isEmpty {
                defer { pending.removeAll(keepingCapacity: true) }
                try output.write(pending)
            }
            if sync || ContinuousClock.now - lastSync >= .seconds(1) {
                try output.sync()
                lastSync = .now
            }
        } catch {
            let failed = RecordingError(error.description + "; the recording holds everything before this")
            failure = failed
            throw failed
        }
    }

    /// Adds the end chunk, writes everything, syncs and closes the file. After a failed write
    /// it still tries to add the end chunk (a few bytes may fit where a large write did not).
    public func finish(hostMicros: UInt64) throws(RecordingError) {
        let earlier = failure
        if earlier != nil {
            failure = nil
            pending.removeAll()
        }
        append(.end, hostMicros: hostMicros, payload: [UInt8]())
        defer { output.discard() }
        try? flush(sync: true)
        if let earlier { failure = earlier; throw earlier }
        if let failure { throw failure }
        do { try output.close() } catch { throw RecordingError(error.description) }
    }
}
