import TenderfootAnalysis
import TenderfootRules

/// The report's colours: one per finger, technique and rule, the same in every chart.
enum Palette {
    static let fingers = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"]

    static func technique(_ technique: Technique) -> String {
        switch technique {
        case .stroking: "#4c9f70"
        case .rubbing: "#e0a030"
        case .kneading: "#b05fc0"
        case .vibration: "#d04a4a"
        case .tapping: "#3b7dd8"
        case .pressing: "#7a5230"
        case .rest: "#bbbbbb"
        }
    }

    static func rule(_ rule: RuleKind) -> String {
        switch rule {
        case .force: "#d62728"
        case .technique: "#9b2fae"
        case .direction: "#e377c2"
        case .speed: "#ff7f0e"
        case .structure: "#7f7f7f"
        case .duration: "#17becf"
        }
    }
}
