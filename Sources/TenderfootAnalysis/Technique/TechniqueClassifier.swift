/// A technique with how sure the classifier is, 0...1.
public struct TechniqueGuess: Sendable, Equatable {
    public var technique: Technique
    public var confidence: Double
    public init(technique: Technique, confidence: Double) {
        self.technique = technique
        self.confidence = confidence
    }
}

/// Names the technique from the features, by the physical signature each has, tested in
/// order; each test is a soft membership (0...1) rather than a hard threshold, and what one
/// test leaves is handed on to the next, so the scores add up to 1 and the winner's score is
/// its confidence:
///
/// 1. tapping — at least two contacts in the window, each shorter than about a quarter second,
///    and no touch held longer than that now;
/// 2. vibration — sustained contact with the force oscillating at 5 to 25 Hz by more than ~4 %,
///    and more than at 1.6 to 3.1 Hz (a quick circle's or squeeze's rhythm leaks into the
///    band's lowest bins, and is far stronger where it is: vibration's own slow part is weak);
///    or with the hand shaking at 5 to 25 Hz by more than ~0.1 g, and more than it circles at
///    0.8 to 3.9 Hz (vibration done from the wrist, which the IMU feels though the fingertips'
///    force hardly swings; a trembling hand's tremor stays under 0.07 g on the field
///    recordings' strongest, and a quick circle's harmonics are far weaker than the circle);
/// 3. rubbing — sustained contact while the hand circles (periodic motion at 0.8 to 4 Hz of more than ~0.03 g);
/// 4. pressing — one fingertip carrying most of the force (other fingers may rest lightly);
/// 5. kneading — the thumb opposing the other fingers (a pinch) for much of the contact, and
///    squeezing: a squeeze and release without a lift in the last 2 to 3 s, or a squeeze's
///    release held with the fingers on (a slow hand's first squeeze; `SqueezeTracker`); a thumb
///    that merely touches during a glide does neither;
/// 6. stroking — what is left: a glide with the flat fingers (the thumb and palm may touch).
public enum TechniqueClassifier {
    /// 0 at or below `low`, 1 at or above `high`, linear between.
    static func rising(_ x: Double, _ low: Double, _ high: Double) -> Double {
        min(1, max(0, (x - low) / (high - low)))
    }

    /// How long a touch takes to show a technique that shows only while held, seconds, nil for
    /// the others (a press's dominant finger and kneading's pinch and squeeze stay in the window
    /// through a lift): vibration's force swing needs the force window (0.64 s) held on, its
    /// shaking the landing's knock (0.3 s) gone; rubbing's circles need the window (1.6 s) 95 % in
    /// contact. In the air, and earlier in a touch, they cannot show.
    public static func showingSeconds(_ technique: Technique) -> Double? {
        switch technique {
        case .vibration: vibrationShowingSeconds
        case .rubbing: 0.95 * Double(BlockHistory.capacity) * BlockHistory.blockSeconds
        default: nil
        }
    }

    static let vibrationShowingSeconds = Double(FeatureExtractor.vibrationBlocks + FeatureExtractor.landingBlocks) * BlockHistory.blockSeconds

    public static func classify(_ f: TechniqueFeatures) -> TechniqueGuess {
        let many = f.recentContacts >= 2 ? 1.0 : f.recentContacts == 1 ? 0.3 : 0
        // A touch held longer than a tap ends tapping at once, whatever the window remembers.
        let tapping = many * (1 - rising(f.meanContactSeconds, 0.2, 0.35)) * (1 - rising(f.currentContactSeconds, 0.25, 0.4))
        // Held on: most of the window in contact, or this touch held long enough to show a swing
        // (after a re-grip the window still holds the lift's air time, but the hand is held on).
        let sustained = max(rising(f.contactFraction, 0.6, 0.85),
                            rising(f.currentContactSeconds, Double(FeatureExtractor.vibrationBlocks) * BlockHistory.blockSeconds,
                                   vibrationShowingSeconds))
        let overSlowRhythm = rising(f.vibrationShare / max(f.slowRhythmShare, 1e-9), 0.5, 1)
        let swinging = rising(f.vibrationShare, 0.03, 0.06) * overSlowRhythm
        let shaking = rising(f.shakingG, 0.08, 0.15) * rising(f.shakingG / max(f.circlingG, 1e-9), 0.5, 1)
        let vibration = sustained * max(swinging, shaking)
        let rubbing = rising(f.contactFraction, 0.8, 0.95) * rising(f.circlingG, 0.02, 0.04)
        let kneading = rising(f.pinchShare, 0.3, 0.6) * (1 - rising(f.secondsSinceSqueeze, 2, 3))
        let pressing = rising(f.dominantShare, 0.55, 0.75)
        var left = 1.0
        var best = TechniqueGuess(technique: .stroking, confidence: 0)
        func consider(_ technique: Technique, _ membership: Double) {
            let score = left * membership
            left -= score
            if score > best.confidence { best = TechniqueGuess(technique: technique, confidence: score) }
        }
        consider(.tapping, tapping)
        consider(.vibration, vibration)
        consider(.rubbing, rubbing)
        consider(.pressing, pressing)
        consider(.kneading, kneading)
        consider(.stroking, 1)
        return best
    }
}
