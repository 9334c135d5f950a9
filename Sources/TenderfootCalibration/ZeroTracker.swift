import TenderfootWire

/// Re-zeroes the force sensors during practice: when no finger has been touching for
/// `windowSeconds` (every reading steady and within a small band around its zero), the zero
/// offsets (tares) become those readings, so slow drift never adds up to false forces. The
/// window is shorter than the hand's time in the air between two strokes, so a trainee who
/// strokes without pause for minutes is re-zeroed too (with a second's window, a drifting
/// finger read as touching all along, and the contact never ended).
public struct ZeroTracker: Sendable {
    /// How far above the current zero a lifted finger may read, counts: more means contact.
    public static let band = 60.0
    /// A lifted finger's reading: ADC noise up to about 3 counts RMS, and no drift over the window
    /// beyond a few counts (a finger resting on the doll wavers more).
    public static let noise = 4.0
    public static let drift = 3.0
    public static let windowSeconds = 0.4
    private var detectors: [PlateauDetector]
    private var sinceLast = 0
    private let window: Int

    public init(rateHz: Double) {
        window = max(20, Int(rateHz * Self.windowSeconds))
        detectors = Array(repeating: PlateauDetector(window: window), count: 5)
    }

    /// Takes one sample; returns new tares when the hand has been lifted for the window.
    public mutating func check(_ counts: FingerCounts, tares: FiveFingers<Double>) -> FiveFingers<Double>? {
        sinceLast += 1
        for finger in 0..<5 { detectors[finger].add(Double(counts[finger])) }
        guard sinceLast >= window else { return nil }
        var means = tares
        var moved = false
        for finger in 0..<5 {
            guard let mean = detectors[finger].steady(noise: Self.noise, drift: Self.drift), abs(mean - tares[finger]) < Self.band else {
                return nil
            }
            means[finger] = mean
            moved = moved || abs(mean - tares[finger]) >= 3
        }
        guard moved else { return nil }
        sinceLast = 0
        return means
    }
}
