import TenderfootAnalysis
import TenderfootCalibration

/// Watches calibrated forces against the limit for the technique being done and reports each
/// excursion over a limit once: a warning when a force first goes over, and its end when the
/// force has fallen back below 90 % of the limit that applies then (so noise around the limit
/// does not make a flood of warnings). The limit may change during one press (a fresh touch's,
/// then the technique's once it is known): the press stays one warning, named at its end by
/// the limit that finally applied, with its peak.
public struct ForceLimitMonitor: Sendable {
    /// Open warnings: fingers 0...4, then the total at index 5.
    public private(set) var open: [RuleWarning?] = Array(repeating: nil, count: 6)
    public static let releaseFraction = 0.9
    public var provisional: Bool
    /// The forces come from an uncalibrated glove: its warnings are marked approximate.
    public var approximate: Bool
    public var tip: String

    public init(provisional: Bool, approximate: Bool = false, tip: String) {
        self.provisional = provisional
        self.approximate = approximate
        self.tip = tip
    }

    public enum Change: Sendable, Equatable {
        case started(RuleWarning)
        /// The warning and how long the force stayed over, microseconds.
        case ended(RuleWarning, durationMicros: UInt64)
    }

    /// Checks one sample's forces (newtons, thumb to little) against `limit` (named in a warning); calls `report` for each change.
    public mutating func check(_ newtons: FingerNewtons, limit: JudgedLimit, technique: Technique?,
                               deviceTimeMicros: UInt64, sequence: UInt16, report: (Change) -> Void) {
        let total = newtons.total
        // An instructor's limits are measured, not provisional.
        let judgedProvisionally = provisional && limit.limit.instructor == nil
        for slot in 0..<6 {
            let value = slot < 5 ? newtons[slot] : total
            let bound = slot < 5 ? limit.fingertipNewtons : limit.totalNewtons
            if var warning = open[slot] {
                if value < bound * Self.releaseFraction {
                    open[slot] = nil
                    report(.ended(warning, durationMicros: deviceTimeMicros &- warning.deviceTimeMicros))
                } else {
                    warning.limit = bound
                    warning.technique = technique
                    warning.basis = limit.basis
                    warning.provisional = judgedProvisionally
                    warning.peak = max(warning.peak, value)
                    open[slot] = warning
                }
            } else if value > bound {
                var warning = RuleWarning(rule: .force, subject: slot < 5 ? RuleWarning.fingerNames[slot] : "total",
                                          finger: slot < 5 ? slot : nil, deviceTimeMicros: deviceTimeMicros, sequence: sequence,
                                          value: value, peak: value, limit: bound, unit: "N", technique: technique,
                                          tip: tip, provisional: judgedProvisionally, basis: limit.basis)
                warning.approximate = approximate
                open[slot] = warning
                report(.started(warning))
            }
        }
    }
}
