import Foundation

/// A value that several threads share, behind a lock: the shape of the standard library's
/// `Mutex` (`withLock` hands the body the value `inout`), on a pthread mutex.
///
/// Not `Synchronization.Mutex`: on Linux its uncontended path is atomics inside the standard
/// library, which ThreadSanitizer does not instrument, so TSan takes every access made under
/// it from two threads for a race (it reported `ReplayClock`). A pthread mutex it does see.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value while holding the lock.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
