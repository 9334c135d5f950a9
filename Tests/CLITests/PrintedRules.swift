import Foundation
import TestSupport

/// The force limits `tenderfoot rules --age-months N` prints, read back: what every warning's
/// limit must equal for the technique and reason it names.
struct PrintedRules {
    /// Fingertip and total limit, newtons, by the line's name: a technique, "fresh touch", "no technique".
    var limits: [String: (fingertip: Double, total: Double)] = [:]

    init(ageMonths: Double) throws {
        let result = try BuiltBinary.run(["rules", "--age-months", String(ageMonths)])
        for line in result.lines {
            let pattern = #"^  ([a-z]+(?: [a-z]+)?) +(\d+\.\d\d) N / (\d+\.\d\d) N"#
            guard let match = line.range(of: pattern, options: .regularExpression) else { continue }
            let text = String(line[match])
            let numbers = text.split(separator: " ").compactMap { Double($0) }
            let name = text.dropFirst(2).split(separator: " ").prefix { Double($0) == nil }.joined(separator: " ")
            if numbers.count == 2 { limits[name] = (numbers[0], numbers[1]) }
        }
    }

    /// The limit a warning's JSON names (its `limit_basis` and `technique`).
    func limit(ofWarning warning: [String: Any]) -> (fingertip: Double, total: Double)? {
        switch warning["limit_basis"] as? String {
        case "technique": (warning["technique"] as? String).flatMap { limits[$0] }
        case "fresh_touch": limits["fresh touch"]
        case "not_allowed", "no_technique": limits["no technique"]
        default: nil
        }
    }
}
