import TenderfootCalibration

/// A stretch of the session doing one technique, from its first to its last contact.
public struct Episode: Sendable, Equatable {
    public var technique: Technique
    public var startMicros: UInt64
    /// nil while it goes on.
    public var endMicros: UInt64?
    /// The classifier's mean confidence over the episode, 0...1.
    public var confidence: Double
}

/// Where the line of the doll's leg a stroke's direction is read along came from.
public enum LegAxisSource: String, Sendable, Equatable {
    /// The glove's calibration (its rig strokes), or that line as this session's strokes moved it.
    case calibrated
    /// This session's own strokes, on a glove whose leg axis was never calibrated: up is the way
    /// the fingertips point along that line (the article's strokes lead the hand up the leg
    /// fingers first).
    case learned
    /// Not yet learned and not calibrated (or an uncalibrated gyroscope not yet settled): the
    /// fingertips' direction, assumed. Neither its direction nor its speed is judged.
    case assumed
}

/// One contact of the hand, from touch-down to lift-off, and where it went.
public struct Stroke: Sendable, Equatable {
    /// The technique of the episode the stroke belongs to.
    public var technique: Technique
    public var region: BodyRegion
    public var startMicros: UInt64
    public var endMicros: UInt64
    /// Along the leg: up (foot to hip) or down; nil on the sole or for a stroke across the leg.
    public var direction: StrokeDirection?
    public var lengthCm: Double
    /// Mean speed, cm/s.
    public var speedCmS: Double
    /// The highest force per finger during the stroke, newtons.
    public var peakNewtons: FingerNewtons
    /// Where the leg's line the direction is read along came from.
    public var axis: LegAxisSource = .calibrated
    /// Whether its speed is sure enough to judge: read inside a back-and-forth. A lone stroke's
    /// length rests on where the hand is assumed to have stopped, and is shown, not judged.
    public var speedSure = true
}

/// What the analysis reports, in device-time order.
public enum AnalysisEvent: Sendable, Equatable {
    case episodeStarted(Episode)
    case episodeEnded(Episode)
    case stroke(Stroke)
}
