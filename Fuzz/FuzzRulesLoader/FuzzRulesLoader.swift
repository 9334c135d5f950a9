import Foundation
import FuzzSupport
import TenderfootAnalysis
import TenderfootRules

/// One input: a rules file is refused whole or answers every age and technique with a
/// limit a force can be judged by.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRulesLoader(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let book = try? RuleBook.parse(data, name: "fuzz") else { return 0 }
    for months in [0.0, 1, 2.5, 6, 12, 36, 120] {
        _ = book.band(months: months)
        for technique in Technique.allCases + [nil] {
            let limit = book.judgedLimit(technique, months: months)
            precondition(limit.fingertipNewtons > 0 && limit.totalNewtons > 0, "a loaded rule book gave no limit")
        }
    }
    return 0
}

@main
enum FuzzRulesLoaderMain {
    static func main() { runFuzzer { fuzzRulesLoader($0, $1) } }
}
