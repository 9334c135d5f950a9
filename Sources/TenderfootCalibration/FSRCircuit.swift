import Foundation

/// The reference glove's force-sensing circuit: each fingertip's FSR (Interlink 402
/// class) from 3.3 V to the ADC input, a 10 kOhm measuring resistor from the input
/// to ground, and a 12-bit ADC (spec: glove-wire-v1, "Hardware it describes").
///
///     3.3 V ──[ FSR ]──┬── ADC
///                      └─[ 10 kΩ ]── GND        V = 3.3 · G·Rm / (1 + G·Rm)
///
/// An FSR's conductance G is close to proportional to force above its activation
/// threshold, which is why calibration fits in conductance.
public enum FSRCircuit {
    public static let supplyVolts = 3.3
    public static let measuringOhms = 10_000.0
    public static let fullScaleCounts = 4095.0

    /// Conductance (siemens) that gives `counts` at the ADC; nil at or beyond the rails.
    public static func conductance(counts: Double) -> Double? {
        guard counts > 0, counts < fullScaleCounts else { return counts <= 0 ? 0 : nil }
        let ratio = counts / fullScaleCounts           // V / 3.3
        return ratio / (1 - ratio) / measuringOhms
    }

    /// ADC counts (not rounded) for conductance `siemens`.
    public static func counts(conductance siemens: Double) -> Double {
        let x = max(0, siemens) * measuringOhms
        return fullScaleCounts * x / (1 + x)
    }
}

/// A fingertip's force curve: how many newtons a raw reading means. An FSR's conductance G
/// follows a power law above its activation force, G = k·(F − F₀)^α (Interlink FSR 400 series
/// integration guide: 1/R roughly proportional to force, flattening at higher forces). The
/// default values are the nominal part, what an uncalibrated glove is read with: the Interlink
/// FSR 402 data sheet's typical figures (about 30 kOhm at 0.2 N, 6 kOhm at 1 N, 1 kOhm at 10 N;
/// actuation from 0.1 N), which k = 182 µS, F₀ = 0.1 N and α = 0.74 meet within 1.2 %.
/// Calibration fits k, F₀ and α per finger and measures the reading at no load (the tare).
public struct FSRCurve: Sendable, Equatable, Codable {
    /// Conductance per newton^α above activation, siemens.
    public var siemensPerNewton = 182e-6
    /// Force below which the sensor does not conduct, newtons.
    public var activationNewtons = 0.1
    /// α: 1 for a perfectly linear part.
    public var exponent = 0.74
    /// The reading with nothing on the sensor, counts (subtracted first).
    public var tareCounts = 0.0
    /// Force where the sensor saturates, newtons: readings are capped here.
    public var saturationNewtons = 20.0
    /// Readings up to this many counts above the tare are ADC noise on an unloaded sensor: 0 N.
    public var noiseFloorCounts = 8.0

    public init() {}

    public init(siemensPerNewton: Double, activationNewtons: Double, exponent: Double, tareCounts: Double) {
        self.siemensPerNewton = siemensPerNewton
        self.activationNewtons = activationNewtons
        self.exponent = exponent
        self.tareCounts = tareCounts
    }

    /// The nominal part, uncalibrated.
    public static let nominal = FSRCurve()

    /// Newtons for raw `counts` (0 below activation; capped at saturation).
    public func newtons(counts raw: Double) -> Double {
        let counts = raw - tareCounts
        guard counts > noiseFloorCounts else { return 0 }
        guard let g = FSRCircuit.conductance(counts: counts) else { return saturationNewtons }
        return min(saturationNewtons, activationNewtons + pow(g / siemensPerNewton, 1 / exponent))
    }

    enum CodingKeys: String, CodingKey {
        case siemensPerNewton = "siemens_per_newton", activationNewtons = "activation_n", exponent
        case tareCounts = "tare_counts", saturationNewtons = "saturation_n", noiseFloorCounts = "noise_floor_counts"
    }
}
