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

/// The nominal force curve of an Interlink 402 class FSR in the reference glove:
/// what an uncalibrated glove is read with. Conductance rises about 50 µS per newton
/// above a 0.2 N activation threshold (Interlink FSR 400 series integration guide:
/// roughly 1/R proportional to force; about 20 kOhm at 1 N).
///
/// Provisional: a calibrated profile replaces it per glove and per finger.
public struct NominalFSR: Sendable, Equatable {
    /// Force below which the sensor does not conduct, newtons.
    public var activationNewtons = 0.2
    /// Conductance per newton above activation, siemens.
    public var siemensPerNewton = 50e-6
    /// Force where the sensor saturates, newtons.
    public var saturationNewtons = 20.0
    /// Readings up to this many counts are ADC noise on an unloaded sensor: 0 N.
    public var noiseFloorCounts = 8.0

    public init() {}

    /// Newtons for raw `counts` (0 below activation; capped at saturation).
    public func newtons(counts: Double) -> Double {
        guard counts > noiseFloorCounts else { return 0 }
        guard let g = FSRCircuit.conductance(counts: counts) else { return saturationNewtons }
        return min(saturationNewtons, activationNewtons + g / siemensPerNewton)
    }
}
