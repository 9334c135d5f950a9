import Foundation

/// The doll's leg axis in glove axes from reference strokes (foot to hip), measured the way the
/// analysis measures every stroke: the same `StrokeIntegrator`, so the gyroscope keeps the path
/// in the hand's axes at touch-down while the hand pitches over the knee or follows a rising
/// leg, and gravity is taken from a `GravityTracker` at touch-down rather than from the stroke's
/// mean acceleration (which a hand touching down or lifting off while moving biases). Each
/// stroke gives a direction along the surface; the axis is their mean, and their spread says
/// how sure it is.
public struct LegAxisEstimator: Sendable {
    private var gravity: GravityTracker
    private var integrator = StrokeIntegrator()
    private var touchDown: Double?
    private var lastSeconds: Double?
    /// Each accepted stroke's direction (unit, glove axes) and length, cm.
    public private(set) var strokes: [(direction: Vector, lengthCm: Double)] = []
    /// A reference stroke shorter than this, or briefer than `shortestSeconds`, is refused.
    public static let shortestCm = 5.0
    public static let shortestSeconds = 0.3
    /// Strokes whose directions stray further than this from their mean disagree.
    public static let agreementDegrees = 20.0

    public init(gravityG: Double = 1) {
        gravity = GravityTracker(gravityG: gravityG)
    }

    /// What the end of a contact gave.
    public enum Outcome: Sendable, Equatable {
        case accepted
        case tooShort
    }

    /// Takes one sample of the strokes step, touching or not: time in seconds, acceleration in g,
    /// body rate in deg/s with the bias removed. Returns what a lift-off gave (nil otherwise).
    public mutating func add(seconds: Double, accelG: Vector, gyroDPS: Vector, inContact: Bool) -> Outcome? {
        let dt = lastSeconds.map { min(0.05, max(1e-5, seconds - $0)) } ?? 0.002
        lastSeconds = seconds
        let omega = gyroDPS * (Double.pi / 180)
        gravity.update(omega: omega, accelG: accelG, dt: dt)
        if inContact && touchDown == nil {
            touchDown = seconds
            integrator.begin(up: gravity.up, gravityG: gravity.gravityG)
        }
        integrator.update(accelG: accelG, omega: omega, dt: dt)
        guard !inContact, let start = touchDown else { return nil }
        touchDown = nil
        let path = integrator.end(levelSurface: true)
        // A touch briefer than a stroke is a finger brushing the doll (or noise at an edge): ignored.
        guard seconds - start >= Self.shortestSeconds else { return nil }
        guard path.lengthCm >= Self.shortestCm else { return .tooShort }
        strokes.append((path.displacementCm.normalized, path.lengthCm))
        return .accepted
    }

    /// Forgets the strokes (to take them again).
    public mutating func forgetStrokes() {
        strokes.removeAll()
    }

    /// The mean direction of the strokes, a unit vector in glove axes.
    public var axis: [Double]? {
        guard !strokes.isEmpty else { return nil }
        let sum = strokes.reduce(Vector.zero) { $0 + $1.direction }
        guard sum.length > 0 else { return nil }
        let unit = sum.normalized
        return [unit.x, unit.y, unit.z]
    }

    /// How far (degrees) the strokes' directions stray from their mean: the largest angle.
    public var spreadDegrees: Double {
        guard let axis else { return 180 }
        let mean = Vector(axis[0], axis[1], axis[2])
        return strokes.map { acos(max(-1, min(1, $0.direction.dot(mean)))) * 180 / .pi }.max() ?? 0
    }

    /// Whether the strokes agree well enough to trust their mean.
    public var strokesAgree: Bool { spreadDegrees <= Self.agreementDegrees }
}
