import TenderfootAnalysis
import TenderfootRules
@testable import TenderfootSimulator

/// Labelled practice sessions for measuring the analysis: each drawn from a seed, with its own
/// hand (force, speed, rhythm, tremor, how it sits on the leg), its own glove (the serial number
/// seeds the sensors' spread) and its own mix of techniques, forces, rhythms and patterns.
enum PracticeDataset {
    /// What a session is for.
    enum Kind {
        /// Every technique in random order, some strokes down the leg.
        case mixed
        /// Practice that breaks no rule: the article's order, gentle forces, strokes up the leg,
        /// techniques allowed for the age, within the time for the age.
        case correct
        /// Like `mixed`, with some steps far over the force limit.
        case overForce
        /// Strokes along the leg, up or down, of many lengths and speeds, some on the sole between.
        case legStrokes
    }

    struct Session {
        var scenario: Scenario
        var hand: HandProfile
        var serial: String
        var seed: UInt64
        var family = PracticeFamily.plain
        var leg = DollLeg.flat
        var glove = GloveVariation.reference
        /// The glove's sample rate: its default 500 Hz or 1000 Hz (the firmware takes 100 to 2000, glove-wire-v1).
        var rateHz = 500.0
    }

    /// A session of `kind` in `family`: its hand, leg and glove drawn from the family, its
    /// glove one of the family's three (so that each is calibrated once on its rig).
    static func session(_ kind: Kind, seed: UInt64, family: PracticeFamily, rules: RuleBook = .shipped) -> Session {
        let draw = family.draw(seed: seed)
        var session = session(kind, seed: seed, rules: rules, rubbing: family.legRubbingPatterns)
        session.family = family
        session.hand = draw.hand
        session.leg = draw.leg
        session.glove = draw.glove
        session.serial = "TFG-\(family.rawValue.prefix(6).uppercased())-\(seed % 3)"
        // Its own generator, so that the rest of the draw does not depend on it; the family's
        // too, so that one seed is not at the same rate in every family.
        var rate = SplitMix64(seed: seed ^ 0x5A3F_1E00_0000_0000 ^ (family.ordinal &* 0x9E37_79B9_7F4A_7C15))
        session.rateHz = rate.next() & 1 == 0 ? 500 : 1000
        return session
    }

    /// Runs `session` on its glove, calibrated once on its rig (the rig strokes the same doll's
    /// leg with a hand of the family's own).
    static func run(_ session: Session) throws -> AnalysisRun {
        let rigSeed = session.seed % UInt64(PracticeFamily.glovesPerFamily)
        let rig = try RigCalibration.calibration(serial: session.serial, draw: session.family.rigDraw(seed: session.seed), seed: rigSeed)
        return try AnalysisRun(scenario: session.scenario, serial: session.serial, seed: session.seed, hand: session.hand,
                               rateHz: session.rateHz, leg: session.leg, glove: session.glove, rig: rig)
    }

    static func session(_ kind: Kind, seed: UInt64, rules: RuleBook = .shipped, rubbing: [String] = ["spiral", "circle"]) -> Session {
        var random = SplitMix64(seed: seed &* 0x9E37_79B9 ^ 0xDA7A)
        let age: Double
        switch kind {
        case .correct: age = [1.0, 2, 4, 8, 14, 30].randomElement(using: &random)!
        default: age = [4.0, 8, 14, 30, 40].randomElement(using: &random)!
        }
        let allowed = Technique.massage.filter { rules.isAllowed($0, months: age) && $0 != .stroking }
        var steps: [Scenario.Step] = []
        func add(_ technique: Technique, overForce: Bool = false, down: Bool = false) {
            steps.append(step(technique, age: age, rules: rules, overForce: overForce, down: down, random: &random))
        }
        switch kind {
        case .mixed, .overForce:
            for index in 0..<12 {
                let technique = Technique.massage.randomElement(using: &random)!
                let over = kind == .overForce && index % 3 == 1
                add(technique, overForce: over, down: technique == .stroking && Double.random(in: 0...1, using: &random) < 0.3)
            if technique == .rubbing && steps[steps.count - 1].region == .leg { steps[steps.count - 1].pattern = rubbing.randomElement(using: &random) }
                if Double.random(in: 0...1, using: &random) < 0.2 {
                    steps.append(Scenario.Step(technique: .rest, seconds: Double.random(in: 1.5...3, using: &random)))
                }
            }
        case .legStrokes:
            for _ in 0..<10 {
                add(.stroking, down: Double.random(in: 0...1, using: &random) < 0.5)
                steps[steps.count - 1].region = .leg
                steps[steps.count - 1].direction = steps[steps.count - 1].direction ?? .up
            }
        case .correct:
            let budget = rules.minutes(months: age, firstSession: false) * 60 * 0.9
            add(.stroking)
            while steps.reduce(0, { $0 + $1.seconds }) < budget - 25 {
                add(allowed.randomElement(using: &random)!)
                add(.stroking)
            }
        }
        steps.append(Scenario.Step(technique: .rest, seconds: 2))
        let hand = HandProfile(seed: seed)
        return Session(scenario: Scenario(name: "dataset-\(seed)", description: "generated", ageMonths: age, steps: steps),
                       hand: hand, serial: "TFG-EVAL-\(seed)", seed: seed)
    }

    /// One step with a plausible force (a share of the age's limit for the technique), rhythm,
    /// speed, pattern and region.
    static func step(_ technique: Technique, age: Double, rules: RuleBook, overForce: Bool, down: Bool,
                     random: inout SplitMix64) -> Scenario.Step {
        let limit = rules.limit(technique, months: age).fingertipNewtons
        let share = overForce ? Double.random(in: 1.6...2.5, using: &random) : Double.random(in: 0.35...0.65, using: &random)
        let seconds = Double.random(in: 5...8, using: &random)
        var step = Scenario.Step(technique: technique, seconds: seconds, forceN: max(0.4, limit * share))
        if overForce { step.mistakes = [.tooMuchForce] }
        switch technique {
        case .stroking:
            step.region = Double.random(in: 0...1, using: &random) < 0.8 ? .leg : .sole
            step.direction = step.region == .leg ? (down ? .down : .up) : nil
            // Under the 10 cm/s rule even for the quickest hands (their pace scales this by up to 1.5).
            step.speedCmS = Double.random(in: 2...5, using: &random)
            step.strokeCm = step.region == .leg ? Double.random(in: 11...20, using: &random) : Double.random(in: 4...7, using: &random)
            step.seconds = max(seconds, 2.5 * (step.strokeCm! / step.speedCmS! + 0.6))
            if step.direction == .down { step.mistakes = (step.mistakes ?? []) + [.wrongDirection] }
        case .rubbing:
            let onSole = Double.random(in: 0...1, using: &random) < 0.4
            step.region = onSole ? .sole : .leg
            step.pattern = onSole ? ["figure8", "circle"].randomElement(using: &random) : ["spiral", "circle"].randomElement(using: &random)
            if onSole { step.fingers = [.thumb] }
            step.rateHz = Double.random(in: 1.0...2.2, using: &random)
        case .kneading:
            step.rateHz = Double.random(in: 0.7...1.4, using: &random)
        case .vibration:
            step.region = Double.random(in: 0...1, using: &random) < 0.5 ? .sole : .leg
            step.rateHz = Double.random(in: 7...14, using: &random)
        case .tapping:
            step.rateHz = Double.random(in: 3...6, using: &random)
        case .pressing:
            step.region = .sole
            step.fingers = [[.thumb], [.index]].randomElement(using: &random)!
        case .rest:
            break
        }
        return step
    }
}
