import Foundation
import TenderfootLink

/// Writes a recording while a session runs: the glove's bytes from a `RawByteTap` and the
/// session's events, from its own thread, so neither the reader nor the analysis waits on the
/// disk. It writes four times a second and syncs to disk once a second, so a killed program
/// leaves a file readable up to its last second. When a write fails (a full disk, a file-size
/// limit) it keeps draining the tap, so memory stays flat, and `failure` says what happened.
public final class RecordingWriter: @unchecked Sendable {
    public var path: String { file.path }
    /// The connection's tap this writer drains.
    public let tap: RawByteTap
    private let file: RecordingFile          // the writer thread's, once started
    private let state = NSCondition()
    private var events: [(UInt64, Data)] = []
    private var failure_: RecordingError?   // guarded by `state`
    private var thread: StoppableThread!

    /// Creates the file and writes its header; throws a one-line error if it cannot.
    public init(path: String, header: RecordingHeader, tap: RawByteTap, existing: OutputFile.Existing = .refuse) throws(RecordingError) {
        self.tap = tap
        file = try RecordingFile(path: path, header: header, existing: existing)
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
            writePending()
            note { () throws(RecordingError) in try file.flush() }
        }
        writePending()
        note { () throws(RecordingError) in try file.finish(hostMicros: RawByteTap.hostMicros()) }
    }

    /// The first write that failed, if one did: the file holds everything before it.
    public var failure: RecordingError? {
        state.lock(); defer { state.unlock() }
        return failure_
    }

    private func note(_ write: () throws(RecordingError) -> Void) {
        do { try write() } catch {
            state.lock()
            if failure_ == nil { failure_ = error }
            state.unlock()
        }
    }

    private func writePending() {
        for chunk in tap.take() { file.append(.wire, hostMicros: chunk.hostMicros, payload: chunk.bytes) }
        state.lock()
        let pendingEvents = events
        events.removeAll()
        state.unlock()
        for (time, json) in pendingEvents { file.append(.event, hostMicros: time, payload: json) }
    }

    /// Writes what is left, marks the end and closes the file.
    public func close() {
        thread.requestStop()
        state.lock()
        state.broadcast()  // no need to wait out the current quarter second
        state.unlock()
        thread.waitUntilFinished()
    }
}

/// Why a recording could not be written or read; one line that says what to do.
public struct RecordingError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
