import ArgumentParser
import Foundation
import TenderfootAnalysis
import TenderfootRules

/// `tenderfoot rules`: the age rules the trainer judges by, each with its source.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the rules for a baby's age with their sources, print the shipped rules file, or check your own.")

    @Option(name: .customLong("age-months"), help: "Show the rules for a baby of this age, months.")
    var ageMonths: Double = 2

    @Flag(name: .customLong("print"), help: "Print the shipped rules file, to copy and edit.")
    var printFile = false

    @Option(help: "Check this rules file and show its rules.")
    var check: String?

    func validate() throws {
        try OptionChecks.ageMonths(ageMonths)
    }

    func run() throws {
        if printFile {
            print(RuleBook.shippedText, terminator: "")
            return
        }
        let book = try check.map { try RuleBook.load($0) } ?? .shipped
        let band = book.band(months: ageMonths)
        print("\(book.name) · baby \(AgeWords.months(ageMonths)) (\(band.label))")
        print("")
        print("Force per fingertip / in total\(book.force.provisional ? " (PROVISIONAL: \(book.force.why ?? "no published figures"))" : ""):")
        func limitLine(_ name: String, _ limit: JudgedLimit, _ why: String = "") {
            let whose = limit.limit.instructor.map { " (\($0)'s own, from a reference)" } ?? ""
            print("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(format: "%.2f", limit.fingertipNewtons)) N / \(String(format: "%.2f", limit.totalNewtons)) N\(whose)\(why)")
        }
        for technique in Technique.massage {
            let limit = book.judgedLimit(technique, months: ageMonths)
            guard book.isAllowed(technique, months: ageMonths) else {
                let from = book.rule(for: technique).map { String(format: "%g", $0.fromMonths) } ?? "?"
                print("  \(technique.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) not yet (from \(from) months): judged by \(limit.basis.gentlest.rawValue)'s limit")
                continue
            }
            limitLine(technique.rawValue, limit)
        }
        let fresh = book.judgedLimit(nil, months: ageMonths, settled: false)
        limitLine("fresh touch", fresh, " — the first \(String(format: "%g", TechniqueAnalyzer.freshSeconds)) s of a touch after a lift, until the technique is known: the highest allowed at this age")
        let none = book.judgedLimit(nil, months: ageMonths)
        limitLine("no technique", none, " — \(none.basis.gentlest.rawValue)'s, while no technique is recognised")
        cite(book.force.cite, book)
        print("Techniques by age:")
        for rule in book.techniques {
            print("  \(rule.technique.rawValue) from \(String(format: "%g", rule.fromMonths)) months")
            cite(rule.cite, book, indent: "    ")
        }
        print("Direction: leg strokes go \(book.direction.leg.rawValue) (foot to hip), judged for strokes of \(String(format: "%g", book.direction.minLengthCm)) cm or more; the sole is exempt.")
        cite(book.direction.cite, book)
        print("Speed: strokes at most \(String(format: "%g", book.speed.maxCmS)) cm/s.")
        cite(book.speed.cite, book)
        print("Order: start with \(book.structure.startWith.rawValue), close each technique with \(book.structure.closeEachWith.rawValue), end with \(book.structure.endWith.rawValue).")
        cite(book.structure.cite, book)
        print("Duration: \(String(format: "%g", book.minutes(months: ageMonths, firstSession: false))) minutes for this age; first sessions at most \(String(format: "%g", book.duration.firstSessionsMinutes)).")
        cite(book.duration.cite, book)
        print("Do not massage with: " + book.contraindications.checklist.joined(separator: "; ") + ".")
        cite(book.contraindications.cite, book)
    }

    private func cite(_ citations: [Citation], _ book: RuleBook, indent: String = "  ") {
        for citation in citations { print("\(indent)source: \(citation.text)") }
    }
}
