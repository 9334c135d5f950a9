import Foundation
import Testing
import TenderfootCalibration
@testable import TenderfootRules

@Suite struct ForceLimitMonitorTests {
    func run(_ series: [[Double]], limit: RuleBook.Limit = .init(fingertipNewtons: 1, totalNewtons: 3)) -> [ForceLimitMonitor.Change] {
        var monitor = ForceLimitMonitor(provisional: true, tip: "ease off")
        var changes: [ForceLimitMonitor.Change] = []
        for (index, values) in series.enumerated() {
            monitor.check(FingerNewtons(values), limit: JudgedLimit(limit: limit, basis: LimitBasis(reason: .technique, technique: .stroking)), technique: .stroking, deviceTimeMicros: UInt64(index) * 2000,
                          sequence: UInt16(index)) { changes.append($0) }
        }
        return changes
    }

    @Test func oneWarningPerExcursionNamingTheFingerAndTheFirstSampleOver() {
        let press: [Double] = [0.5, 0.9, 1.05, 1.3, 1.2, 0.95, 0.92, 1.01, 0.8, 0.5]
        let changes = run(press.map { [0, $0, 0, 0, 0] })
        guard changes.count == 2, case .started(let warning) = changes[0], case .ended(let ended, let duration) = changes[1] else {
            Issue.record("expected one start and one end, got \(changes)")
            return
        }
        #expect(warning.finger == 1 && warning.subject == "index" && warning.rule == .force)
        #expect(warning.sequence == 2 && warning.value == 1.05 && warning.limit == 1)
        #expect(ended.peak == 1.3)
        #expect(ended.summary == "index 1.30 N is over the 1.00 N limit for stroking (provisional)")
        #expect(duration == 6 * 2000)  // from sample 2 until sample 8, the first under 90 % of the limit
    }

    @Test func theTotalHasItsOwnLimit() {
        let changes = run([[0.8, 0.8, 0.8, 0.8, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]])
        #expect(changes.count == 2)
        if case .started(let warning) = changes.first { #expect(warning.finger == nil && warning.subject == "total") }
    }

    @Test func forcesUnderTheLimitsGiveNothing() {
        let series: [[Double]] = (0..<1000).map { i in
            let value = 0.59 * abs(sin(Double(i) / 30))
            return [value, value, value, value, value]
        }
        #expect(run(series).isEmpty)
    }
}
