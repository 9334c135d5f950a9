import TenderfootCalibration
import TenderfootLink
import TenderfootRules
import TenderfootWire

/// Something a session tells its faces (the screen, JSON output, the recording), in order.
public enum SessionEvent: Sendable, Equatable {
    /// A calibrated sample (only when a face asked for samples).
    case sample(Sample, FingerNewtons)
    /// A force went over its limit.
    case warningStarted(ForceWarning)
    /// A force came back under its limit after `durationMicros` over it.
    case warningEnded(ForceWarning, durationMicros: UInt64)
    /// The glove's own STATUS.
    case status(DeviceStatus)
    /// The hand was lifted for a second: the zero offsets were refreshed (counts, thumb to little).
    case rezeroed(deviceTimeMicros: UInt64, tareCounts: [Double])
    /// The glove stopped sending: nil when the session was closed, or why it ended.
    case linkEnded(LinkError?)
}

/// What the live screen shows at one moment.
public struct LiveSnapshot: Sendable {
    /// The highest force per finger since the previous snapshot (so a short tap still shows).
    public var newtons = FingerNewtons.zero
    public var total = 0.0
    public var limits: ForceLimits
    public var sampleRateHz = 0.0
    public var samples: UInt64 = 0
    public var deviceSeconds = 0.0
    /// Device time of the session's first sample: screens show times from here.
    public var firstDeviceMicros: UInt64?
    public var counters = LinkCounters()
    /// The most recent warnings, newest last, with how long each lasted (nil while still over).
    public var warnings: [(warning: ForceWarning, durationMicros: UInt64?)] = []
    public var ended: LinkError?? = nil
    /// Device time of the last re-zero, if any.
    public var lastRezeroMicros: UInt64?

    public init(limits: ForceLimits) { self.limits = limits }
}
