import TenderfootAnalysis
import TenderfootRules

/// How the session was built against how the rules say to build one: start with stroking,
/// close each technique with strokes, end with stroking.
public struct SessionStructure: Sendable {
    /// The techniques in the order they were done (episodes of `Coach.confirmSeconds` or more, repeats merged).
    public var done: [Technique]
    /// The session the rules recommend for the baby's age (`RuleBook.recommendedOrder`): the
    /// opening strokes, each technique allowed yet in the article's order closed with strokes, the closing strokes.
    public var recommended: [Technique]
    public var startsRight: Bool
    public var endsRight: Bool
    /// Techniques (other than the closing one) that were followed by the closing one, and how many there were.
    public var closed: Int
    public var toClose: Int

    init(episodes: [Episode], rules: RuleBook, ageMonths: Double) {
        let rule = rules.structure
        var done: [Technique] = []
        for episode in episodes {
            let seconds = Double((episode.endMicros ?? episode.startMicros) &- episode.startMicros) / 1e6
            guard seconds >= Coach.confirmSeconds, done.last != episode.technique else { continue }
            done.append(episode.technique)
        }
        self.done = done
        recommended = rules.recommendedOrder(months: ageMonths)
        startsRight = done.first == rule.startWith
        endsRight = done.last == rule.endWith
        var closed = 0, toClose = 0
        for (index, technique) in done.enumerated() where technique != rule.closeEachWith {
            toClose += 1
            if index + 1 < done.count && done[index + 1] == rule.closeEachWith { closed += 1 }
        }
        self.closed = closed
        self.toClose = toClose
    }
}
