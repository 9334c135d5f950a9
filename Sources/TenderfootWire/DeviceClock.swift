/// Unwraps the device's 32-bit microsecond clock (it wraps about every 71.6 minutes) into a
/// 64-bit session time that never goes back, whatever the device's clock does.
///
/// Consecutive readings are taken as at most ±35 minutes apart (the signed 32-bit difference):
/// forward, the time goes on by the difference, so a real gap stays a gap. A reading behind the
/// last one is the glove's clock starting again (a reboot: the firmware's clock starts at 0) or
/// stepping back. The time then goes on from its last value by the host's time between the two
/// readings' arrivals (the reboot's real length, as the host saw it), and by at least the last
/// step between readings. Without arrival times it goes on by the glove's new reading when that
/// is short enough to be its time since boot (`bootMicros`), else by the last step. All
/// arithmetic wraps: no device time can trap.
public struct DeviceClock: Sendable {
    /// A reading this small after the clock went back is the time since the glove booted (a
    /// reboot, IDENTIFY and START take a few seconds at most).
    public static let bootMicros: UInt64 = 10_000_000
    /// The last reading as the device sent it.
    public private(set) var lastRaw: UInt32 = 0
    private var lastArrival: UInt64?
    private var unwrapped: UInt64 = 0
    private var step: UInt64 = 0
    private var hasReading = false

    public init() {}

    /// The session time for the device's reading `raw`, which reached the host at
    /// `arrivalMicros` (host clock, µs; nil when not known), and whether the device's clock went back.
    public mutating func unwrap(_ raw: UInt32, arrivalMicros: UInt64? = nil) -> (micros: UInt64, wentBack: Bool) {
        defer { lastRaw = raw; lastArrival = arrivalMicros; hasReading = true }
        guard hasReading else {
            unwrapped = UInt64(raw)
            return (unwrapped, false)
        }
        let delta = Int32(bitPattern: raw &- lastRaw)
        guard delta < 0 else {
            unwrapped &+= UInt64(delta)
            if delta > 0 { step = min(UInt64(delta), 100_000) }
            return (unwrapped, false)
        }
        let gap: UInt64
        if let arrivalMicros, let lastArrival {
            // The host's clock may itself have stepped back: then the gap is one step.
            let hostGap = Int64(bitPattern: arrivalMicros &- lastArrival)
            gap = max(step, UInt64(max(0, hostGap)))
        } else {
            gap = UInt64(raw) <= Self.bootMicros ? UInt64(raw) : step
        }
        unwrapped &+= max(1, gap)
        return (unwrapped, true)
    }
}
