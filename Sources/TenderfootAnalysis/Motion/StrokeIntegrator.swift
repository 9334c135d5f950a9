/// What one contact moved: the displacement along the doll's surface between touching down
/// and lifting off, in the glove's axes at touch-down, centimetres.
public struct StrokePath: Sendable, Equatable {
    public var displacementCm: Vector
    public var seconds: Double
    /// How far the hand turned between touching down and lifting off, degrees.
    public var turnDegrees: Double
    public var lengthCm: Double { displacementCm.length }
    /// Mean speed over the stroke, cm/s.
    public var speedCmS: Double { seconds > 0 ? lengthCm / seconds : 0 }
}

/// Integrates the hand's acceleration over one contact into its path along the doll's surface.
/// The accelerometer, lightly low-passed (two first-order stages at 10 Hz: noise out, and a lag
/// of a few tens of milliseconds, so the hand's quick return between strokes does not leak into
/// the next stroke), is turned into the glove's axes at touch-down (the gyroscope tracks the hand
/// turning during the stroke) and integrated to velocity and position. Gravity is taken out as
/// one fixed vector for the whole stroke, not by a tracker that would follow the stroke's own
/// acceleration.
///
/// The hand is at rest at both contact edges, so the velocity measured there is error: gravity
/// misjudged, accelerometer bias, and hand tremor (5 to 12 Hz, a few cm/s). The velocity error is
/// taken as a straight line through its mean over the first 0.2 s and its recent mean at
/// lift-off (averages, so tremor cancels), and its integral is taken out of the path.
public struct StrokeIntegrator: Sendable {
    private var stage1 = Vector.zero, stage2 = Vector.zero
    private var turn = RotationMatrix()
    private var velocity = Vector.zero, position = Vector.zero
    private var seconds = 0.0
    private var up = Vector(0, 0, 1)
    private var gravity = Vector(0, 0, 1)
    /// The velocity summed over the stroke's first `edgeSeconds`, and its moving average (time constant `edgeSeconds / 2`).
    private var startSum = Vector.zero, startSeconds = 0.0
    private var recent = Vector.zero
    public private(set) var inStroke = false
    static let cutoffHz = 10.0
    static let edgeSeconds = 0.2

    public init() {}

    /// One sample, in or out of contact: the accelerometer in g, the body rate in rad/s (bias
    /// removed). The filter runs all the time so it is settled at touch-down.
    public mutating func update(accelG: Vector, omega: Vector, dt: Double) {
        let rc = 1 / (2 * Double.pi * Self.cutoffHz)
        let k = dt / (rc + dt)
        stage1 += (accelG - stage1) * k
        stage2 += (stage1 - stage2) * k
        guard inStroke else { return }
        turn.turn(by: omega, dt: dt)
        velocity += (turn.apply(stage2) - gravity) * (980.665 * dt)  // cm/s
        position += velocity * dt
        seconds += dt
        if seconds <= Self.edgeSeconds {
            startSum += velocity * dt
            startSeconds += dt
        }
        recent += (velocity - recent) * (dt / (Self.edgeSeconds / 2 + dt))
    }

    /// Touch-down: the stroke starts at rest here; `up` is gravity's direction now and
    /// `gravityG` its size as this accelerometer reads it.
    public mutating func begin(up: Vector, gravityG: Double) {
        inStroke = true
        gravity = up * gravityG
        turn = RotationMatrix()
        velocity = .zero
        position = .zero
        seconds = 0
        startSum = .zero
        startSeconds = 0
        recent = .zero
        self.up = up
    }

    /// Lift-off: the stroke's path along the surface. On a level surface (the leg, the doll on
    /// its back) the part along gravity is the hand pressing and lifting, and is removed; on an
    /// upright one (the sole) the stroke itself runs along gravity, and all of it is kept.
    public mutating func end(levelSurface: Bool) -> StrokePath {
        inStroke = false
        let corrected = position - driftIntegral
        let along = levelSurface ? corrected - up * corrected.dot(up) : corrected
        return StrokePath(displacementCm: along, seconds: seconds, turnDegrees: turn.angleDegrees)
    }

    /// The integral over the stroke of the velocity error line through (t0, e0) and (t1, e1).
    private var driftIntegral: Vector {
        let t = seconds
        let t0 = startSeconds / 2, t1 = t - Self.edgeSeconds / 2
        // Too short to tell its start from its end: the error grew from nothing at touch-down.
        guard t1 - t0 > Self.edgeSeconds, startSeconds > 0 else { return velocity * (t / 2) }
        let e0 = startSum / startSeconds
        let slope = (recent - e0) / (t1 - t0)
        return e0 * t + slope * (t * t / 2 - t0 * t)
    }
}
