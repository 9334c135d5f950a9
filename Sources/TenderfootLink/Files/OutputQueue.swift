import Foundation

/// An output (standard output, usually) written from a thread of its own through a bounded
/// queue, so that a reader who stops reading (a pipe nobody drains, a paused terminal) never
/// blocks the session's loop, Ctrl-C or the analysis. What does not fit is dropped whole and
/// counted, or waited for, as `WhenFull` says; the first write error is kept and ends the writing.
public final class OutputQueue: @unchecked Sendable {
    /// What `write` does when the queue is full.
    public enum WhenFull: Sendable {
        /// Drops the text and counts it: live practice, where the session must go on.
        case drop
        /// Waits for room, giving up (and counting the text dropped) once `giveUp` says so:
        /// a replay or an export, where every line is the point.
        case wait(giveUp: @Sendable () -> Bool)
    }

    /// Room for about two seconds of `--json-samples` at 2 kHz.
    public static let defaultCapacityBytes = 1 << 20

    public let file: OutputFile
    public let capacityBytes: Int
    private let whenFull: WhenFull
    private let state = NSCondition()
    // Guarded by `state`.
    private var pending: [String] = []
    private var pendingBytes = 0
    private var writing = false
    private var closed = false
    private var failure_: WriteError?
    private var droppedWrites_ = 0

    public init(_ file: OutputFile, capacityBytes: Int = defaultCapacityBytes, whenFull: WhenFull) {
        precondition(capacityBytes > 0, "an output queue needs room")
        self.file = file
        self.capacityBytes = capacityBytes
        self.whenFull = whenFull
        let thread = Thread { [self] in run() }
        thread.name = "output"
        thread.start()
    }

    /// Queues `text` to be written as it is (add the newline yourself).
    public func write(_ text: String) {
        let size = text.utf8.count
        state.lock(); defer { state.unlock() }
        while failure_ == nil && pendingBytes > 0 && pendingBytes + size > capacityBytes {
            guard case .wait(let giveUp) = whenFull, !giveUp() else { break }
            _ = state.wait(until: Date().addingTimeInterval(0.1))
        }
        guard failure_ == nil, !closed, pendingBytes == 0 || pendingBytes + size <= capacityBytes else {
            droppedWrites_ += 1
            return
        }
        pending.append(text)
        pendingBytes += size
        state.broadcast()
    }

    /// The first write that failed (a closed pipe, a full disk); nothing is written after it.
    public var failure: WriteError? {
        state.lock(); defer { state.unlock() }
        return failure_
    }

    /// Texts dropped for want of room, after a failure, or left unwritten by `close`.
    public var droppedWrites: Int {
        state.lock(); defer { state.unlock() }
        return droppedWrites_
    }

    /// Waits until everything queued is written (true), or `timeout` seconds pass or `giveUp`
    /// says so (false).
    @discardableResult
    public func drain(timeout: TimeInterval, giveUp: () -> Bool = { false }) -> Bool {
        let deadline = ContinuousClock.now + .seconds(min(timeout, 1e9))
        state.lock(); defer { state.unlock() }
        while (!pending.isEmpty || writing) && failure_ == nil {
            if ContinuousClock.now >= deadline || giveUp() { return false }
            _ = state.wait(until: Date().addingTimeInterval(0.1))
        }
        return failure_ == nil
    }

    /// Waits up to `timeout` seconds for what is queued to be written, then ends the writing
    /// thread; later writes are dropped. Returns whether everything was written.
    @discardableResult
    public func close(timeout: TimeInterval, giveUp: () -> Bool = { false }) -> Bool {
        let written = drain(timeout: timeout, giveUp: giveUp)
        state.lock()
        droppedWrites_ += pending.count
        pending.removeAll()
        closed = true
        state.broadcast()
        state.unlock()
        return written
    }

    private func run() {
        while true {
            state.lock()
            while pending.isEmpty && !closed { state.wait() }
            if pending.isEmpty { state.unlock(); return }
            let texts = pending
            pending.removeAll(keepingCapacity: true)
            writing = true
            state.unlock()
            var error: WriteError?
            do {
                for text in texts { try file.write(text) }
            } catch let failed {
                error = failed
            }
            state.lock()
            pendingBytes -= texts.reduce(0) { $0 + $1.utf8.count }
            writing = false
            if let error, failure_ == nil {
                failure_ = error
                droppedWrites_ += pending.count
                pending.removeAll()
                pendingBytes = 0
            }
            state.broadcast()
            state.unlock()
        }
    }
}
