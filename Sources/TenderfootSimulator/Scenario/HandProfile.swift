import Foundation

/// How one person's hands differ from the scenario's nominal numbers: forces, speed,
/// rhythm, how the hand sits on the leg, how steady it is, and how it moves at the edges of a
/// stroke. Seeded, so a hand can be replayed. The defaults are the plain hand the shipped
/// scenarios were written for; `PracticeVariation` draws the rest independently, per hand.
public struct HandProfile: Sendable, Equatable {
    public var forceScale = 1.0
    public var speedScale = 1.0
    public var rhythmScale = 1.0
    /// Rotation of the hand about the vertical, degrees: fingers along the leg at 0.
    public var yawDegrees = 0.0
    /// The hand's tilt on the leg: pitch (fingertips down positive) and roll, degrees.
    public var pitchDegrees = 0.0
    public var rollDegrees = 0.0
    /// Hand tremor, cm of random wobble.
    public var tremorCm = 0.02
    /// Share of the force each finger takes, relative to the scenario's split.
    public var fingerWeights = [1.0, 1.0, 1.0, 1.0, 1.0]
    /// The hand's speed at touch-down and lift-off of a stroke, as a share of its glide speed
    /// (0: it settles before touching and stops before lifting).
    public var edgeSpeedShare = 0.0
    /// The thumb's share of a stroke's force (0: the thumb stays off the doll while stroking).
    public var strokingThumbShare = 0.0
    /// The palm's share of a stroke's force (0: the fingers carry it all). The glove has no
    /// sensor there: what the palm carries, the fingertips do not.
    public var strokingPalmShare = 0.0
    /// The hand's pitch follows the leg's surface (over the knee) instead of staying level.
    public var followsSurface = false
    /// A left hand: the glove's firmware mirrors its y axis (the spec puts y toward the thumb),
    /// so it reads as the mirror image of a right hand's motion.
    public var isLeftHand = false
    /// Where the IMU sits from the finger pads, glove axes, cm: on the back of the hand (the wire
    /// spec puts it there), behind the pads toward the wrist (x < 0) and above them (z > 0). A
    /// typical glove's 7 cm behind and 2 cm above unless a family draws it.
    public var imuOffsetCm = Vector3(-7, 0, 2)
    /// Vibration by the whole hand (every finger on, the hand shaking) rather than by the fingertips.
    public var vibratesWholeHand = false

    public init() {}

    /// A varied hand drawn from `seed`.
    public init(seed: UInt64) {
        var random = SplitMix64(seed: seed ^ 0x5EED_4A4D)
        forceScale = max(0.8, min(1.2, 1 + random.gaussian() * 0.1))
        speedScale = max(0.6, min(1.5, 1 + random.gaussian() * 0.2))
        rhythmScale = max(0.7, min(1.3, 1 + random.gaussian() * 0.12))
        yawDegrees = Double.random(in: -30...35, using: &random)
        tremorCm = Double.random(in: 0.01...0.05, using: &random)
        fingerWeights = (0..<5).map { _ in max(0.85, min(1.15, 1 + random.gaussian() * 0.07)) }
    }

    /// The signed yaw and roll as the glove reports them (a left hand's are mirrored).
    var reportedYawDegrees: Double { isLeftHand ? -yawDegrees : yawDegrees }
}

/// The doll's leg as a surface: its height above the table from the ankle (x = 0) to the hip,
/// with a rise toward the thigh and a bump at the knee.
public struct DollLeg: Sendable, Equatable {
    /// How much higher the thigh end (x = 30 cm) is than the ankle, cm.
    public var riseCm = 0.0
    /// The knee's height over the straight line, cm, at `kneeAtCm` along the leg.
    public var kneeCm = 0.0
    public var kneeAtCm = 16.0
    static let lengthCm = 30.0
    static let kneeWidthCm = 4.5

    public init(riseCm: Double = 0, kneeCm: Double = 0) {
        self.riseCm = riseCm
        self.kneeCm = kneeCm
    }

    /// The flat leg of the shipped scenarios.
    public static let flat = DollLeg()

    /// The surface's height at `x` cm along the leg.
    public func height(at x: Double) -> Double {
        let u = (x - kneeAtCm) / Self.kneeWidthCm
        return riseCm * x / Self.lengthCm + kneeCm * exp(-u * u)
    }

    /// The surface's slope (dz/dx) at `x`.
    public func slope(at x: Double) -> Double {
        let u = (x - kneeAtCm) / Self.kneeWidthCm
        return riseCm / Self.lengthCm - 2 * kneeCm * u / Self.kneeWidthCm * exp(-u * u)
    }
}
