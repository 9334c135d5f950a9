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
/// The accelerometer, low-passed at 2 Hz (two first-order stages: a stroke's motion lies below
/// 1 Hz, hand tremor at 5 to 12 Hz would otherwise add a velocity that integrates into a wrong
/// path), is turned into the glove's axes at touch-down (the gyroscope tracks the hand turning
/// during the stroke) and integrated to velocity and position. Gravity is taken out as one fixed
/// vector for the whole stroke, not by a tracker that would follow the stroke's own
/// acceleration: the hand is at rest at both contact edges, so whatever velocity is left at
/// lift-off is a constant error (gravity misjudged, accelerometer bias) and is removed as a
/// linear ramp over the stroke, which takes any constant error out of the path exactly.
public struct StrokeIntegrator: Sendable {
    private var stage1 = Vector.zero, stage2 = Vector.zero
    private var turn = RotationMatrix()
    private var velocity = Vector.zero, position = Vector.zero
    private var seconds = 0.0
    private var up = Vector(0, 0, 1)
    private var gravity = Vector(0, 0, 1)
    public private(set) var inStroke = false
    static let cutoffHz = 2.0

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
        self.up = up
    }

    /// Lift-off: the stroke's path along the surface (the part along gravity removed).
    public mutating func end() -> StrokePath {
        inStroke = false
        let corrected = position - velocity * (seconds / 2)
        let along = corrected - up * corrected.dot(up)
        return StrokePath(displacementCm: along, seconds: seconds, turnDegrees: turn.angleDegrees)
    }
}
