import Foundation

/// A recording file being written, chunk by chunk, on the caller's thread: the magic, the
/// header chunk, then whatever is appended, then the end chunk on `finish`. `RecordingWriter`
/// uses it from its own thread during a session; a virtual glove's offline recording uses it directly.
public final class RecordingFile {
    public let path: String
    private let handle: FileHandle
    private var pending: [UInt8] = []
    private var lastSync = Date()

    /// Creates the file and writes its header; throws a one-line error if it cannot.
    public init(path: String, header: RecordingHeader) throws(RecordingError) {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw RecordingError("cannot create the recording \(path) — check that the folder exists and is writable")
        }
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch {
            throw RecordingError("cannot open the recording \(path) for writing — check its permissions")
        }
        pending = RecordingFormat.magic
        withUnsafeBytes(of: RecordingFormat.version.littleEndian) { pending += $0 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(header)) ?? Data("{}".utf8)
        append(.header, hostMicros: header.createdHostMicros, payload: Array(json))
        flush()
    }

    /// Adds a chunk (written on the next `flush`, or at once past 1 MiB).
    public func append(_ kind: RecordingFormat.Kind, hostMicros: UInt64, payload: some Collection<UInt8>) {
        pending += RecordingFormat.sync
        let start = pending.count
        pending.append(kind.rawValue)
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { pending += $0 }
        withUnsafeBytes(of: hostMicros.littleEndian) { pending += $0 }
        pending += payload
        let crc = pending.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        withUnsafeBytes(of: crc.littleEndian) { pending += $0 }
        if pending.count > 1 << 20 { flush() }
    }

    /// Writes what was appended; syncs to disk at most once a second (always when `sync`).
    public func flush(sync: Bool = false) {
        if !pending.isEmpty {
            handle.write(Data(pending))
            pending.removeAll(keepingCapacity: true)
        }
        if sync || Date().timeIntervalSince(lastSync) >= 1 {
            try? handle.synchronize()
            lastSync = Date()
        }
    }

    /// Adds the end chunk, writes everything, syncs and closes the file.
    public func finish(hostMicros: UInt64) {
        append(.end, hostMicros: hostMicros, payload: [UInt8]())
        flush(sync: true)
        try? handle.close()
    }
}
