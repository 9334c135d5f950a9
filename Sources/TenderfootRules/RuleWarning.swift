import TenderfootAnalysis

/// Which rule a warning is about.
public enum RuleKind: String, Sendable, Codable, CaseIterable {
    /// Force per fingertip or in total over the limit for the technique and age.
    case force
    /// A technique the baby is too young for.
    case technique
    /// A leg stroke going down, away from the heart.
    case direction
    /// A stroke faster than the limit.
    case speed
    /// The session's order: start with stroking, close each technique with strokes, end with stroking.
    case structure
    /// Massage time over the limit for the age.
    case duration
}

/// Something the trainee is doing against a rule: what, how much, the limit, and what to do.
/// A sustained violation is one warning with a duration, not one per sample.
public struct RuleWarning: Sendable, Equatable {
    public var rule: RuleKind
    /// What it is about: a finger's name or "total" (force), the technique, "stroke", "session".
    public var subject: String
    /// 0...4 for a fingertip's force warning (thumb to little), else nil.
    public var finger: Int?
    /// When it began (device time; for force, the first sample over the limit).
    public var deviceTimeMicros: UInt64
    public var sequence: UInt16?
    /// The measured value when it began, the worst while it lasted, and the limit, in `unit`.
    public var value: Double
    public var peak: Double
    public var limit: Double
    public var unit: String
    /// The technique being done when it began.
    public var technique: Technique?
    /// How many times it happened while open (strokes the wrong way, too fast).
    public var count = 1
    /// What to do, from the rules file (the article's advice).
    public var tip: String
    /// True when the limit is a provisional default (force limits).
    public var provisional = false
    /// True when the force was read without the glove's calibration (the data sheet's nominal
    /// curve: a part may read up to a quarter off), so the value is approximate.
    public var approximate = false
    /// Why this force limit applied (force warnings only).
    public var basis: LimitBasis?

    public static let fingerNames = ["thumb", "index", "middle", "ring", "little"]

    /// The warning in one line: what, the measured value against the limit.
    public var summary: String {
        switch rule {
        case .force:
            let (shown, limitShown) = Self.numbers(peak, over: limit)
            return "\(subject) \(shown) N is over the \(limitShown) N limit"
                + (basis.map { " \($0.text)" } ?? technique.map { " for \($0.rawValue)" } ?? "") + (provisional ? " (provisional)" : "")
                + (approximate ? " (approximate: the glove is not calibrated)" : "")
        case .technique:
            return "\(subject) is for babies from \(AgeWords.months(limit)); this baby is \(AgeWords.months(value))"
        case .direction:
            return "\(count == 1 ? "a stroke" : "\(count) strokes") went down the leg (up to \(Self.number(peak, digits: 1)) cm): legs are stroked from the bottom up, to the heart"
        case .speed:
            return "\(count == 1 ? "a stroke" : "\(count) strokes") at \(Self.number(peak, digits: 1)) cm/s, over \(Self.number(limit, digits: 0)) cm/s"
        case .structure:
            return subject
        case .duration:
            return "massage time \(Self.number(value, digits: 1)) min is over the \(Self.number(limit, digits: 0)) min for this age"
        }
    }

    /// The value against the limit, in their unit, as a table's cell gives it (an export's
    /// `warnings` column): what broke the rule when the warning began.
    public var comparison: String {
        switch rule {
        case .technique: return "\(subject) from \(AgeWords.months(limit)), baby \(AgeWords.months(value))"
        case .direction: return "\(subject) down the leg (\(Self.number(value, digits: 1)) cm)"
        case .structure: return subject
        case .duration: return "massage time over \(Self.number(limit, digits: 0)) min"
        case .force, .speed:
            let (shown, limitShown) = Self.numbers(value, over: limit)
            return "\(subject) \(shown) \(unit) > \(limitShown) \(unit)"
        }
    }

    /// A value over its limit and the limit, with two decimals, or as many more (up to four) as
    /// it takes for them to differ: never "1.20 N is over the 1.20 N limit".
    static func numbers(_ value: Double, over limit: Double) -> (value: String, limit: String) {
        var digits = 2
        while digits < 4 && number(value, digits: digits) == number(limit, digits: digits) { digits += 1 }
        return (number(value, digits: digits), number(limit, digits: digits))
    }

    static func number(_ value: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
}
