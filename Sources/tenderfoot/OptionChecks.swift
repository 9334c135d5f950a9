import ArgumentParser

/// The input checks several commands share, each with the one message it gives.
enum OptionChecks {
    /// The babies' ages the rules cover, months.
    static let ageMonthsRange = 0.0...120
    /// The range as a reader is told it ("0 to 120").
    static var ageMonthsRangeText: String { "\(Int(ageMonthsRange.lowerBound)) to \(Int(ageMonthsRange.upperBound))" }

    /// `--age-months`: within the ages the rules cover.
    static func ageMonths(_ months: Double?) throws {
        guard let months else { return }
        guard ageMonthsRange.contains(months) else {
            throw ValidationError("--age-months \(months) is out of range: give the baby's age in months, \(ageMonthsRangeText)")
        }
    }

    /// `--rate`: what the glove can sample at.
    static func rate(_ rate: UInt16) throws {
        guard (100...2000).contains(rate) else {
            throw ValidationError("--rate \(rate) is out of range: the glove samples at 100 to 2000 Hz")
        }
    }

    /// An HTML page's file name (`what` is the page: "the report").
    static func htmlFile(_ path: String?, _ what: String) throws {
        guard let path, !(path.hasSuffix(".html") || path.hasSuffix(".htm")) else { return }
        throw ValidationError("-o \(path): \(what) is HTML — give a file name ending in .html")
    }
}
