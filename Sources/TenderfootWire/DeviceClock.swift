/// Unwraps the device's 32-bit microsecond clock (it wraps about every 71.6 minutes)
/// into a 64-bit time that never wraps.
///
/// Consecutive readings are taken as at most ±35 minutes apart (the signed
/// 32-bit difference). After a sender restart the time is re-based so it
/// continues from the last unwrapped value instead of jumping back.
public struct DeviceClock: Sendable {
    private var last: UInt32 = 0
    private var unwrapped: UInt64 = 0
    private var hasReading = false
    private var rebasePending = false

    public init() {}

    public mutating func unwrap(_ raw: UInt32) -> UInt64 {
        defer { last = raw; hasReading = true }
        guard hasReading else {
            unwrapped = UInt64(raw)
            return unwrapped
        }
        if rebasePending {
            rebasePending = false
            return unwrapped
        }
        let delta = Int32(bitPattern: raw &- last)
        if delta >= 0 {
            unwrapped &+= UInt64(delta)
        } else {
            let back = UInt64(delta.magnitude)
            unwrapped = unwrapped >= back ? unwrapped - back : 0
        }
        return unwrapped
    }

    /// The sender restarted: its clock starts again, and the unwrapped time goes on from where it was.
    public mutating func rebase(nextRaw raw: UInt32) {
        last = raw
    }

    /// The sender restarted, seen on a frame without a time (an ACK after a replug): the next
    /// reading, whatever it is, goes on from the last unwrapped time.
    public mutating func rebaseAtNextReading() {
        rebasePending = hasReading
    }
}
