import Foundation
import Testing
import TenderfootAnalysis
@testable import TenderfootSimulator

/// Hands keep their own tempo: circles, squeezes, taps and vibration from half to 1.6 times the
/// scenario's pace. A quick circle's or squeeze's rhythm (2 to 2.5 Hz) leaks into the lowest
/// vibration bins; vibration is the force's swing standing above that rhythm, not any swing
/// at 4.7 Hz.
@Suite struct TempoTests {
    /// The classifier alone: a rubbing window of a quick hand (measured at 2 Hz: 4.4 % at
    /// 4.7 Hz, 18 % at 1.6 Hz; quicker leaks more) with a faint circle is no vibration; a
    /// vibration window (14 % at 10.9 Hz, 4.5 % slow) is.
    @Test func aSlowRhythmsLeakIsNotVibration() {
        var rubbing = TechniqueFeatures()
        rubbing.contactFraction = 1
        rubbing.vibrationShare = 0.05
        rubbing.slowRhythmShare = 0.184
        rubbing.circlingG = 0.035
        #expect(TechniqueClassifier.classify(rubbing).technique == .rubbing)

        var vibration = TechniqueFeatures()
        vibration.contactFraction = 1
        vibration.vibrationShare = 0.139
        vibration.slowRhythmShare = 0.045
        #expect(TechniqueClassifier.classify(vibration).technique == .vibration)
    }

    /// The shipped pipeline on a quick hand (1.6 times the pace): rubbing and kneading are
    /// named, not taken for vibration.
    @Test func aQuickHandsRubbingAndKneadingAreNamed() throws {
        var session = PracticeDataset.session(.mixed, seed: 11001, family: .plain)
        session.hand.rhythmScale = 1.6
        let run = try PracticeDataset.run(session)
        var matrix = ConfusionMatrix()
        var changed: UInt64 = 0
        var previous: Technique?
        for (truth, label) in zip(run.truth, run.labels) {
            if truth.technique != previous { changed = truth.micros; previous = truth.technique }
            guard Double(truth.micros - changed) / 1e6 >= AccuracyTests.settleSeconds else { continue }
            matrix.add(truth: truth.technique, predicted: label)
        }
        print(matrix.table)
        func total(_ technique: Technique) -> Int { matrix.counts[technique]?.values.reduce(0, +) ?? 0 }
        for technique in [Technique.rubbing, .kneading, .vibration] where total(technique) > 0 {
            let named = Double(matrix.counts[technique]?[technique] ?? 0) / Double(total(technique))
            #expect(named >= 0.85, "\(technique) at 1.6 times the pace: \(named)")
        }
        #expect(total(.rubbing) > 0 && total(.kneading) > 0, "the session has rubbing and kneading")
    }
}
