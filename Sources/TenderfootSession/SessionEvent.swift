import TenderfootAnalysis
import TenderfootCalibration
import TenderfootLink
import TenderfootRules
import TenderfootWire

/// Something a session tells its faces (the screen, JSON output, the recording), in order.
public enum SessionEvent: Sendable, Equatable {
    /// A calibrated sample (only when a face asked for samples).
    case sample(Sample, FingerNewtons)
    /// Every event after this one is dated at or after `beforeMicros` (device time): the samples
    /// before it have their technique and warnings for good. Sent with samples only, as it
    /// moves on by at least a block of the analysis (10 ms).
    case settled(beforeMicros: UInt64)
    /// A rule began to be broken (a force over its limit, a stroke down the leg, ...).
    case warningStarted(RuleWarning)
    /// It is no longer broken, after `durationMicros`.
    case warningEnded(RuleWarning, durationMicros: UInt64)
    /// From this sample on, forces are judged by `limit` (for its reason): a technique
    /// recognised, a fresh touch, no technique. Every face draws and names the limit from these.
    case limitChanged(JudgedLimit, deviceTimeMicros: UInt64)
    /// A technique episode began or ended, or a stroke was completed.
    case analysis(AnalysisEvent)
    /// The glove's own STATUS.
    case status(DeviceStatus)
    /// The hand was lifted long enough (`ZeroTracker`): the zero offsets were refreshed (counts, thumb to little).
    case rezeroed(deviceTimeMicros: UInt64, tareCounts: [Double])
    /// The glove stopped sending: nil when the session was closed, or why it ended.
    case linkEnded(LinkProblem?)
    /// The glove went away (unplugged) after the sample at `deviceTimeMicros`; the session waits for it.
    case gloveLost(LinkProblem, deviceTimeMicros: UInt64)
    /// It came back on `port` after `afterMicros` of host time, and streams again.
    case gloveBack(port: String, afterMicros: UInt64)
    /// Another glove (`serial`) appeared on `port` while waiting; it was not taken.
    case otherGlove(port: String, serial: String)
    /// The glove restarted (its sequence numbers or its clock started again), seen by the sample
    /// at `deviceTimeMicros`; `restarts` so far this session. The session's time line goes on.
    case gloveRestarted(deviceTimeMicros: UInt64, restarts: UInt64)
    /// The analysis fell behind the glove: `count` samples found the ring full and were
    /// dropped before the sample at `deviceTimeMicros`; `total` so far this session. Said at
    /// most once a second of device time, with every drop counted.
    case samplesDropped(deviceTimeMicros: UInt64, count: UInt64, total: UInt64)
}

/// A problem with the glove's link as a face shows it: what happened and what to do, in words.
/// Faces see this, never the transport's own error type.
public struct LinkProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    /// A replay came to the end of its recording (not the glove stopping).
    public var isEndOfRecording: Bool

    public init(_ description: String, isEndOfRecording: Bool = false) {
        self.description = description
        self.isEndOfRecording = isEndOfRecording
    }

    /// The link layer's error in words.
    public init(_ error: LinkError) {
        description = "\(error)"
        if case .endOfRecording = error { isEndOfRecording = true } else { isEndOfRecording = false }
    }
}

/// The link's health as a face shows it: every counter by its stable name, and the three a
/// trainee watches (samples lost in gaps, corrupt frames, samples the analysis fell behind on).
public struct LinkHealth: Sendable, Equatable {
    /// One counter and its stable name (for JSON and reports).
    public struct Count: Sendable, Equatable {
        public var name: String
        public var value: UInt64
    }

    public var counts: [Count] = []
    public var lost: UInt64 = 0
    public var corrupt: UInt64 = 0
    public var ringOverflows: UInt64 = 0

    public init() {}

    init(_ counters: LinkCounters) {
        counts = counters.named.map { Count(name: $0.name, value: $0.value) }
        lost = counters.decoder.lostBySequenceGap
        corrupt = counters.decoder.dropped
        ringOverflows = counters.ringOverflows
    }
}

/// What the live screen shows at one moment.
public struct LiveSnapshot: Sendable {
    /// The highest force per finger since this subscriber's previous snapshot (so a short tap still shows).
    public var newtons = FingerNewtons.zero
    public var total = 0.0
    /// The force limit the last sample was judged by, with its reason.
    public var limit: JudgedLimit
    /// Whether a force warning is open, as the coach judges it: fingers 0...4, then the total.
    public var overLimit = [Bool](repeating: false, count: 6)
    public var provisionalLimits: Bool
    /// Strokes shorter than this get no direction verdict (the rules' `min_length_cm`).
    public var strokeMinLengthCm: Double
    /// The technique being done now and how sure the analysis is (nil without contact).
    public var guess: TechniqueGuess?
    public var lastStroke: Stroke?
    /// Massage time so far and allowed for the age, seconds.
    public var massageSeconds = 0.0
    public var allowedSeconds = 0.0
    /// The session's order: the last technique, and one not yet closed with strokes.
    public var lastTechnique: Technique?
    public var unclosed: Technique?
    /// A technique other than stroking has been done (see `Coach.anotherTechniqueDone`).
    public var anotherTechniqueDone = false
    public var sampleRateHz = 0.0
    public var samples: UInt64 = 0
    public var deviceSeconds = 0.0
    /// Device time of the session's first sample: screens show times from here.
    public var firstDeviceMicros: UInt64?
    public var link = LinkHealth()
    /// Events this subscriber's queue had no room for (it read too slowly).
    public var droppedEvents: UInt64 = 0
    /// The most recent warnings, newest last, with how long each lasted (nil while still over).
    public var warnings: [(warning: RuleWarning, durationMicros: UInt64?)] = []
    /// How many warnings the session has given in all (`warnings` keeps the last few).
    public var warningsGiven = 0
    public var ended: LinkProblem?? = nil
    /// Device time of the last re-zero, if any.
    public var lastRezeroMicros: UInt64?
    /// Why the glove is away, while the session waits for it to come back.
    public var outage: LinkProblem?

    public init(limit: JudgedLimit, provisionalLimits: Bool, strokeMinLengthCm: Double) {
        self.limit = limit
        self.provisionalLimits = provisionalLimits
        self.strokeMinLengthCm = strokeMinLengthCm
    }

    /// The last stroke's direction, if it is long enough to be judged (no arrow for a 0.1 cm move).
    public var judgedStrokeDirection: StrokeDirection? {
        guard let stroke = lastStroke, stroke.lengthCm >= strokeMinLengthCm else { return nil }
        return stroke.direction
    }
}
