import Foundation
import Testing
import TenderfootAnalysis
@testable import TenderfootRules

/// The shipped rules load, rise with age, and cite the article; broken files are refused whole
/// with a line that says what to fix.
@Suite struct RuleBookTests {
    let book = RuleBook.shipped

    @Test func theShippedRulesFollowTheArticle() {
        #expect(book.force.provisional)
        #expect(book.ageBands.map(\.label) == ["0-3 months", "3-6 months", "6-12 months", "1-3 years", "over 3 years"])
        #expect(book.limit(.stroking, months: 1).fingertipNewtons == 1.0)
        #expect(book.limit(.stroking, months: 48).fingertipNewtons == 6.0)
        for technique in Technique.massage {
            let limits = [1.0, 4, 8, 24, 48].filter { book.isAllowed(technique, months: $0) }.map { book.limit(technique, months: $0).fingertipNewtons }
            #expect(limits == limits.sorted(), "\(technique) limits rise with age")
        }
        #expect(!book.isAllowed(.vibration, months: 2) && book.isAllowed(.vibration, months: 3))
        #expect(!book.isAllowed(.rubbing, months: 2.9) && book.isAllowed(.rubbing, months: 3))
        #expect(book.isAllowed(.stroking, months: 0) && book.isAllowed(.tapping, months: 0))
        #expect(book.minutes(months: 2, firstSession: false) == 3 && book.minutes(months: 8, firstSession: false) == 5)
        #expect(book.minutes(months: 20, firstSession: false) == 8 && book.minutes(months: 20, firstSession: true) == 5)
        #expect(book.speed.maxCmS == 10 && book.direction.leg == .up)
        #expect(book.rule(for: .vibration)?.cite.first?.quote.contains("refrain from vibratory movements") == true)
    }

    /// Every quote of the article is in the article, on the line it names.
    @Test(.enabled(if: ArticleCopy.text != nil, "the article (../shared/seeds) is not next to this checkout"))
    func everyArticleQuoteIsOnItsLine() throws {
        let lines = try #require(ArticleCopy.text).components(separatedBy: "\n")
        var citations = book.force.cite + book.direction.cite + book.speed.cite + book.structure.cite + book.duration.cite
        citations += book.contraindications.cite + book.techniques.flatMap(\.cite)
        let article = citations.filter { $0.source == "article" }
        #expect(article.count >= 12)
        for citation in article {
            let line = try #require(citation.line)
            #expect(lines[line - 1].contains(citation.quote), "line \(line) does not say “\(citation.quote)”")
        }
    }

