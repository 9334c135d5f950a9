import Foundation

/// A stroke measured over the whole of the hand's movement around it, not only while the force
/// sensors see contact.
public struct GlideMeasurement: Sendable, Equatable {
    /// Device time of the contact's touch-down and lift-off, µs.
    public var touchDownMicros: UInt64
    public var liftOffMicros: UInt64
    /// The displacement between touch-down and lift-off, in the glove's axes at touch-down, cm.
    public var pathCm: Vector
    /// Up (against gravity as the span's mean reading gives it), glove axes at touch-down.
    public var up: Vector
    /// The contact's duration, seconds.
    public var seconds: Double
    /// How far the hand turned its heading (about the vertical) between touch-down and lift-off, degrees.
    public var headingTurnDegrees: Double
    /// The span of the hand's movement the measurement used, seconds before touch-down and after lift-off.
    public var secondsBefore: Double
    public var secondsAfter: Double
    /// True when the contact was read inside a back-and-forth (a stroke's return on at least one
    /// side); false for a lone stroke, read only on where the hand is assumed to have stopped.
    public var inBackAndForth = true

    /// Whether the hand was palm down (within `tiltDegrees` of it) at touch-down: on the leg,
    /// not on the upright sole.
    public func isLevel(tiltDegrees: Double) -> Bool { up.dot(Vector(0, 0, 1)) > cos(tiltDegrees * .pi / 180) }

    /// The displacement along the doll's surface: on a level surface (the leg) the part along
    /// gravity is the hand pressing and lifting and is removed; on an upright one (the sole)
    /// the stroke runs along gravity and all of it is kept.
    public func displacementCm(levelSurface: Bool) -> Vector { levelSurface ? pathCm - up * pathCm.dot(up) : pathCm }
}

/// Measures each contact's path from the IMU over the whole movement around it. An accelerometer
/// cannot see the speed a hand already has when it touches the doll, and people touch down and
/// lift off while still moving; but the hand is in the air, still or turning round, between
/// strokes, and the IMU sees all of it. Stroking is a back-and-forth movement: up the leg on the
/// doll, back through the air. Over a span from the middle of the air time before a stroke to the
/// middle of the air time after it (air times of 0.3 to `2 × edgeSeconds`), the hand ends where it
/// began and at about the speed it began with. So, in the glove's axes at touch-down (the
/// gyroscope turns every reading there), the mean of the accelerometer over the span is gravity
/// as this accelerometer reads it (a misjudged gravity or an accelerometer bias falls out with it),
/// and the velocity integrated from the rest has a mean of zero over the span; the contact's
/// path is that velocity summed over the contact. Nothing is assumed about how fast the hand
/// touched down or lifted off. The first and last strokes of a run are measured as edges (see
/// `measure`).
///
/// The readings are kept as 10 ms means in a ring made once (`historySeconds`), and a
/// measurement's work space is made once too, so a sample costs no allocation; a contact is
/// measured once the next touch-down, or `2 × edgeSeconds` of air, says where its span ends.
public struct WholeGlideMeter: Sendable {
    /// The most of the air time either side a span takes, seconds: half a slow stroke cycle.
    public static let edgeSeconds = 1.2
    /// How long the readings are kept, seconds: the longest contact measured whole, and its spans.
    public static let historySeconds = 12.0
    static let blockSeconds = 0.01
    /// How far into the air a stroke's glide reaches at an edge (before the first stroke of a
    /// back-and-forth, after the last), as a share of the glide: where a minimum-jerk glide moves
    /// at 30 % of its peak speed, the fastest people touch down and lift off (issue 13's hands,
    /// measured: "0–30 % of the glide speed"; Flash & Hogan 1985 for the glide's shape).
    static let edgeShare = 0.16
    static let capacity = Int(historySeconds / blockSeconds)

    /// A contact that ended, waiting for the air time after it: its blocks and times, and where
    /// its span starts (the middle of the air time since the last lift-off, if that was a stroke
    /// of the same back-and-forth; else nil, an edge).
    private struct Contact {
        var touchDown: Int
        var liftOff: Int
        var touchDownMicros: UInt64
        var liftOffMicros: UInt64
        var periodicStart: Int?
    }

    private struct Block {
        var accelG = Vector.zero
        var omega = Vector.zero
        var seconds = 0.0
    }

    private var blocks: [Block]
    /// Work space for a measurement, made once: each block's reading turned into the axes at
    /// touch-down, and the velocity integrated from it.
    private var turned: [Vector]
    private var velocities: [Vector]
    private var times: [Double]
    /// Index (counting every block ever made) of the next block to be written.
    private var written = 0
    private var filling = Block()
    private var inContact = false
    private var touchDown: (block: Int, micros: UInt64)?
    /// Contacts ended but not yet measured: their blocks and times.
    private var waiting: Contact?
    /// The last lift-off's block, for the next contact's span start, and whether that contact
    /// was a stroke (a squeeze or a circle before it is another movement, not a back-and-forth).
    private var lastLiftOff: Int?
    private var lastWasStroke = true

