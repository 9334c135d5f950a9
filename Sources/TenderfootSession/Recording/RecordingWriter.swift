import Foundation
import TenderfootLink

/// Writes a recording while a session runs: the glove's bytes from a `RawByteTap` and the
/// session's events, from its own thread, so neither the reader nor the analysis waits on the
/// disk. It writes four times a second and syncs to disk once a second, so a killed program
/// leaves a file readable up to its last second.
public final class RecordingWriter: @unchecked Sendable {
    public let path: String
    /// The connection's tap this writer drains.
    public let tap: RawByteTap
    private let handle: FileHandle
    private let state = NSCondition()
    private var events: [(UInt64, Data)] = []
    private var thread: StoppableThread!
    private var lastSync = Date()

    /// Creates the file and writes its header; throws a one-line error if it cannot.
    public init(path: String, header: RecordingHeader, tap: RawByteTap) throws(RecordingError) {
        self.path = path
        self.tap = tap
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw RecordingError("cannot create the recording \(path) — check that the folder exists and is writable")
        }
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch {
            throw RecordingError("cannot open the recording \(path) for writing — check its permissions")
        }
        var start = RecordingFormat.magic
        withUnsafeBytes(of: RecordingFormat.version.littleEndian) { start += $0 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(header)) ?? Data("{}".utf8)
        Self.appendChunk(.header, hostMicros: header.createdHostMicros, payload: Array(json), to: &start)
        handle.write(Data(start))
        thread = StoppableThread(name: "recorder") { [self] thread in run(thread) }
    }

    /// Adds a session event (a JSON object) to the recording.
    public func record(event json: String) {
        state.lock()
        events.append((RawByteTap.hostMicros(), Data(json.utf8)))
        state.unlock()
    }

    private func run(_ thread: StoppableThread) {
        while !thread.isStopRequested {
            state.lock()
            _ = state.wait(until: Date().addingTimeInterval(0.25))
            state.unlock()
            writePending(final: false)
        }
        writePending(final: true)
    }

    private func writePending(final: Bool) {
        var out: [UInt8] = []
        for chunk in tap.take() {
            Self.appendChunk(.wire, hostMicros: chunk.hostMicros, payload: chunk.bytes, to: &out)
        }
        state.lock()
        let pendingEvents = events
        events.removeAll()
        state.unlock()
        for (time, json) in pendingEvents { Self.appendChunk(.event, hostMicros: time, payload: Array(json), to: &out) }
        if final { Self.appendChunk(.end, hostMicros: RawByteTap.hostMicros(), payload: [], to: &out) }
        if !out.isEmpty { handle.write(Data(out)) }
        if final || Date().timeIntervalSince(lastSync) >= 1 {
            try? handle.synchronize()
            lastSync = Date()
        }
    }

    /// Writes what is left, marks the end and closes the file.
    public func close() {
        thread.requestStop()
        state.lock()
        state.broadcast()  // no need to wait out the current quarter second
        state.unlock()
        thread.waitUntilFinished()
        try? handle.close()
    }

    static func appendChunk(_ kind: RecordingFormat.Kind, hostMicros: UInt64, payload: [UInt8], to out: inout [UInt8]) {
        out += RecordingFormat.sync
        let start = out.count
        out.append(kind.rawValue)
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { out += $0 }
        withUnsafeBytes(of: hostMicros.littleEndian) { out += $0 }
        out += payload
        let crc = out.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        withUnsafeBytes(of: crc.littleEndian) { out += $0 }
    }
}

/// Why a recording could not be written or read; one line that says what to do.
public struct RecordingError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
