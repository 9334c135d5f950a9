import Foundation
import TenderfootCalibration

/// One fingertip's force sensor as it really behaves, from the true force to raw ADC counts:
/// an activation threshold, conductance close to proportional to force above it, a soft
/// saturation near 20 N, this part's own sensitivity, hysteresis (reads higher while
/// unloading), creep (the reading drifts up under a held load), then the divider and a
/// noisy 12-bit ADC (Interlink FSR 400 series integration guide: part-to-part repeatability
/// ±6 % to ±25 %, hysteresis and drift of a few percent).
public struct FSRSensorModel: Sendable {
    public var nominal = FSRCurve.nominal
    /// This part's conductance relative to the nominal part (0.75...1.25).
    public var sensitivity: Double
    /// Small curvature of this part (exponent on force above activation, close to 1).
    public var exponent: Double
    /// Fraction by which the reading rises while unloading.
    public var hysteresis = 0.04
    /// Fraction by which the reading creeps up under a held load, and its time constant.
    public var creep = 0.03
    public var creepSeconds = 3.0
    /// ADC noise, counts (standard deviation).
    public var noiseCounts = 1.5
    /// Slow drift of the unloaded reading, counts per minute (temperature, the divider's offset).
    public var driftCountsPerMinute = 0.0
    /// A warm hand's rise in sensitivity (a share), reached with a time constant of `warmingSeconds`.
    public var warming = 0.0
    public var warmingSeconds = 180.0

    private var creepState = 0.0
    private var unloading = 0.0
    private var lastForce = 0.0
    private var elapsed = 0.0

    public init(sensitivity: Double, exponent: Double = 1.0) {
        self.sensitivity = sensitivity
        self.exponent = exponent
    }

    /// The conductance the part shows at `force`, before hysteresis and creep (siemens).
    public func staticConductance(newtons force: Double) -> Double {
        let limited = force / pow(1 + pow(force / nominal.saturationNewtons, 6), 1.0 / 6)
        let above = max(0, limited - nominal.activationNewtons)
        return sensitivity * nominal.siemensPerNewton * pow(above, exponent)
    }

    /// The force this part's static curve maps to `counts` (the model's own inverse, without
    /// noise, hysteresis or creep); nil at the ADC's top rail.
    public func newtons(counts: Double) -> Double? {
        guard let g = FSRCircuit.conductance(counts: counts) else { return nil }
        guard g > 0 else { return 0 }
        let limited = nominal.activationNewtons + pow(g / (sensitivity * nominal.siemensPerNewton), 1 / exponent)
        let ratio = limited / nominal.saturationNewtons
        guard ratio < 1 else { return nil }
        return limited / pow(1 - pow(ratio, 6), 1.0 / 6)
    }

    /// Advances the sensor by `dt` seconds at `force` newtons and returns the raw reading.
    public mutating func counts(newtons force: Double, dt: Double, noise: inout SplitMix64) -> UInt16 {
        let loaded = force > nominal.activationNewtons
        creepState += ((loaded ? creep : 0) - creepState) * min(1, dt / creepSeconds)
        // Unloading: the force fell noticeably since the last sample; smoothed over about 50 ms.
        let falling = force < lastForce - 0.002 ? 1.0 : 0.0
        unloading += (falling - unloading) * min(1, dt / 0.05)
        lastForce = force
        elapsed += dt
        let warmth = 1 + warming * (1 - exp(-elapsed / warmingSeconds))
        let g = staticConductance(newtons: force) * (1 + creepState) * (1 + hysteresis * unloading) * warmth
        let reading = FSRCircuit.counts(conductance: g) + noise.gaussian() * noiseCounts + driftCountsPerMinute * elapsed / 60
        return UInt16(max(0, min(FSRCircuit.fullScaleCounts, reading.rounded())))
    }
}

extension SplitMix64 {
    /// A standard normal deviate (Box-Muller).
    public mutating func gaussian() -> Double {
        let u1 = max(Double.random(in: 0..<1, using: &self), 1e-12)
        let u2 = Double.random(in: 0..<1, using: &self)
        return sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
    }
}

/// Each virtual glove's own parts, seeded by its serial number: the same serial always
/// gives the same spread, different serials give different ones.
public struct GloveHardware: Sendable {
    public var fingers: [FSRSensorModel]
    /// Gyroscope zero-rate bias per axis, degrees per second.
    public var gyroBias: [Double]

    public init(serialNumber: String, variation: GloveVariation = .reference) {
        var random = SplitMix64(seed: Self.seed(serialNumber))
        fingers = (0..<5).map { _ in
            // Part-to-part spread: most parts within ±15 %, none beyond ±25 %.
            let spread = max(-0.25, min(0.25, random.gaussian() * 0.12))
            return FSRSensorModel(sensitivity: 1 + spread, exponent: 1 + random.gaussian() * 0.04)
        }
        gyroBias = (0..<3).map { _ in random.gaussian() * 0.8 }
        for finger in 0..<5 {
            fingers[finger].sensitivity *= variation.sensitivityScale
            fingers[finger].noiseCounts = variation.noiseCounts
            fingers[finger].creep = variation.creep
            fingers[finger].driftCountsPerMinute = variation.driftCountsPerMinute * (random.gaussian() > 0 ? 1 : -1)
            fingers[finger].warming = variation.warming
        }
    }

    /// FNV-1a of the serial number.
    static func seed(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}

/// How a whole glove's sensors differ from the reference glove's, beyond each part's own spread:
/// ADC noise, creep, drift, a warm hand, and where in the datasheet's sensitivity band its parts
/// sit. The reference values are the glove the shipped scenarios and the demo were made with.
public struct GloveVariation: Sendable, Equatable {
    /// ADC noise, counts RMS (a 12-bit ADC on a glove: 0.5 to 3).
    public var noiseCounts = 1.5
    /// Creep under a held load, a share.
    public var creep = 0.03
    /// Drift of the unloaded reading, counts per minute (each finger up or down).
    public var driftCountsPerMinute = 0.0
    /// A warm hand's rise in sensitivity over the first minutes, a share.
    public var warming = 0.0
    /// Every part's sensitivity times this (the datasheet's band: about 0.75 to 1.25).
    public var sensitivityScale = 1.0

    public init() {}

    /// The reference glove.
    public static let reference = GloveVariation()
}
