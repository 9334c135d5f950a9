/// How one person's hands differ from the scenario's nominal numbers: forces, speed,
/// rhythm, how the hand sits on the leg, how steady it is. Seeded, so a hand can be replayed.
public struct HandProfile: Sendable, Equatable {
    public var forceScale = 1.0
    public var speedScale = 1.0
    public var rhythmScale = 1.0
    /// Rotation of the hand about the vertical, degrees: fingers along the leg at 0.
    public var yawDegrees = 0.0
    /// Hand tremor, cm of random wobble.
    public var tremorCm = 0.02
    /// Share of the force each finger takes, relative to the scenario's split.
    public var fingerWeights = [1.0, 1.0, 1.0, 1.0, 1.0]

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
}
