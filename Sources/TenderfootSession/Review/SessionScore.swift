import TenderfootAnalysis
import TenderfootRules

/// A score from 0 to 100 and how it was reached: six parts, each with its points, its maximum
/// and the reason for what it lost; and the three things that lost the most, in plain words
/// with the article's advice.
///
/// | part          | max | full marks when                         | loses                                   |
/// |---------------|-----|-----------------------------------------|-----------------------------------------|
/// | pressure      | 35  | no force over its limit                 | 5 × the share of massage time over it   |
/// | direction     | 20  | every judged leg stroke goes up         | the share that went down                |
/// | speed         | 5   | no stroke over the speed limit          | the share of strokes too fast           |
/// | age           | 15  | only techniques allowed for the age     | 3 × the share of time on the others     |
/// | structure     | 15  | starts and ends with stroking, each technique closed with strokes | 5 each, and 5 × the share not closed |
/// | duration      | 10  | massage time within the age's limit     | 2 × the share it ran over               |
public struct SessionScore: Sendable {
    public struct Part: Sendable {
        public var name: String
        public var points: Double
        public var maximum: Double
        /// What the points are for, and what was measured.
        public var rule: String
        public var measured: String
    }

    /// Something to work on: what happened, and what to do about it (the article's advice).
    public struct Improvement: Sendable {
        public var title: String
        public var detail: String
        public var advice: String
        public var pointsLost: Double
    }

    public var total: Int
    public var parts: [Part]
    /// Up to three, most points lost first.
    public var improvements: [Improvement]

    init(total: Int, parts: [Part], improvements: [Improvement]) {
        self.total = total
        self.parts = parts
        self.improvements = improvements
    }

    init(_ review: SessionReview) {
        guard !review.episodes.isEmpty else {
            // Nothing was done: nothing earns points.
            total = 0
            parts = []
            improvements = [Improvement(
                title: "Nothing to judge", detail: "The recording holds no massage: the hand never touched the doll long enough.",
                advice: review.rules.structure.tip, pointsLost: 100)]
            return
        }
        let rules = review.rules
        var parts: [Part] = []
        var improvements: [Improvement] = []
        let massage = max(review.massageSeconds, 1e-9)
        func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }

        // Pressure: the time any force warning was open, as a share of massage time.
        let overSeconds = Self.unionSeconds(review.warnings.filter { $0.warning.rule == .force }, endMicros: review.lastMicros)
        let overShare = min(1, overSeconds / massage)
        parts.append(Part(name: "pressure", points: 35 * max(0, 1 - 5 * overShare), maximum: 35,
                          rule: "35 points, less 5 × the share of massage time with a force over its limit",
                          measured: String(format: "%.1f s over a limit, %@ of %.0f s", overSeconds, percent(overShare), review.massageSeconds)))
        if overSeconds > 0 {
            let worst = review.warnings.filter { $0.warning.rule == .force }.max { $0.warning.peak / $0.warning.limit < $1.warning.peak / $1.warning.limit }!
            improvements.append(Improvement(
                title: "Press more gently",
                detail: String(format: "For %.1f s a force was over its limit; the worst: %@.", overSeconds, worst.warning.summary),
                advice: rules.force.tip, pointsLost: 35 - parts.last!.points))
        }

        // Direction and speed of the leg strokes.
        let judged = review.judgedLegStrokes
        let down = judged.filter { $0.direction == .down }.count
        let downShare = judged.isEmpty ? 0 : Double(down) / Double(judged.count)
        parts.append(Part(name: "direction", points: 20 * (1 - downShare), maximum: 20,
                          rule: "20 points × the share of leg strokes that went up the leg, to the heart",
                          measured: judged.isEmpty ? "no leg strokes long enough to judge" : "\(judged.count - down) of \(judged.count) went up"))
        if down > 0 {
            improvements.append(Improvement(
                title: "Stroke the legs from the bottom up",
                detail: "\(down) of \(judged.count) leg strokes went down the leg, away from the heart.",
                advice: rules.direction.tip, pointsLost: 20 - parts.last!.points))
        }
        let stroking = review.strokes.filter { $0.technique == .stroking }
        let fast = stroking.filter { $0.speedCmS > rules.speed.maxCmS }.count
        let fastShare = stroking.isEmpty ? 0 : Double(fast) / Double(stroking.count)
        parts.append(Part(name: "speed", points: 5 * (1 - fastShare), maximum: 5,
                          rule: String(format: "5 points × the share of strokes at %.0f cm/s or slower", rules.speed.maxCmS),
                          measured: stroking.isEmpty ? "no strokes" : "\(stroking.count - fast) of \(stroking.count) were slow enough"))
        if fast > 0 {
            improvements.append(Improvement(
                title: "Slow the strokes down",
                detail: String(format: "%d of %d strokes were faster than %.0f cm/s.", fast, stroking.count, rules.speed.maxCmS),
                advice: rules.speed.tip, pointsLost: 5 - parts.last!.points))
        }