    func refusal(_ edit: (inout [String: Any]) -> Void) throws -> String {
        let data = Data(RuleBook.shippedText.utf8)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        edit(&object)
        do {
            _ = try RuleBook.parse(try JSONSerialization.data(withJSONObject: object), name: "mine.json")
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func brokenRulesAreRefusedWithWhatToFix() throws {
        #expect(try refusal { _ in } == "")
        #expect(try refusal { $0["version"] = 2 }.contains("format version 2 is not supported"))
        #expect(try refusal { $0.removeValue(forKey: "speed") }.contains("missing \"speed\""))
        #expect(try refusal { object in
            var force = object["force"] as! [String: Any]
            var limits = force["limits"] as! [String: Any]
            var band = limits["3-6m"] as! [String: Any]
            band.removeValue(forKey: "rubbing")
            limits["3-6m"] = band
            force["limits"] = limits
            object["force"] = force
        }.contains("rubbing is allowed from 3 months but force.limits.3-6m gives it no limit"))
        #expect(try refusal { object in
            var speed = object["speed"] as! [String: Any]
            speed["cite"] = [["source": "hearsay", "quote": "fast is fine"]]
            object["speed"] = speed
        }.contains("names a source \"hearsay\" not in \"sources\""))
        #expect(try refusal { object in
            var speed = object["speed"] as! [String: Any]
            speed["cite"] = []
            object["speed"] = speed
        }.contains("every rule must cite its source"))
        #expect(try refusal { object in
            var force = object["force"] as! [String: Any]
            var limits = force["limits"] as! [String: Any]
            limits["0-3m"] = ["stroking": ["fingertip_n": -1, "total_n": 3], "tapping": ["fingertip_n": 1, "total_n": 3],
                              "pressing": ["fingertip_n": 1, "total_n": 3]]
            force["limits"] = limits
            object["force"] = force
        }.contains("fingertip_n must be above 0"))
        // An age beyond any person's (1e19 months once passed the check and crashed every reader).
        for age in [1e19, 1e18, 1201.0] {
            #expect(try refusal { object in
                var techniques = object["techniques"] as! [[String: Any]]
                techniques[techniques.count - 1]["from_months"] = age
                object["techniques"] = techniques
            }.contains("months is no age: from_months and to_months must be 0 to 1200"), "\(age)")
        }
        let garbage = (try? RuleBook.parse(Data("{not json".utf8), name: "x.json")).map { _ in "" }
        #expect(garbage == nil)
        #expect(throws: RulesError.self) { try RuleBook.load("/nonexistent/rules.json") }
    }

    /// What every face writes of an age, and of a technique too early for it.
    @Test func agesAreWrittenAsWordsAndAnAgeRuleReadsTheRightWayRound() {
        #expect(AgeWords.months(1) == "1 month" && AgeWords.months(2) == "2 months" && AgeWords.months(2.5) == "2.5 months")
        #expect(AgeWords.months(1e19) == "10000000000000000000 months", "no number too big to write")
        let early = RuleWarning(rule: .technique, subject: "vibration", finger: nil, deviceTimeMicros: 0, sequence: nil,
                                value: 2, peak: 2, limit: 3, unit: "months", technique: .vibration, tip: "")
        #expect(early.comparison == "vibration from 3 months, baby 2 months")
        #expect(early.summary == "vibration is for babies from 3 months; this baby is 2 months")
    }

    /// A force just over its limit is written with the digits that tell it from the limit.
    @Test func aForceJustOverItsLimitIsNeverWrittenAsTheLimit() {
        func force(_ newtons: Double) -> RuleWarning {
            RuleWarning(rule: .force, subject: "thumb", finger: 0, deviceTimeMicros: 0, sequence: nil,
                        value: newtons, peak: newtons, limit: 1.2, unit: "N", technique: .pressing, tip: "")
        }
        #expect(force(2.93).summary.hasPrefix("thumb 2.93 N is over the 1.20 N limit"))
        #expect(force(1.204).summary.hasPrefix("thumb 1.204 N is over the 1.200 N limit"))
        #expect(force(1.2004).comparison == "thumb 1.2004 N > 1.2000 N")
        #expect(force(1.200_01).comparison == "thumb 1.2000 N > 1.2000 N", "four decimals at most")
    }

    /// An export's `warnings` column says of every rule what broke it (was "close rubbing …
    /// 0.0000 > 0.0000", "session 3.0000 min > 3.0000 min", a down stroke as "stroke 14.62 cm > 5.00 cm").
    @Test func theWarningsColumnSaysWhatBrokeEachRule() {
        func warning(_ rule: RuleKind, _ subject: String, value: Double, limit: Double, unit: String) -> RuleWarning {
            RuleWarning(rule: rule, subject: subject, finger: nil, deviceTimeMicros: 0, sequence: nil,
                        value: value, peak: value, limit: limit, unit: unit, technique: .stroking, tip: "")
        }
        #expect(warning(.force, "total", value: 2.96, limit: 1.8, unit: "N").comparison == "total 2.96 N > 1.80 N")
        #expect(warning(.technique, "vibration", value: 2, limit: 3, unit: "months").comparison == "vibration from 3 months, baby 2 months")
        #expect(warning(.direction, "stroke", value: 14.62, limit: 5, unit: "cm").comparison == "stroke down the leg (14.6 cm)")
        #expect(warning(.speed, "stroke", value: 31.4, limit: 10, unit: "cm/s").comparison == "stroke 31.40 cm/s > 10.00 cm/s")
        #expect(warning(.structure, "close rubbing with a few strokes before kneading", value: 0, limit: 0, unit: "").comparison
                == "close rubbing with a few strokes before kneading")
        #expect(warning(.duration, "session", value: 3, limit: 3, unit: "min").comparison == "massage time over 3 min")
    }

    /// The shipped rules name the article by its title and author, not by a path only the
    /// project has.
    @Test func theShippedRulesCiteTheArticleByTitleAndAuthor() {
        for (key, source) in RuleBook.shipped.sources {
            #expect(!source.contains("../") && !source.contains("seeds/"), "\(key): \(source)")
        }
        #expect(RuleBook.shipped.sources.values.contains { $0.contains("\"Foot massage\"") && $0.contains("Obukhova Alina Sergeevna") })
    }
}

/// The project's copy of the article, when the checkout sits in the workspace beside `shared/`.
enum ArticleCopy {
    static let text: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/seeds/000_65d83327e19d0fa5.txt").path
        return try? String(contentsOfFile: path, encoding: .utf8)
    }()
}
