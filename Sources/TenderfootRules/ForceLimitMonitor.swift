import TenderfootCalibration

/// A force over its limit: what the trainee is told at once.
public struct ForceWarning: Sendable, Equatable {
    /// 0...4 for a fingertip (thumb to little), nil for the total of all fingers.
    public var finger: Int?
    /// The first sample over the limit.
    public var deviceTimeMicros: UInt64
    public var sequence: UInt16
    public var newtons: Double
    public var limitNewtons: Double
    /// The highest force while over the limit (grows until the warning ends).
    public var peakNewtons: Double

    public static let fingerNames = ["thumb", "index", "middle", "ring", "little"]
    public var fingerName: String { finger.map { Self.fingerNames[$0] } ?? "total" }
}

/// Watches calibrated forces against the limits and reports each excursion over a limit
/// once: a warning when a force first goes over, and its end when the force has fallen back
/// below 90 % of the limit (so noise around the limit does not make a flood of warnings).
public struct ForceLimitMonitor: Sendable {
    public var limits: ForceLimits
    /// Open warnings: fingers 0...4, then the total at index 5.
    public private(set) var open: [ForceWarning?] = Array(repeating: nil, count: 6)
    public static let releaseFraction = 0.9

    public init(limits: ForceLimits) { self.limits = limits }

    public enum Change: Sendable, Equatable {
        case started(ForceWarning)
        /// The warning and how long the force stayed over, microseconds.
        case ended(ForceWarning, durationMicros: UInt64)
    }

    /// Checks one sample's forces (newtons, thumb to little); calls `report` for each change.
    public mutating func check(_ newtons: FingerNewtons, deviceTimeMicros: UInt64,
                               sequence: UInt16, report: (Change) -> Void) {
        let total = newtons.total
        for slot in 0..<6 {
            let value = slot < 5 ? newtons[slot] : total
            let limit = slot < 5 ? limits.perFingertipNewtons : limits.totalNewtons
            if var warning = open[slot] {
                if value < limit * Self.releaseFraction {
                    open[slot] = nil
                    report(.ended(warning, durationMicros: deviceTimeMicros - warning.deviceTimeMicros))
                } else if value > warning.peakNewtons {
                    warning.peakNewtons = value
                    open[slot] = warning
                }
            } else if value > limit {
                let warning = ForceWarning(finger: slot < 5 ? slot : nil, deviceTimeMicros: deviceTimeMicros,
                                           sequence: sequence, newtons: value, limitNewtons: limit, peakNewtons: value)
                open[slot] = warning
                report(.started(warning))
            }
        }
    }
}
