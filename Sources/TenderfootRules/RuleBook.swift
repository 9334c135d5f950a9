import Foundation
import TenderfootAnalysis

/// Where a rule comes from: a line of the article (quoted), a publication, or the project's own
/// provisional default.
public struct Citation: Codable, Sendable, Equatable {
    /// A key of the rule book's `sources`.
    public var source: String
    public var line: Int?
    public var quote: String

    public init(source: String, line: Int? = nil, quote: String) {
        self.source = source
        self.line = line
        self.quote = quote
    }

    /// "article line 18: “…”".
    public var text: String { "\(source)\(line.map { " line \($0)" } ?? ""): “\(quote)”" }
}

/// The age rules the trainer judges by: a versioned JSON file (Docs/rules-format.md), the
/// shipped defaults or a user's own (`--rules FILE`), every rule citing its source.
public struct RuleBook: Codable, Sendable, Equatable {
    public static let format = "tenderfoot-rules"
    public static let version = 1

    public struct Band: Codable, Sendable, Equatable {
        public var id: String
        public var label: String
        public var fromMonths: Double
        public var toMonths: Double
        enum CodingKeys: String, CodingKey { case id, label, fromMonths = "from_months", toMonths = "to_months" }
    }

    public struct Limit: Codable, Sendable, Equatable {
        public var fingertipNewtons: Double
        public var totalNewtons: Double
        /// The instructor whose own forces this limit was derived from (`tenderfoot reference`):
        /// such a limit is not a provisional default. Nil for the shipped defaults.
        public var instructor: String?
        enum CodingKeys: String, CodingKey { case fingertipNewtons = "fingertip_n", totalNewtons = "total_n", instructor }
        public init(fingertipNewtons: Double, totalNewtons: Double, instructor: String? = nil) {
            self.fingertipNewtons = fingertipNewtons
            self.totalNewtons = totalNewtons
            self.instructor = instructor
        }
    }

    public struct Force: Codable, Sendable, Equatable {
        public var provisional: Bool
        public var why: String?
        public var cite: [Citation]
        public var tip: String
        /// Band id → technique → limit. A technique without a limit in a band is not allowed there.
        public var limits: [String: [String: Limit]]
    }

    public struct Allowed: Codable, Sendable, Equatable {
        public var technique: Technique
        public var fromMonths: Double
        public var cite: [Citation]
        public var tip: String?
        enum CodingKeys: String, CodingKey { case technique, cite, tip, fromMonths = "from_months" }
    }

    public struct Direction: Codable, Sendable, Equatable {
        public var leg: StrokeDirection
        public var minLengthCm: Double
        public var cite: [Citation]
        public var tip: String
        enum CodingKeys: String, CodingKey { case leg, cite, tip, minLengthCm = "min_length_cm" }
    }

    public struct Speed: Codable, Sendable, Equatable {
        public var maxCmS: Double
        public var cite: [Citation]
        public var tip: String
        enum CodingKeys: String, CodingKey { case cite, tip, maxCmS = "max_cm_s" }
    }

    public struct Structure: Codable, Sendable, Equatable {
        public var startWith: Technique
        public var closeEachWith: Technique
        public var endWith: Technique
        /// The order the techniques come in after the opening strokes (each closed with strokes);
        /// a file without it uses `Structure.articleOrder`.
        public var order: [Technique]?
        public var cite: [Citation]
        public var tip: String
        enum CodingKeys: String, CodingKey {
            case cite, tip, order, startWith = "start_with", closeEachWith = "close_each_with", endWith = "end_with"
        }

        /// The article's order ("How to massage", lines 42-45, and line 244): soft strokes, the
        /// sole's reflex press, tapping, then from 3 months rubbing and kneading; vibration is "the next trick".
        public static let articleOrder: [Technique] = [.stroking, .pressing, .tapping, .rubbing, .kneading, .vibration]
    }

    public struct Duration: Codable, Sendable, Equatable {
        /// Band id → minutes of massage.
        public var minutes: [String: Double]
        public var firstSessionsMinutes: Double
        public var cite: [Citation]
        public var tip: String
        enum CodingKeys: String, CodingKey { case minutes, cite, tip, firstSessionsMinutes = "first_sessions_minutes" }
    }

    public struct Contraindications: Codable, Sendable, Equatable {
        public var cite: [Citation]
        public var checklist: [String]
    }

    public var format: String
    public var version: Int
    public var name: String
    public var description: String?
    public var sources: [String: String]
    public var ageBands: [Band]
    public var force: Force
    public var techniques: [Allowed]
    public var direction: Direction
    public var speed: Speed
    public var structure: Structure
    public var duration: Duration
    public var contraindications: Contraindications

    enum CodingKeys: String, CodingKey {
        case format, version, name, description, sources, force, techniques, direction, speed, structure, duration
        case contraindications, ageBands = "age_bands"
    }
}

extension RuleBook {
    /// The band a baby of `months` falls in.
    public func band(months: Double) -> Band {
        ageBands.first { months >= $0.fromMonths && months < $0.toMonths } ?? ageBands[ageBands.count - 1]
    }

    /// The rule saying from which age `technique` is allowed.
    public func rule(for technique: Technique) -> Allowed? {
        techniques.first { $0.technique == technique }
    }

    /// Whether `technique` is allowed for a baby of `months`.
    public func isAllowed(_ technique: Technique, months: Double) -> Bool {
        rule(for: technique).map { months >= $0.fromMonths } ?? false
    }

    /// The force limit for `technique` in the baby's band; stroking's for no contact or a
    /// technique the band does not allow (the gentlest that applies).
    public func limit(_ technique: Technique?, months: Double) -> Limit {
        let limits = force.limits[band(months: months).id] ?? [:]
        if let technique, let limit = limits[technique.rawValue] { return limit }
        return gentlest(in: limits).limit
    }

    /// The gentlest technique of a band's limits and its limit: stroking's, else the lowest fingertip limit.
    func gentlest(in limits: [String: Limit]) -> (technique: Technique, limit: Limit) {
        if let stroking = limits[Technique.stroking.rawValue] { return (.stroking, stroking) }
        let lowest = limits.min { $0.value.fingertipNewtons < $1.value.fingertipNewtons }!
        return (Technique(rawValue: lowest.key) ?? .stroking, lowest.value)
    }

    /// The session the rules recommend for a baby of `months`: the opening technique, each
    /// technique allowed at this age in the rules' order closed with strokes, the closing one.
    public func recommendedOrder(months: Double) -> [Technique] {
        let rule = structure
        var order = [rule.startWith]
        for technique in rule.order ?? Structure.articleOrder
        where technique != rule.closeEachWith && technique != rule.startWith && isAllowed(technique, months: months) {
            order += [technique, rule.closeEachWith]
        }
        if order.last != rule.endWith { order.append(rule.endWith) }
        return order
    }

    /// Minutes of massage for this age (the first sessions' limit when `firstSession`).
    public func minutes(months: Double, firstSession: Bool) -> Double {
        let band = duration.minutes[band(months: months).id] ?? duration.firstSessionsMinutes
        return firstSession ? min(band, duration.firstSessionsMinutes) : band
    }
}
