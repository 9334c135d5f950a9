import Foundation
import TenderfootCalibration

/// The Interlink FSR 402 data sheet's typical part, as the data sheet draws it: resistance
/// against force, read at three points and joined by straight lines on log-log axes (each
/// stretch a power law, extended past the ends with the end slopes). Near its actuation force
/// (the data sheet's "break force", about 0.2 N on a fingertip) it turns on like a switch: from
/// 60 % of that force, where it does not conduct, its conductance climbs steeply (as the fourth
/// power) to meet the curve at the break force. Written from the data sheet,
/// not from the analysis's nominal curve (`FSRCurve.nominal`), which is a fit of its own.
public enum FSRDatasheet {
    /// (newtons, ohms): about 30 kOhm at 0.2 N, 6 kOhm at 1 N, 1 kOhm at 10 N.
    public static let typical: [(newtons: Double, ohms: Double)] = [(0.2, 30_000), (1, 6_000), (10, 1_000)]

    /// The typical part's conductance at `force` (siemens), for a part that actuates at `actuation` newtons.
    public static func conductance(newtons force: Double, actuation: Double) -> Double {
        guard force >= actuation else {
            let off = 0.6 * actuation
            guard force > off else { return 0 }
            return conductance(newtons: actuation, actuation: actuation) * pow((force - off) / (actuation - off), 4)
        }
        let upper = typical.firstIndex { $0.newtons >= force } ?? typical.count - 1
        let a = typical[max(1, upper) - 1], b = typical[max(1, upper)]
        let slope = log(a.ohms / b.ohms) / log(b.newtons / a.newtons)
        return pow(force / a.newtons, slope) / a.ohms
    }
}

/// One fingertip's force sensor as it really behaves, from the true force to raw ADC counts:
/// the data sheet's typical part (`FSRDatasheet`) moved by this part's own sensitivity, curvature
/// and actuation force, a soft saturation near 20 N, hysteresis (reads higher while unloading),
/// creep (the reading drifts up under a held load), then the divider and a noisy 12-bit ADC
/// (Interlink FSR 400 series integration guide: part-to-part repeatability ±6 % to ±25 %,
/// hysteresis and drift of a few percent).
public struct FSRSensorModel: Sendable {
    /// Where the soft saturation sits, newtons.
    public static let saturationNewtons = 20.0
    /// This part's conductance relative to the typical part at 1 N (0.75...1.25).
    public var sensitivity: Double
    /// This part's curvature: its log-log slope against the typical part's (close to 1).
    public var exponent: Double
    /// The force at which this part starts to conduct, newtons.
    public var actuationNewtons: Double
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

    public init(sensitivity: Double, exponent: Double = 1.0, actuationNewtons: Double = 0.2) {
        self.sensitivity = sensitivity
        self.exponent = exponent
        self.actuationNewtons = actuationNewtons
    }

    /// The conductance the part shows at `force`, before hysteresis and creep (siemens).
    public func staticConductance(newtons force: Double) -> Double {
        let limited = force / pow(1 + pow(force / Self.saturationNewtons, 6), 1.0 / 6)
        let atOne = FSRDatasheet.conductance(newtons: 1, actuation: actuationNewtons)
        let typical = FSRDatasheet.conductance(newtons: limited, actuation: actuationNewtons)
        return sensitivity * atOne * pow(typical / atOne, exponent)
    }

    /// The force this part's static curve maps to `counts` (the model's own inverse, without
    /// noise, hysteresis or creep, found by bisection: the curve rises with force); nil at the
    /// ADC's top rail or beyond what the part reaches.
    public func newtons(counts: Double) -> Double? {
        guard let g = FSRCircuit.conductance(counts: counts) else { return nil }
        guard g > 0 else { return 0 }
        var low = 0.0, high = 100.0
        guard staticConductance(newtons: high) > g else { return nil }
        for _ in 0..<80 {
            let middle = (low + high) / 2
            if staticConductance(newtons: middle) < g { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// Advances the sensor by `dt` seconds at `force` newtons and returns the raw reading.
    public mutating func counts(newtons force: Double, dt: Double, noise: inout SplitMix64) -> UInt16 {
        let loaded = force > actuationNewtons
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
            let exponent = 1 + random.gaussian() * 0.04
            // The break force: about 0.2 N, part to part (the data sheet: "as low as 0.1 N").
            let actuation = max(0.15, min(0.25, 0.2 + random.gaussian() * 0.02))
            return FSRSensorModel(sensitivity: 1 + spread, exponent: exponent, actuationNewtons: actuation)
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
