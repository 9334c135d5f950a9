/// The fixed timetable of a scripted calibration rig (`calibrate --non-interactive`, and the
/// virtual glove's `simulate --rig`): counted from the first sample after START, the glove lies
/// still, then each weight goes on each fingertip (thumb to little, lightest first) for a ramp
/// and a hold and comes off, then the hand strokes the leg. The procedure takes each reading from
/// the last second of its hold.
public struct CalibrationTimetable: Sendable, Equatable {
    public var stillSeconds = 3.0
    public var rampSeconds = 0.3
    public var holdSeconds = 1.9
    public var offSeconds = 1.2
    public var weights: [Double]

    public init(weights: [Double]) { self.weights = weights.sorted() }

    public var perWeight: Double { rampSeconds + holdSeconds + offSeconds }
    /// How long the rig strokes the leg.
    public var strokesSeconds = 40.0
    /// When the reference strokes begin.
    public var strokesStart: Double { stillSeconds + Double(5 * weights.count) * perWeight + 1 }

    /// The load slot (finger, weight index) at `t` seconds, and how far into the slot.
    public func slot(at t: Double) -> (finger: Int, weight: Int, into: Double)? {
        let loadTime = t - stillSeconds
        guard loadTime >= 0 else { return nil }
        let slot = Int(loadTime / perWeight)
        guard slot < 5 * weights.count else { return nil }
        return (slot / weights.count, slot % weights.count, loadTime - Double(slot) * perWeight)
    }

    /// The window, in seconds into a slot, whose mean is the reading.
    public var readingWindow: ClosedRange<Double> { (rampSeconds + holdSeconds - 1.0)...(rampSeconds + holdSeconds - 0.05) }
}
