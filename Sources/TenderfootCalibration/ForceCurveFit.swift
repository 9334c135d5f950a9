import Foundation

/// Why calibration data was refused: one line that says what went wrong and what to do.
public struct CalibrationError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One known load on one fingertip and the steady reading it gave.
public struct CalibrationPoint: Codable, Sendable, Equatable {
    public var loadGrams: Double
    /// Mean raw counts over the steady plateau.
    public var counts: Double
    /// What the fitted curve reads for `counts`, and its error against the load, newtons.
    public var fittedNewtons: Double?
    public var residualNewtons: Double?

    public var newtons: Double { loadGrams / 1000 * ForceCurveFit.gravity }

    public init(loadGrams: Double, counts: Double) {
        self.loadGrams = loadGrams
        self.counts = counts
    }

    enum CodingKeys: String, CodingKey {
        case loadGrams = "load_g", counts, fittedNewtons = "fitted_n", residualNewtons = "residual_n"
    }
}

/// Fits one fingertip's force curve to known loads: the power law G = k·(F − F₀)^α in
/// conductance, where an FSR is close to linear, by least squares on the relative force error.
public enum ForceCurveFit {
    /// Standard gravity, m/s² (a mass of m kg weighs m·g newtons).
    public static let gravity = 9.80665
    /// Readings at or above this are the ADC's top rail: the sensor saturated.
    public static let saturationCounts = 4090.0
    public static let minimumPoints = 3

    /// The fitted curve and the points with their residuals, or a refusal that says what to fix.
    public static func fit(finger: String, tareCounts: Double, points: [CalibrationPoint]) throws(CalibrationError) -> (curve: FSRCurve, points: [CalibrationPoint]) {
        let sorted = points.sorted { $0.loadGrams < $1.loadGrams }
        let floor = FSRCurve.nominal.noiseFloorCounts
        guard sorted.contains(where: { $0.counts - tareCounts > 3 * floor }) else {
            throw CalibrationError("the \(finger) sensor does not respond to any load — check that its sensor is connected and under the pad, then redo this finger")
        }
        if let full = sorted.first(where: { $0.counts >= saturationCounts }) {
            throw CalibrationError("the \(finger) sensor reads full scale at \(grams(full.loadGrams)) — leave out that load (--weights) or check the sensor for a short")
        }
        for (lighter, heavier) in zip(sorted, sorted.dropFirst()) where heavier.counts < lighter.counts - max(3, 0.02 * lighter.counts) {
            throw CalibrationError("the \(finger) sensor read less at \(grams(heavier.loadGrams)) than at \(grams(lighter.loadGrams)) — centre the weight on the pad and redo this finger")
        }
        let usable = sorted.compactMap { point -> (force: Double, g: Double)? in
            guard point.counts - tareCounts > floor, let g = FSRCircuit.conductance(counts: point.counts - tareCounts), g > 0 else { return nil }
            return (point.newtons, g)
        }
        guard usable.count >= minimumPoints else {
            throw CalibrationError("only \(usable.count) of the \(finger) loads gave a reading above the sensor's threshold — at least \(minimumPoints) are needed: add heavier loads (--weights)")
        }
        // The lightest load may sit in the part's turn-on, just below its break force, where the
        // conductance climbs far more steeply than the power law: reading under 75 % of what
        // the heavier loads' curve predicts there, it is left out of the fit (its residual says so).
        var fitted = usable
        if usable.count > minimumPoints, let heavier = powerLaw(Array(usable.dropFirst()), tareCounts: tareCounts),
           usable[0].force > heavier.activationNewtons,
           usable[0].g < 0.75 * heavier.siemensPerNewton * pow(usable[0].force - heavier.activationNewtons, heavier.exponent) {
            fitted = Array(usable.dropFirst())
        }
        guard let curve = powerLaw(fitted, tareCounts: tareCounts) else {
            throw CalibrationError("the \(finger) readings do not follow a force sensor's curve — redo this finger, holding each weight still")
        }
        let result = sorted.map { point -> CalibrationPoint in
            var result = point
            let reading = curve.newtons(counts: point.counts)
            result.fittedNewtons = reading
            result.residualNewtons = reading - point.newtons
            return result
        }
        return (curve, result)
    }

    /// The power law G = k·(F − F₀)^α closest to `usable` (force, conductance) in relative force
    /// error: F₀ searched on a grid below the lightest load, k and α by least squares in log-log.
    static func powerLaw(_ usable: [(force: Double, g: Double)], tareCounts: Double) -> FSRCurve? {
        var best: (error: Double, curve: FSRCurve)?
        guard let lightest = usable.map(\.force).min() else { return nil }
        for step in 0..<80 {
            let activation = lightest * 0.98 * Double(step) / 80
            let xs = usable.map { log($0.force - activation) }, ys = usable.map { log($0.g) }
            let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
            let sxx = zip(xs, xs).map { ($0 - mx) * ($1 - mx) }.reduce(0, +)
            guard sxx > 0 else { continue }
            let alpha = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +) / sxx
            guard alpha > 0.3 && alpha < 3 else { continue }
            let curve = FSRCurve(siemensPerNewton: exp(my - alpha * mx), activationNewtons: activation, exponent: alpha, tareCounts: tareCounts)
            let error = usable.map { point -> Double in
                let fitted = curve.activationNewtons + pow(point.g / curve.siemensPerNewton, 1 / alpha)
                return pow((fitted - point.force) / max(point.force, 0.05), 2)
            }.reduce(0, +)
            if best == nil || error < best!.error { best = (error, curve) }
        }
        return best?.curve
    }

    /// A load as the prompts write it: "20 g", "1 kg".
    public static func grams(_ value: Double) -> String {
        value >= 1000 ? String(format: "%g kg", value / 1000) : String(format: "%g g", value)
    }
}