    /// The gyroscope's bias still in the body rates given (rad/s), taken out when a contact is
    /// measured: a bias found while the session goes on (`GyroBiasTracker`) applies to the
    /// readings already kept too.
    public var gyroBias = Vector.zero

    public init() {
        blocks = Array(repeating: Block(), count: Self.capacity)
        turned = Array(repeating: .zero, count: Self.capacity)
        velocities = Array(repeating: .zero, count: Self.capacity)
        times = Array(repeating: 0, count: Self.capacity)
    }

    /// One sample: the accelerometer in g and the body rate in rad/s (bias removed), glove
    /// axes; `dt` seconds since the last; whether the hand touches the doll. Returns the
    /// measurement of a contact whose span has ended (nil otherwise).
    public mutating func add(accelG: Vector, omega: Vector, dt: Double, micros: UInt64, inContact touching: Bool) -> GlideMeasurement? {
        var measured: GlideMeasurement?
        if touching && !inContact {
            // The span of a contact waiting for its end stops half-way through this air time.
            if let contact = waiting {
                let air = written - contact.liftOff
                measured = measure(contact, periodicEnd: air >= Self.shortestReturnBlocks ? contact.liftOff + air / 2 : nil)
                waiting = nil
            }
            touchDown = (written, micros)
        } else if !touching && inContact, let start = touchDown {
            let periodic = lastLiftOff.flatMap { lift -> Int? in
                let air = start.block - lift
                return lastWasStroke && air < 2 * Self.edgeBlocks && air >= Self.shortestReturnBlocks ? start.block - air / 2 : nil
            }
            waiting = Contact(touchDown: start.block, liftOff: written, touchDownMicros: start.micros, liftOffMicros: micros,
                              periodicStart: periodic)
            lastLiftOff = written
            touchDown = nil
        }
        inContact = touching
        filling.accelG += accelG * dt
        filling.omega += omega * dt
        filling.seconds += dt
        if filling.seconds >= Self.blockSeconds {
            blocks[written % Self.capacity] = Block(accelG: filling.accelG / filling.seconds, omega: filling.omega / filling.seconds,
                                                    seconds: filling.seconds)
            written += 1
            filling = Block()
            // A contact followed by a long air time: the last of its back-and-forth.
            if let contact = waiting, written - contact.liftOff >= 2 * Self.edgeBlocks {
                measured = measure(contact, periodicEnd: nil)
                waiting = nil
            }
        }
        // A contact longer than the history is not measured whole: it is forgotten.
        if let start = touchDown, written - start.block >= Self.capacity - 2 * Self.edgeBlocks { touchDown = nil }
        return measured
    }

    /// The contact waiting for its span to end, measured now with the air time seen so far (at
    /// most `edgeSeconds` of it): the technique changed, or the session ended.
    public mutating func flush() -> GlideMeasurement? {
        guard let contact = waiting else { return nil }
        waiting = nil
        return measure(contact, periodicEnd: nil)
    }

    /// Says whether the contact that just ended was a stroke (every contact counts as one until
    /// told otherwise): only a stroke before a contact makes the back-and-forth its span starts in.
    public mutating func lastContact(isStroke: Bool) {
        lastWasStroke = isStroke
    }

    /// Forgets every contact (the glove came back after an outage).
    public mutating func reset() {
        written = 0
        filling = Block()
        inContact = false
        touchDown = nil
        waiting = nil
        lastLiftOff = nil
    }

    static var edgeBlocks: Int { Int(edgeSeconds / blockSeconds) }
    /// An air time shorter than this holds no return through the air: a hand does not lift,
    /// carry itself back a stroke's length (10 cm at a peak of 60 cm/s and 0.6 g) and land in less.
    /// Two contacts closer than it are not one back-and-forth (a stroke down the leg, then one up
    /// from where it ended). (Half a second, the field hands' shortest return by far, cut our own
    /// simulator's quick returns of 0.3 to 0.45 s in four families.)
    static let shortestReturnSeconds = 0.3
    static var shortestReturnBlocks: Int { Int(shortestReturnSeconds / blockSeconds) }

    private func block(_ index: Int) -> Block { blocks[index % Self.capacity] }

