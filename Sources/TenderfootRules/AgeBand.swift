/// The baby's age bands the rules distinguish. The article's own milestones: "From 3 months
/// light rubbing from bottom to top is added"; exercises "in children older than 3-4 months";
/// "at the age of up to a year, performing extremely light stroking"; "After a year ... the legs
/// are getting stronger".
public enum AgeBand: String, CaseIterable, Sendable, Codable {
    case upTo3Months = "0-3 months"
    case upTo6Months = "3-6 months"
    case upTo12Months = "6-12 months"
    case upTo3Years = "1-3 years"
    case over3Years = "over 3 years"

    public init(months: Double) {
        switch months {
        case ..<3: self = .upTo3Months
        case ..<6: self = .upTo6Months
        case ..<12: self = .upTo12Months
        case ..<36: self = .upTo3Years
        default: self = .over3Years
        }
    }

    public var label: String { rawValue }
}
