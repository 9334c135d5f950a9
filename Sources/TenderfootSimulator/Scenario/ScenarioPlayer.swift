import TenderfootCalibration
import Foundation
import TenderfootAnalysis

/// Turns a scenario and a hand into the hand's state at any moment since START: forces,
/// position and orientation on the doll, and the truth labels. Pure: the same time gives
/// the same state, so motion is differentiated numerically for the IMU.
///
/// The doll lies on its back: world X runs along the leg from the foot (X = 0) to the hip
/// (X = 30 cm), Z points up. On the leg the hand lies palm down, fingers along +X turned by
/// the hand's yaw; on the sole (which faces -X) the fingers point up and the back of the
/// hand faces away from the foot (pitch -90°).
public struct ScenarioPlayer: Sendable {
    public let scenario: Scenario
    public let hand: HandProfile
    public let leg: DollLeg
    /// When each step starts, seconds since START, in order.
    private let starts: [Double]
    private let strokeOffsets: [Int]
    /// The scenario's length, seconds.
    public let duration: Double

    public init(scenario: Scenario, hand: HandProfile = HandProfile(), leg: DollLeg = .flat) {
        self.scenario = scenario
        self.hand = hand
        self.leg = leg
        var starts: [Double] = [], offsets: [Int] = []
        var time = 0.0, strokes = 0
        for step in scenario.steps {
            starts.append(time)
            offsets.append(strokes)
            time += step.seconds
            strokes += Self.cycles(step, hand: hand)
        }
        self.starts = starts
        self.strokeOffsets = offsets
        duration = time
    }