    /// The path between touch-down and lift-off (see the type's comment). Each side of the contact
    /// is either periodic (another stroke of the back-and-forth within `2 × edgeSeconds`: the span
    /// runs to the middle of the air time) or an edge (the first or last stroke: the hand comes from
    /// rest or goes to it; the span runs as far as the glide can reach into the air, `edgeShare` of
    /// it, for a hand touching at 30 % of its peak speed, and the hand is still at its end). The
    /// velocity is integrated over the span with gravity as the span's mean reading, then:
    /// - periodic both sides: the hand ends where it began: the velocity's mean is zero;
    /// - an edge both sides (a single stroke): it is still at both ends: the velocity is zero at
    ///   both (what was left is a straight line of error, taken out);
    /// - an edge on one side: still at that end, and the span's path is half the stroke's (from
    ///   the glide's start to the middle of the return, or from the middle of the last return to
    ///   the glide's end): the error line's slope that makes it so.
    private mutating func measure(_ contact: Contact, periodicEnd: Int?) -> GlideMeasurement {
        let contactBlocks = contact.liftOff - contact.touchDown
        let edge = max(1, Int((Self.edgeShare / (1 - 2 * Self.edgeShare) * Double(contactBlocks)).rounded()))
        let oldest = max(written - Self.capacity + 1, 0)
        var start = max(contact.periodicStart ?? (contact.touchDown - edge), oldest)
        var end = min(periodicEnd ?? (contact.liftOff + edge), written - 1)
        // Inside a back-and-forth the returns either side take about as long; an air time more than
        // twice the other's holds more than this stroke's return (a move to a new place, a pause):
        // the span reaches as far into it as into the other, where the hand is as far into a return.
        if contact.periodicStart != nil && periodicEnd != nil {
            let before = contact.touchDown - start, after = end - contact.liftOff
            if before > 2 * after { start = contact.touchDown - after }
            if after > 2 * before { end = contact.liftOff + before }
        }
        var measurement = GlideMeasurement(touchDownMicros: contact.touchDownMicros, liftOffMicros: contact.liftOffMicros,
                                           pathCm: .zero, up: Vector(0, 0, 1), seconds: Double(contact.liftOffMicros &- contact.touchDownMicros) / 1e6,
                                           headingTurnDegrees: 0, secondsBefore: 0, secondsAfter: 0)
        guard start <= contact.touchDown, end >= contact.liftOff, end > start else { return measurement }
        // Each block's reading turned into the axes at touch-down: forwards and backwards from it.
        let count = end - start + 1
        var rotation = RotationMatrix()
        var atLiftOff = RotationMatrix()
        turned[contact.touchDown - start] = block(contact.touchDown).accelG
        for index in stride(from: contact.touchDown + 1, through: end, by: 1) {
            let b = block(index)
            rotation.turn(by: b.omega - gyroBias, dt: b.seconds)
            turned[index - start] = rotation.apply(b.accelG)
            if index == contact.liftOff { atLiftOff = rotation }
        }
        rotation = RotationMatrix()
        var index = contact.touchDown
        while index > start {
            let b = block(index)
            rotation.turn(by: gyroBias - b.omega, dt: b.seconds)
            turned[index - 1 - start] = rotation.apply(block(index - 1).accelG)
            index -= 1
        }
        // Gravity is the span's mean reading, time-weighted.
        var total = 0.0, gravity = Vector.zero
        for offset in 0..<count { let s = block(start + offset).seconds; gravity += turned[offset] * s; total += s }
        gravity /= total
        // The velocity at the end of each block, from the span's start; `times` its time from there.
        var velocity = Vector.zero, time = 0.0
        for offset in 0..<count {
            let s = block(start + offset).seconds
            velocity += (turned[offset] - gravity) * (980.665 * s)
            time += s
            velocities[offset] = velocity
            times[offset] = time
        }
        // The sums the constraints need: over the span and over the contact, of the velocity and of time from the anchor.
        let anchor = contact.periodicStart == nil ? 0 : count - 1
        let anchorVelocity = velocities[anchor], anchorTime = times[anchor]
        var span = (v: Vector.zero, t: 0.0), touching = (v: Vector.zero, t: 0.0, seconds: 0.0)
        for offset in 0..<count {
            let s = block(start + offset).seconds
            let v = velocities[offset] - anchorVelocity, t = times[offset] - anchorTime
            span.v += v * s; span.t += t * s
            if offset >= contact.touchDown - start && offset < contact.liftOff - start {
                touching.v += v * s; touching.t += t * s; touching.seconds += s
            }
        }
        let path: Vector
        switch (contact.periodicStart != nil, periodicEnd != nil) {
        case (true, true):
            // The hand ends where it began: the mean velocity over the span is zero.
            path = touching.v - span.v / total * touching.seconds
        case (false, false):
            // Still at both ends: the velocity left at the end is a line of error from the start.
            let slope = (velocities[count - 1] - anchorVelocity) / max(1e-9, times[count - 1] - anchorTime)
            path = touching.v - slope * touching.t
        default:
            // Still at the edge; the span's path is half the stroke's.
            let slope = (span.v - touching.v * 0.5) / (span.t - touching.t * 0.5)
            path = touching.v - slope * touching.t
        }
        let up = gravity.normalized
        measurement.pathCm = path
        measurement.up = up
        func flat(_ v: Vector) -> Vector { v - up * v.dot(up) }
        let before = flat(Vector(1, 0, 0)), after = flat(atLiftOff.apply(Vector(1, 0, 0)))
        measurement.headingTurnDegrees = before.length > 0.2 && after.length > 0.2
            ? atan2(before.cross(after).length, before.dot(after)) * 180 / .pi : atLiftOff.angleDegrees
        measurement.secondsBefore = Double(contact.touchDown - start) * Self.blockSeconds
        measurement.secondsAfter = Double(end - contact.liftOff) * Self.blockSeconds
        measurement.inBackAndForth = contact.periodicStart != nil || periodicEnd != nil
        return measurement
    }
}
