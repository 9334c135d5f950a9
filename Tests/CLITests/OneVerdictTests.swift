import Foundation
import Testing
import TestSupport

/// The report, the JSON events and the rules say the same thing about one session: the same
/// strokes judged, the same warnings, the same recommended order for the age.
@Suite(.serialized) struct OneVerdictTests {
    struct Counts: Equatable {
        var judgedUp = 0, judgedDown = 0, warnings = 0
    }

    /// What `replay --json` says: leg strokes whose direction was judged, and warnings.
    static func jsonCounts(_ file: String, ageMonths: Double) throws -> Counts {
        let result = try BuiltBinary.run(["replay", file, "--fast", "--json", "--age-months", "\(ageMonths)"])
        var counts = Counts()
        for line in result.lines {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            switch object["type"] as? String {
            case "warning": counts.warnings += 1
            case "stroke" where object["technique"] as? String == "stroking" && object["region"] as? String == "leg"
                && (object["length_cm"] as? Double ?? 0) >= 5:
                if object["direction"] as? String == "up" { counts.judgedUp += 1 }
                if object["direction"] as? String == "down" { counts.judgedDown += 1 }
            default: break
            }
        }
        return counts
    }

    /// What the report page says: its arrows, its warning rows, and its sentence on direction.
    static func reportCounts(_ file: String, ageMonths: Double) throws -> (counts: Counts, page: String) {
        let html = Fixtures.temporary(".html")
        let report = try BuiltBinary.run(["report", file, "-o", html, "--age-months", "\(ageMonths)"])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        func occurrences(_ text: String) -> Int { page.components(separatedBy: text).count - 1 }
        let counts = Counts(judgedUp: occurrences("class=\"stroke-up\""), judgedDown: occurrences("class=\"stroke-down\""),
                            warnings: occurrences("class=\"warning\""))
        let judged = counts.judgedUp + counts.judgedDown
        if judged > 0 {
            #expect(page.contains("\(counts.judgedUp) of \(judged) judged leg strokes went bottom-up"), "the text counts the arrows drawn")
        }
        return (counts, page)
    }

    @Test(arguments: [("first-session", 2.0), ("six-months", 6.0)])
    func theReportCountsWhatTheEventsSay(scenario: String, ageMonths: Double) throws {
        let file = try ReplayTests.recording(scenario, seed: 5, calibrated: true)
        let json = try Self.jsonCounts(file, ageMonths: ageMonths)
        let (report, page) = try Self.reportCounts(file, ageMonths: ageMonths)
        #expect(report == json)
        #expect(json.warnings > 0 && json.judgedUp > 0)
        // The recommended structure is the article's order for the age: nothing not allowed yet.
        let start = try #require(page.range(of: "id=\"structure-recommended\">"))
        let row = String(page[start.upperBound...]).components(separatedBy: "</td>").first ?? ""
        if ageMonths < 3 {
            #expect(!row.contains("vibration") && !row.contains("kneading") && !row.contains("rubbing"), "\(row)")
        } else {
            #expect(row.contains("vibration") && row.contains("kneading") && row.contains("rubbing") && row.contains("pressing"), "\(row)")
        }
    }
}
