import TenderfootAnalysis

/// Why a force limit applied: the number alone does not tell a trainee which rule judged them.
public struct LimitBasis: Sendable, Equatable, Hashable {
    /// The kinds of reason, with stable names for JSON and exports.
    public enum Reason: String, Sendable, CaseIterable {
        /// The technique being done has a limit of its own at this age.
        case technique
        /// The first moments of a touch after a lift: the technique is not known yet, so the
        /// loosest limit of the techniques allowed at this age applies (no correct technique is
        /// warned for a touch it has not yet been recognised in).
        case freshTouch = "fresh_touch"
        /// A technique the baby's age band gives no limit (not allowed yet): the gentlest applies.
        case notAllowed = "not_allowed"
        /// No technique recognised (no contact, or a contact that is no technique): the gentlest applies.
        case noTechnique = "no_technique"
    }

    public var reason: Reason
    /// The technique whose limit this is (for `.technique`), or the one being done (for `.notAllowed`).
    public var technique: Technique?
    /// The technique whose limit is the gentlest at this age (the rule book's stroking).
    public var gentlest: Technique

    public init(reason: Reason, technique: Technique?, gentlest: Technique = .stroking) {
        self.reason = reason
        self.technique = technique
        self.gentlest = gentlest
    }

    /// The reason as words after "the N limit …": "for pressing", "for a fresh touch: …".
    public var text: String {
        switch reason {
        case .technique: "for \(technique?.rawValue ?? gentlest.rawValue)"
        case .freshTouch: "for a fresh touch (the highest allowed at this age, until the technique is known)"
        case .notAllowed: "for \(gentlest.rawValue) (\(technique?.rawValue ?? "this technique") is not allowed at this age)"
        case .noTechnique: "for \(gentlest.rawValue) (no technique recognised)"
        }
    }

    /// A short label for a screen's column: "pressing", "fresh touch", "stroking".
    public var label: String {
        switch reason {
        case .technique: technique?.rawValue ?? gentlest.rawValue
        case .freshTouch: "fresh touch"
        case .notAllowed, .noTechnique: gentlest.rawValue
        }
    }
}

/// A force limit with the reason it applied: what the coach judged a sample by, and what every
/// face shows beside the number.
public struct JudgedLimit: Sendable, Equatable {
    public var limit: RuleBook.Limit
    public var basis: LimitBasis

    public init(limit: RuleBook.Limit, basis: LimitBasis) {
        self.limit = limit
        self.basis = basis
    }

    public var fingertipNewtons: Double { limit.fingertipNewtons }
    public var totalNewtons: Double { limit.totalNewtons }
}

extension RuleBook {
    /// The limit a sample is judged by, with its reason: the technique's own while it is known
    /// and `settled`; on a fresh touch, the loosest of the techniques allowed at this age
    /// (fingertip and total each); the gentlest for no technique or one not allowed yet.
    public func judgedLimit(_ technique: Technique?, months: Double, settled: Bool = true) -> JudgedLimit {
        let limits = force.limits[band(months: months).id] ?? [:]
        let gentlest = self.gentlest(in: limits).technique
        if !settled {
            let allowed = Technique.massage.filter { isAllowed($0, months: months) }.compactMap { limits[$0.rawValue] }
            if let first = allowed.first {
                let loosest = allowed.dropFirst().reduce(first) {
                    Limit(fingertipNewtons: max($0.fingertipNewtons, $1.fingertipNewtons), totalNewtons: max($0.totalNewtons, $1.totalNewtons))
                }
                return JudgedLimit(limit: loosest, basis: LimitBasis(reason: .freshTouch, technique: nil, gentlest: gentlest))
            }
        }
        guard let technique else {
            return JudgedLimit(limit: limit(nil, months: months), basis: LimitBasis(reason: .noTechnique, technique: nil, gentlest: gentlest))
        }
        if isAllowed(technique, months: months), let own = limits[technique.rawValue] {
            return JudgedLimit(limit: own, basis: LimitBasis(reason: .technique, technique: technique, gentlest: gentlest))
        }
        return JudgedLimit(limit: limit(nil, months: months), basis: LimitBasis(reason: .notAllowed, technique: technique, gentlest: gentlest))
    }
}