        // Techniques for the age.
        let notAllowed = review.techniques.filter { !rules.isAllowed($0.technique, months: review.ageMonths) }
        let notAllowedSeconds = notAllowed.reduce(0) { $0 + $1.seconds }
        let ageShare = min(1, notAllowedSeconds / massage)
        parts.append(Part(name: "age", points: 15 * max(0, 1 - 3 * ageShare), maximum: 15,
                          rule: "15 points, less 3 × the share of massage time on techniques not yet allowed for the age",
                          measured: notAllowed.isEmpty ? "only techniques allowed for the age"
                            : notAllowed.map { String(format: "%@ for %.1f s", $0.technique.rawValue, $0.seconds) }.joined(separator: ", ")))
        if let first = notAllowed.max(by: { $0.seconds < $1.seconds }) {
            let rule = rules.rule(for: first.technique)
            improvements.append(Improvement(
                title: "Leave out \(notAllowed.map(\.technique.rawValue).joined(separator: " and ")) at this age",
                detail: "\(first.technique.rawValue) is for babies from \(AgeWords.months(rule?.fromMonths ?? 0)); this baby is \(AgeWords.months(review.ageMonths)).",
                advice: rule?.tip ?? "Keep to the techniques allowed for the baby's age.", pointsLost: 15 - parts.last!.points))
        }

        // Structure.
        let structure = review.structure
        let closedShare = structure.toClose == 0 ? 1 : Double(structure.closed) / Double(structure.toClose)
        let structurePoints = (structure.startsRight ? 5 : 0) + (structure.endsRight ? 5 : 0) + 5 * closedShare
        parts.append(Part(name: "structure", points: structurePoints, maximum: 15,
                          rule: "5 points for starting with \(rules.structure.startWith.rawValue), 5 for ending with \(rules.structure.endWith.rawValue), 5 × the share of techniques closed with \(rules.structure.closeEachWith.rawValue)",
                          measured: "started \(structure.startsRight ? "right" : "wrong"), ended \(structure.endsRight ? "right" : "wrong"), \(structure.closed) of \(structure.toClose) closed"))
        if structurePoints < 15 {
            var faults: [String] = []
            if !structure.startsRight { faults.append("it did not start with \(rules.structure.startWith.rawValue)") }
            if !structure.endsRight { faults.append("it did not end with \(rules.structure.endWith.rawValue)") }
            if structure.closed < structure.toClose {
                faults.append("\(structure.toClose - structure.closed) of \(structure.toClose) techniques were not closed with \(rules.structure.closeEachWith.rawValue)")
            }
            improvements.append(Improvement(title: "Build the session in the recommended order",
                                            detail: "In this session " + faults.joined(separator: "; ") + ".",
                                            advice: rules.structure.tip, pointsLost: 15 - structurePoints))
        }

        // Duration.
        let overrun = max(0, review.massageSeconds - review.allowedSeconds) / max(review.allowedSeconds, 1)
        parts.append(Part(name: "duration", points: 10 * max(0, 1 - 2 * overrun), maximum: 10,
                          rule: "10 points, less 2 × the share by which the massage ran over the age's time",
                          measured: String(format: "%.1f of %.0f min", review.massageSeconds / 60, review.allowedSeconds / 60)))
        if overrun > 0 {
            improvements.append(Improvement(
                title: "Keep the massage shorter",
                detail: String(format: "The massage took %.1f min; %.0f min is the limit for this age.", review.massageSeconds / 60,
                               review.allowedSeconds / 60),
                advice: rules.duration.tip, pointsLost: 10 - parts.last!.points))
        }

        self.parts = parts
        total = Int(parts.reduce(0) { $0 + $1.points }.rounded())
        self.improvements = Array(improvements.sorted { $0.pointsLost > $1.pointsLost }.prefix(3))
    }

    /// The time covered by at least one of `warnings`, seconds (one still open runs to `endMicros`).
    static func unionSeconds(_ warnings: [SessionReview.Warning], endMicros: UInt64) -> Double {
        let intervals = warnings.map { ($0.warning.deviceTimeMicros, $0.warning.deviceTimeMicros + ($0.durationMicros ?? (endMicros &- min(endMicros, $0.warning.deviceTimeMicros)))) }
            .sorted { $0.0 < $1.0 }
        var total: UInt64 = 0
        var current: (UInt64, UInt64)?
        for interval in intervals {
            if let open = current, interval.0 <= open.1 {
                current = (open.0, max(open.1, interval.1))
            } else {
                if let open = current { total += open.1 - open.0 }
                current = interval
            }
        }
        if let open = current { total += open.1 - open.0 }
        return Double(total) / 1e6
    }
}
