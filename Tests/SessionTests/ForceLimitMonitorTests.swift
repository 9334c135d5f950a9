import Foundation
import Testing
import TenderfootAnalysis
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

    /// One hard press while the limit changes under it (a fresh touch's 3 N, then pressing's
    /// 1.8 N once the technique is known): one warning for the total, not one per limit, named
    /// at its end by the limit that finally applied, with its peak; a looser limit that the
    /// force is under ends it.
    @Test func onePressIsOneWarningWhateverLimitsChangeUnderIt() {
        var monitor = ForceLimitMonitor(provisional: true, tip: "ease off")
        var changes: [ForceLimitMonitor.Change] = []
        let fresh = JudgedLimit(limit: .init(fingertipNewtons: 9, totalNewtons: 3), basis: LimitBasis(reason: .technique, technique: .stroking))
        let pressing = JudgedLimit(limit: .init(fingertipNewtons: 9, totalNewtons: 1.8), basis: LimitBasis(reason: .technique, technique: .pressing))
        let loose = JudgedLimit(limit: .init(fingertipNewtons: 9, totalNewtons: 5), basis: LimitBasis(reason: .technique, technique: .kneading))
        let steps: [(Double, JudgedLimit, Technique)] = [(2.0, fresh, .stroking), (3.5, fresh, .stroking), (3.8, fresh, .stroking),
                                                         (2.67, pressing, .pressing), (2.9, pressing, .pressing), (2.0, pressing, .pressing),
                                                         (1.5, pressing, .pressing), (2.5, pressing, .pressing), (2.5, loose, .kneading)]
        for (index, (total, limit, technique)) in steps.enumerated() {
            monitor.check(FingerNewtons([0, total / 2, total / 2, 0, 0]), limit: limit, technique: technique,
                          deviceTimeMicros: UInt64(index) * 2000, sequence: UInt16(index)) { changes.append($0) }
        }
        let totals = changes.filter { change in
            switch change { case .started(let w), .ended(let w, _): w.subject == "total" }
        }
        guard totals.count == 4, case .started(let first) = totals[0], case .ended(let ended, let duration) = totals[1],
              case .started(let second) = totals[2], case .ended(let secondEnded, _) = totals[3] else {
            Issue.record("two presses, each one start and one end: \(totals)")
            return
        }
        #expect(first.limit == 3 && first.technique == .stroking && first.deviceTimeMicros == 2000)
        #expect(ended.limit == 1.8 && ended.technique == .pressing && ended.peak == 3.8, "\(ended.summary)")
        #expect(ended.summary == "total 3.80 N is over the 1.80 N limit for pressing (provisional)")
        #expect(duration == 5 * 2000, "until 1.5 N, under 90 % of pressing's 1.8 N")
        #expect(second.limit == 1.8 && secondEnded.limit == 1.8, "a looser limit the force is under ends it")
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
