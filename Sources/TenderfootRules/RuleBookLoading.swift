import Foundation
import TenderfootAnalysis

/// Why a rules file was refused: one line that says what to fix.
public struct RulesError: Error, CustomStringConvertible, Equatable {
    public var description: String
}

extension RuleBook {
    /// The rules Tenderfoot ships.
    public static let shipped: RuleBook = {
        guard let url = Bundle.module.url(forResource: "default-rules", withExtension: "json"),
              let data = try? Data(contentsOf: url), let book = try? parse(data, name: "the shipped rules") else {
            fatalError("the shipped rules file is missing or invalid: the installation is damaged")
        }
        return book
    }()

    /// The shipped rules file's text, for `tenderfoot rules --print`.
    public static var shippedText: String {
        Bundle.module.url(forResource: "default-rules", withExtension: "json")
            .flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? ""
    }

    /// Reads and checks a rules file; refuses it whole if anything is wrong.
    public static func load(_ path: String) throws(RulesError) -> RuleBook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RulesError(description: "cannot read the rules file \(path) — check the path (`tenderfoot rules --print` shows the defaults to start from)")
        }
        return try parse(data, name: path)
    }

    public static func parse(_ data: Data, name: String) throws(RulesError) -> RuleBook {
        func fail(_ text: String) -> RulesError { RulesError(description: "rules \(name): \(text) — see Docs/rules-format.md") }
        // The shipped rules are 8 KB; a file of more than a mebibyte is not a rules file.
        guard data.count <= 1 << 20 else { throw fail("the file is \(data.count / 1024) KB, far more than a rules file") }
        let book: RuleBook
        do {
            book = try JSONDecoder().decode(RuleBook.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw fail("\(path(context))missing \"\(key.stringValue)\"")
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw fail("not valid JSON")
        } catch let DecodingError.dataCorrupted(context) {
            throw fail("\(path(context))\(context.debugDescription)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw fail("\(path(context))\(context.debugDescription)")
        } catch {
            throw fail("\(error)")
        }
        if let problem = book.problem() { throw fail(problem) }
        return book
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return keys.isEmpty ? "" : "at \(keys): "
    }

    /// The oldest age a rules file may name, months: the shipped rules' last band ends there.
    static let oldestMonths = 1200.0

    /// The first thing wrong with the rules, or nil.
    func problem() -> String? {
        guard format == Self.format else { return "\"format\" must be \"\(Self.format)\"" }
        guard version == Self.version else {
            return "format version \(version) is not supported (this Tenderfoot reads version \(Self.version)) — update Tenderfoot"
        }
        guard let first = ageBands.first, first.fromMonths == 0 else { return "age_bands must start at 0 months" }
        // Ages a person can have: every face writes them, and a number beyond any age breaks nothing later.
        let ages = ageBands.flatMap { [$0.fromMonths, $0.toMonths] } + techniques.map(\.fromMonths)
        if let impossible = ages.first(where: { !$0.isFinite || $0 < 0 || $0 > Self.oldestMonths }) {
            return "an age of \(String(format: "%g", impossible)) months is no age: from_months and to_months must be 0 to \(Int(Self.oldestMonths)) (100 years)"
        }
        for (band, next) in zip(ageBands, ageBands.dropFirst()) where band.toMonths != next.fromMonths || band.fromMonths >= band.toMonths {
            return "age band \(band.id) must end where \(next.id) begins, after it starts"
        }
        guard Set(ageBands.map(\.id)).count == ageBands.count else { return "age band ids must be different" }

        var citations = force.cite + direction.cite + speed.cite + structure.cite + duration.cite + contraindications.cite
        for rule in techniques { citations += rule.cite }
        if let missing = citations.first(where: { sources[$0.source] == nil }) {
            return "the citation \(missing.text) names a source \"\(missing.source)\" not in \"sources\""
        }
        if let empty = citations.first(where: { $0.quote.trimmingCharacters(in: .whitespaces).isEmpty }) {
            return "a citation of \(empty.source) has an empty quote: quote what the rule rests on"
        }
        for technique in Technique.massage {
            let rules = techniques.filter { $0.technique == technique }
            guard rules.count == 1 else { return "\"techniques\" must have exactly one entry for \(technique.rawValue)" }
            guard !rules[0].cite.isEmpty else { return "the rule for \(technique.rawValue) cites no source" }
            guard rules[0].fromMonths >= 0 else { return "\(technique.rawValue): from_months must be 0 or more" }
        }
        guard !force.cite.isEmpty, !direction.cite.isEmpty, !speed.cite.isEmpty, !structure.cite.isEmpty, !duration.cite.isEmpty else {
            return "every rule must cite its source"
        }
        for band in ageBands {
            guard let limits = force.limits[band.id] else { return "force.limits has no entry for age band \(band.id)" }
            for (key, limit) in limits {
                guard let technique = Technique(rawValue: key), technique != .rest else {
                    return "force.limits.\(band.id): \"\(key)\" is not a technique (stroking, rubbing, kneading, vibration, tapping, pressing)"
                }
                guard limit.fingertipNewtons > 0, limit.fingertipNewtons <= 50, limit.totalNewtons >= limit.fingertipNewtons,
                      limit.totalNewtons <= 250 else {
                    return "force.limits.\(band.id).\(technique.rawValue): fingertip_n must be above 0 and at most 50 N, total_n at least fingertip_n and at most 250 N"
                }
            }
            for rule in techniques where rule.fromMonths <= band.fromMonths && limits[rule.technique.rawValue] == nil {
                return "\(rule.technique.rawValue) is allowed from \(String(format: "%g", rule.fromMonths)) months but force.limits.\(band.id) gives it no limit"
            }
            guard let minutes = duration.minutes[band.id], minutes > 0 else { return "duration.minutes has no positive entry for age band \(band.id)" }
        }
        guard direction.minLengthCm >= 0 else { return "direction.min_length_cm must be 0 or more" }
        guard speed.maxCmS > 0 else { return "speed.max_cm_s must be above 0" }
        guard duration.firstSessionsMinutes > 0 else { return "duration.first_sessions_minutes must be above 0" }
        return nil
    }
}
