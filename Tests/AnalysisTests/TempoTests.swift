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

    /// The shipped pipeline's confusion matrix on the `mixed` sessions of `seeds` (the plain
    /// family) with the hand at `scale` times the pace.
    static func matrix(seeds: [UInt64], scale: Double) throws -> ConfusionMatrix {
        var matrix = ConfusionMatrix()
        for seed in seeds {
            var session = PracticeDataset.session(.mixed, seed: seed, family: .plain)
            session.hand.rhythmScale = scale
            matrix.add(try PracticeDataset.run(session))
        }
        print("at \(scale) times the pace:\n\(matrix.table)")
        return matrix
    }

    /// The shipped pipeline on a quick hand (1.6 times the pace): rubbing and kneading are
    /// named, not taken for vibration.
    @Test func aQuickHandsRubbingAndKneadingAreNamed() throws {
        let matrix = try Self.matrix(seeds: [11001], scale: 1.6)
        for technique in [Technique.rubbing, .kneading, .vibration] {
            if let named = matrix.share(of: technique, said: technique) {
                #expect(named >= 0.85, "\(technique) at 1.6 times the pace: \(named)")
            }
        }
        #expect(matrix.share(of: .rubbing, said: .rubbing) != nil && matrix.share(of: .kneading, said: .kneading) != nil,
                "the session has rubbing and kneading")
    }

    /// A slow hand (half the pace: a squeeze every 2 s or so) is named kneading from its first
    /// squeeze's release, also after each re-grip, and no glide is taken for kneading. Before
    /// the release counted, a fifth of it read as stroking.
    @Test func aSlowHandsKneadingIsNamed() throws {
        let matrix = try Self.matrix(seeds: [11001, 11002], scale: 0.5)
        let named = try #require(matrix.share(of: .kneading, said: .kneading), "the sessions have kneading")
        #expect(named >= 0.85, "kneading at half the pace: \(named)")
        let glidesAsKneading = try #require(matrix.share(of: .stroking, said: .kneading), "the sessions have stroking")
        #expect(glidesAsKneading <= 0.02, "stroking read as kneading at half the pace: \(glidesAsKneading)")
    }
}
