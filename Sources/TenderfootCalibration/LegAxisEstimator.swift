import Foundation

/// The doll's leg axis in glove axes from reference strokes (foot to hip), measured the way the
/// analysis measures every stroke: each contact over the whole of the hand's movement around it
/// (`WholeGlideMeter`), so a hand that lands and lifts while moving, on a leg that rises and that
/// the hand follows, is measured whole. Each stroke gives a direction along the surface (the
/// doll's horizontal leg axis: the part along gravity is taken out); the axis is their mean, and
/// their spread says how sure it is.
public struct LegAxisEstimator: Sendable {
    private var meter = WholeGlideMeter()
    private var lastSeconds: Double?
    private var firstSeconds: Double?
    /// Each accepted stroke's direction (unit, glove axes) and length, cm.
    public private(set) var strokes: [(direction: Vector, lengthCm: Double)] = []
    /// A reference stroke shorter than this, or briefer than `shortestSeconds`, is refused.
    public static let shortestCm = 5.0
    /// A reference stroke longer than this is no stroke along a baby's leg (ankle to hip is under
    /// 30 cm at a year; the field dolls' legs are 20 cm): refused too.
    public static let longestCm = 40.0
    public static let shortestSeconds = 0.3
    /// Strokes whose directions stray further than this from their mean disagree.
    public static let agreementDegrees = 20.0

    public init() {}

    /// What the end of a contact's movement gave.
    public enum Outcome: Sendable, Equatable {
        case accepted
        /// Refused, with what was measured: its length along the leg, its speed, and how it was
        /// measured (the seconds of movement used before touch-down and after lift-off).
        case tooShort(Measured)
        /// Refused as longer than any baby's leg, with what was measured.
        case tooLong(Measured)
    }

    /// What a refused stroke measured: its length along the leg, speed and contact time, and the
    /// seconds of movement used before touch-down and after lift-off.
    public struct Measured: Sendable, Equatable {
        public var lengthCm: Double
        public var speedCmS: Double
        public var seconds: Double
        public var secondsBefore: Double
        public var secondsAfter: Double

        /// The figures in words, for the one line that says why a stroke was refused.
        public var description: String {
            String(format: "%.1f cm along the leg in %.2f s of contact, %.1f cm/s, measured over its movement from %.2f s before touch-down to %.2f s after lift-off",
                   lengthCm, seconds, speedCmS, secondsBefore, secondsAfter)
        }
    }

    /// Takes one sample of the strokes step, touching or not: time in seconds, acceleration in g,
    /// body rate in deg/s with the bias removed. Returns what a stroke gave once its movement is
    /// measured (nil otherwise): at the next touch-down, or after a long lift.
    public mutating func add(seconds: Double, accelG: Vector, gyroDPS: Vector, inContact: Bool) -> Outcome? {
        let dt = lastSeconds.map { min(0.05, max(1e-5, seconds - $0)) } ?? 0.002
        lastSeconds = seconds
        if firstSeconds == nil { firstSeconds = seconds }
        let micros = UInt64(max(0, (seconds - (firstSeconds ?? 0)) * 1e6))
        guard let glide = meter.add(accelG: accelG, omega: gyroDPS * (Double.pi / 180), dt: dt, micros: micros, inContact: inContact) else {
            return nil
        }
        // A touch briefer than a stroke is a finger brushing the doll (or noise at an edge): ignored.
        guard glide.seconds >= Self.shortestSeconds else { return nil }
        let along = glide.displacementCm(levelSurface: true)
        let measured = Measured(lengthCm: along.length, speedCmS: along.length / glide.seconds, seconds: glide.seconds,
                                secondsBefore: glide.secondsBefore, secondsAfter: glide.secondsAfter)
        guard along.length >= Self.shortestCm else { return .tooShort(measured) }
        guard along.length <= Self.longestCm else { return .tooLong(measured) }
        strokes.append((along.normalized, along.length))
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
