import TenderfootAnalysis
import TenderfootCalibration
import TenderfootLink
import TenderfootRules
import TenderfootWire

/// Something a session tells its faces (the screen, JSON output, the recording), in order.
public enum SessionEvent: Sendable, Equatable {
    /// A calibrated sample (only when a face asked for samples).
    case sample(Sample, FingerNewtons)
    /// A rule began to be broken (a force over its limit, a stroke down the leg, ...).
    case warningStarted(RuleWarning)
    /// It is no longer broken, after `durationMicros`.
    case warningEnded(RuleWarning, durationMicros: UInt64)
    /// A technique episode began or ended, or a stroke was completed.
    case analysis(AnalysisEvent)
    /// The glove's own STATUS.
    case status(DeviceStatus)
    /// The hand was lifted for a second: the zero offsets were refreshed (counts, thumb to little).
    case rezeroed(deviceTimeMicros: UInt64, tareCounts: [Double])
    /// The glove stopped sending: nil when the session was closed, or why it ended.
    case linkEnded(LinkError?)
    /// The glove went away (unplugged) after the sample at `deviceTimeMicros`; the session waits for it.
    case gloveLost(LinkError, deviceTimeMicros: UInt64)
    /// It came back on `port` after `afterMicros` of host time, and streams again.
    case gloveBack(port: String, afterMicros: UInt64)
    /// Another glove (`serial`) appeared on `port` while waiting; it was not taken.
    case otherGlove(port: String, serial: String)
}

/// What the live screen shows at one moment.
public struct LiveSnapshot: Sendable {
    /// The highest force per finger since the previous snapshot (so a short tap still shows).
    public var newtons = FingerNewtons.zero
    public var total = 0.0
    /// The force limit for the technique being done and the baby's age.
    public var limit: RuleBook.Limit
    public var provisionalLimits: Bool
    /// The technique being done now and how sure the analysis is (nil without contact).
    public var guess: TechniqueGuess?
    public var lastStroke: Stroke?
    /// Massage time so far and allowed for the age, seconds.
    public var massageSeconds = 0.0
    public var allowedSeconds = 0.0
    /// The session's order: the last technique, and one not yet closed with strokes.
    public var lastTechnique: Technique?
    public var unclosed: Technique?
    public var sampleRateHz = 0.0
    public var samples: UInt64 = 0
    public var deviceSeconds = 0.0
    /// Device time of the session's first sample: screens show times from here.
    public var firstDeviceMicros: UInt64?
    public var counters = LinkCounters()
    /// The most recent warnings, newest last, with how long each lasted (nil while still over).
    public var warnings: [(warning: RuleWarning, durationMicros: UInt64?)] = []
    public var ended: LinkError?? = nil
    /// Device time of the last re-zero, if any.
    public var lastRezeroMicros: UInt64?
    /// Why the glove is away, while the session waits for it to come back.
    public var outage: LinkError?

    public init(limit: RuleBook.Limit, provisionalLimits: Bool) {
        self.limit = limit
        self.provisionalLimits = provisionalLimits
    }
}