    /// The step playing at `t`: the last one starting at or before it (a binary search: the
    /// simulator asks for several moments of every sample).
    private func stepIndex(at t: Double) -> Int? {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= t { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? low - 1 : nil
    }

    /// The hand at `t` seconds since START; after the end, the hand rests.
    public func state(at t: Double) -> HandState {
        guard let index = stepIndex(at: t), t < duration else {
            return rest(at: t, step: scenario.steps.count)
        }
        let step = scenario.steps[index]
        let motion = Self.motion(step, hand: hand, at: t - starts[index])
        let weights = Self.fingerShare(step, hand: hand).enumerated().map { $0.element * hand.fingerWeights[$0.offset] }
        let forces = weights.map { $0 * motion.forceFraction * step.forceN * hand.forceScale }
        var contact = motion.forceFraction > 0 && step.technique != .rest
        var angles = angles(step.region, motion)
        var position = motion.position
        // A hand moves from one place to the next rather than jumping: over the first 0.4 s of a
        // step it turns and travels smoothly from where the previous step left it. Turning over
        // between the leg and the sole, or going further than a couple of centimetres, it does
        // so in the air.
        let tau = t - starts[index]
        if index > 0, tau < Self.moveSeconds {
            let previous = scenario.steps[index - 1]
            let end = Self.motion(previous, hand: hand, at: previous.seconds)
            if previous.region != step.region || (position - end.position).length > 2 { contact = false }
            let from = self.angles(previous.region, end)
            let w = Self.smooth(tau / Self.moveSeconds)
            angles = (from.0 + (angles.0 - from.0) * w, from.1 + (angles.1 - from.1) * w, from.2 + (angles.2 - from.2) * w)
            position = end.position + (position - end.position) * w
        }
        if step.region == .leg {
            // On the leg's surface, and tilted with it when the hand follows its contour.
            position.z += leg.height(at: position.x)
            if hand.followsSurface { angles.1 -= atan(leg.slope(at: position.x)) * 180 / .pi }
        }
        if hand.isLeftHand { position.y = -position.y }
        let base = Rotation(yaw: angles.0, pitch: angles.1, roll: angles.2)
        return HandState(
            forces: contact ? forces : [0, 0, 0, 0, 0],
            position: position + tremor(at: t),
            orientation: base, technique: step.technique, region: step.region,
            direction: contact && step.region == .leg && [.stroking, .rubbing].contains(step.technique)
                ? (step.direction ?? .up) : nil,
            stroke: contact ? strokeOffsets[index] + motion.cycle : nil,
            stepIndex: index, mistakes: step.mistakes ?? [], speedCmS: contact ? motion.speed : 0)
    }

    static let moveSeconds = 0.4

    /// The hand's yaw, pitch and roll (degrees) for a region: palm down along the leg turned by
    /// the hand's yaw; on the sole, fingers up (pitch -90°).
    private func angles(_ region: BodyRegion, _ motion: Motion) -> (Double, Double, Double) {
        let mirror = hand.isLeftHand ? -1.0 : 1.0
        return region == .leg
            ? (hand.reportedYawDegrees + mirror * motion.yaw, hand.pitchDegrees + motion.pitch, mirror * (hand.rollDegrees + motion.roll))
            : (mirror * motion.yaw, -90 + motion.pitch, mirror * motion.roll)
    }

    private func rest(at t: Double, step: Int) -> HandState {
        HandState(forces: [0, 0, 0, 0, 0], position: Vector3(5, 0, 4 + leg.height(at: 5)) + tremor(at: t),
                  orientation: Rotation(yaw: hand.reportedYawDegrees, pitch: 0, roll: 0), technique: .rest, region: .leg,
                  direction: nil, stroke: nil, stepIndex: step, mistakes: [], speedCmS: 0)
    }

    private func tremor(at t: Double) -> Vector3 {
        let a = hand.tremorCm
        return Vector3(a * sin(2 * .pi * 7.3 * t), a * sin(2 * .pi * 5.1 * t + 1), a * 0.5 * sin(2 * .pi * 9.7 * t + 2))
    }

    // MARK: Techniques

    struct Motion {
        var position: Vector3
        var forceFraction: Double
        var cycle = 0
        var speed = 0.0
        var yaw = 0.0, pitch = 0.0, roll = 0.0
    }

    /// The fraction of the step's force each finger takes (thumb to little).
    static func fingerShare(_ step: Scenario.Step, hand: HandProfile = HandProfile()) -> [Double] {
        if let fingers = step.fingers {
            return Finger.allCases.map { fingers.contains($0) ? 1 : 0 }
        }
        switch step.technique {
        case .stroking:
            // A thumb on the doll takes its share of the same whole the four fingers carry alone;
            // a palm on it takes its share from all five.
            let thumb = min(0.6, hand.strokingThumbShare)
            let fingers = 1 - min(0.8, hand.strokingPalmShare)
            return [3.5 * thumb * fingers, (1 - thumb) * fingers, (1 - thumb) * fingers, 0.9 * (1 - thumb) * fingers, 0.6 * (1 - thumb) * fingers]
        case .vibration where hand.vibratesWholeHand:
            // The same whole as two fingertips' vibration, spread over the hand.
            return [0.4, 1, 1, 0.9, 0.6].map { $0 * 2 / 3.9 }
        case .rubbing: return step.region == .sole ? [1, 0, 0, 0, 0] : [0, 1, 1, 0.8, 0]
        case .kneading: return [1, 0.9, 0.8, 0, 0]
        case .vibration: return [0, 1, 1, 0, 0]
        case .tapping: return [0, 1, 1, 0.7, 0]
        case .pressing: return [1, 0, 0, 0, 0]
        case .rest: return [0, 0, 0, 0, 0]
        }
    }

    static func speed(_ step: Scenario.Step, hand: HandProfile) -> Double {
        (step.speedCmS ?? (step.region == .leg ? 5 : 3)) * hand.speedScale
    }

    static func strokeLength(_ step: Scenario.Step) -> Double {
        step.strokeCm ?? (step.region == .leg ? 15 : 5)
    }

    static func rate(_ step: Scenario.Step, hand: HandProfile, nominal: Double) -> Double {
        (step.rateHz ?? nominal) * hand.rhythmScale
    }

    /// Seconds of one contact and one whole cycle for strokes.
    static func strokeTiming(_ step: Scenario.Step, hand: HandProfile) -> (contact: Double, cycle: Double) {
        let contact = strokeLength(step) / speed(step, hand: hand)
        let edge = glideEdge(hand.edgeSpeedShare)
        // With moving edges the glide goes on in the air before touch-down and after lift-off.
        return (contact, contact + 0.6 + 2 * edge * contact / (1 - 2 * edge))
    }

    /// Where (0...0.5 of the glide) a minimum-jerk glide is at `share` of its peak speed:
    /// 30·g²(1−g)² = share · 1.875.
    static func glideEdge(_ share: Double) -> Double {
        guard share > 0 else { return 0 }
        let product = min(0.25, share.squareRoot() / 4)
        return (1 - (1 - 4 * product).squareRoot()) / 2
    }

    static func cycles(_ step: Scenario.Step, hand: HandProfile) -> Int {
        switch step.technique {
        case .stroking: return Int((step.seconds / strokeTiming(step, hand: hand).cycle).rounded(.up))
        case .tapping: return Int((step.seconds * rate(step, hand: hand, nominal: 4)).rounded(.up))
        case .pressing: return Int((step.seconds / 2.2).rounded(.up))
        case .rest: return 0
        default: return 1
        }
    }

    /// Minimum-jerk progress 0...1 over 0...1.
    static func smooth(_ u: Double) -> Double {
        let x = max(0, min(1, u))
        return x * x * x * (10 - 15 * x + 6 * x * x)
    }

    /// Rises over the first and falls over the last `edge` of 0...1.
    static func envelope(_ u: Double, edge: Double = 0.12) -> Double {
        guard u > 0, u < 1 else { return 0 }
        return min(1, u / edge, (1 - u) / edge)
    }

    static func motion(_ step: Scenario.Step, hand: HandProfile, at tau: Double) -> Motion {
        let leg = step.region == .leg
        // On the leg the surface is the X-Y plane at Z = 0; on the sole it is the Y-Z plane at X = 0.
        func surface(_ along: Double, _ across: Double, lift: Double = 0) -> Vector3 {
            leg ? Vector3(along, across, lift) : Vector3(-lift, across, along)
        }
        switch step.technique {
        case .stroking:
            let (contact, cycle) = strokeTiming(step, hand: hand)
            let length = strokeLength(step)
            let n = Int(tau / cycle)
            let u = tau - Double(n) * cycle
            let sign = (leg && step.direction == .down) ? -1.0 : 1.0
            let start = leg ? (sign > 0 ? 3.0 : 3 + length) : 1.0
            // The glide runs from rest to rest; the fingers touch down once it has reached
            // `edgeSpeedShare` of its peak speed and lift off when it has slowed to it again.
            let edge = glideEdge(hand.edgeSpeedShare)
            let glide = contact / (1 - 2 * edge)
            let glideLength = length / (smooth(1 - edge) - smooth(edge))
            let lead = edge * glide
            func along(_ g: Double) -> Double { start + sign * glideLength * (smooth(g) - smooth(edge)) }
            let g = (u + lead) / glide
            if u < contact {
                let ripple = 1 + 0.06 * sin(2 * .pi * 1.7 * tau)
                // Pressure grows a little over the first strokes (the article: "the degree of pressure gradually increases").
                let growth = min(1, 0.75 + 0.05 * Double(n))
                let v = glideLength / glide * 30 * pow(g, 2) * pow(1 - g, 2)
                return Motion(position: surface(along(g), 0), forceFraction: envelope(u / contact) * ripple * growth,
                              cycle: n, speed: v)
            }
            if g < 1 {
                // Still gliding after lift-off, rising off the leg.
                return Motion(position: surface(along(g), 0, lift: 0.8 * (u - contact) / max(lead, 1e-3)), forceFraction: 0, cycle: n)
            }
            let approach = cycle - lead
            if u >= approach, lead > 0 {
                // The next glide has begun in the air: gliding on from rest, the fingers come down
                // onto the leg, touching it as the glide reaches `edgeSpeedShare` of its peak speed.
                let down = smooth((u - approach) / lead)
                return Motion(position: surface(along((u - approach) / glide), 0, lift: 0.8 * (1 - down)), forceFraction: 0, cycle: n)
            }
            // Back through the air to where the next glide begins.
            let back = smooth((u - contact - lead) / max(cycle - contact - 2 * lead, 1e-3))
            let from = along(1), to = along(0)
            let lift = edge > 0 ? 0.8 + 1.2 * sin(.pi * back) : 2 * sin(.pi * back)
            return Motion(position: surface(from + (to - from) * back, 0, lift: lift), forceFraction: 0, cycle: n)
        case .rubbing:
            let f = rate(step, hand: hand, nominal: 1.5)
            let phase = 2 * .pi * f * tau
            let r = 1.2
            let drift = leg ? 5 + min(20, 0.8 * tau * hand.speedScale) : 2.5
            let offset: (Double, Double)
            switch step.pattern ?? (leg ? "spiral" : "figure8") {
            case "figure8": offset = (1.6 * sin(phase), 0.8 * sin(2 * phase))
            case "circle": offset = (r * cos(phase), r * sin(phase))
            case "diagonal": offset = (r * sin(phase) * 0.8, r * sin(phase) * 0.8 + 0.2 * cos(phase))
            default: offset = (r * cos(phase) + 0.3 * sin(phase / 3), r * sin(phase))
            }
            let edge = envelope(tau / step.seconds, edge: min(0.5, 0.3 / step.seconds))
            return Motion(position: surface(drift + offset.0, offset.1),
                          forceFraction: edge * (0.85 + 0.15 * sin(phase)), speed: 2 * .pi * r * f)
        case .kneading:
            let f = rate(step, hand: hand, nominal: 1.0)
            let phase = 2 * .pi * f * tau
            let squeeze = 0.35 + 0.65 * (0.5 - 0.5 * cos(phase))
            let edge = envelope(tau / step.seconds, edge: min(0.5, 0.3 / step.seconds))
            return Motion(position: surface(8 + 0.4 * tau, 0.3 * sin(phase)), forceFraction: edge * squeeze,
                          roll: 12 * sin(phase))
        case .vibration:
            let f = rate(step, hand: hand, nominal: 10)
            let phase = 2 * .pi * f * tau
            let edge = envelope(tau / step.seconds, edge: min(0.5, 0.25 / step.seconds))
            if hand.vibratesWholeHand {
                // The whole hand shakes along the surface; the fingers' force swings less.
                return Motion(position: surface((leg ? 10 : 2.5) + 0.12 * sin(phase), 0.05 * cos(phase), lift: 0.02 * sin(phase)),
                              forceFraction: edge * (0.85 + 0.15 * sin(phase)))
            }
            return Motion(position: surface(leg ? 10 : 2.5, 0, lift: 0.04 * sin(phase)),
                          forceFraction: edge * (0.75 + 0.25 * sin(phase)))
        case .tapping:
            let f = rate(step, hand: hand, nominal: 4)
            let period = 1 / f
            let n = Int(tau / period)
            let u = (tau - Double(n) * period) / period
            let tap = min(0.3, 0.06 / period)  // ~60 ms of contact each tap
            let along = leg ? 6 + 2 * sin(0.7 * tau) : 2.5
            if u < tap {
                return Motion(position: surface(along, 0), forceFraction: sin(.pi * u / tap), cycle: n)
            }
            return Motion(position: surface(along, 0, lift: 1.2 * sin(.pi * (u - tap) / (1 - tap))), forceFraction: 0, cycle: n)
        case .pressing:
            let cycle = 2.2
            let n = Int(tau / cycle)
            let u = tau - Double(n) * cycle
            let level: Double = u < 0.3 ? u / 0.3 : u < 1.5 ? 1 : u < 1.8 ? (1.8 - u) / 0.3 : 0
            let lift = level > 0 ? 0 : 1.0
            return Motion(position: surface(leg ? 12 : 3, 0, lift: lift), forceFraction: level, cycle: n)
        case .rest:
            return Motion(position: surface(5, 0, lift: 4), forceFraction: 0)
        }
    }
}
