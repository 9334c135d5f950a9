import Foundation
import TenderfootCalibration
import TenderfootWire

/// The virtual glove's calibration rig (`simulate --rig`): it does to the glove what the
/// calibration procedure asks, on the `CalibrationTimetable` that `calibrate --non-interactive`
/// follows — the glove lies still, each weight goes on each fingertip (lightest first) and off
/// again, then the hand strokes the doll's leg from the foot to the hip three times — through the
/// glove's own sensors.
public struct CalibrationRig: SampleSource {
    public let timetable: CalibrationTimetable
    public private(set) var hardware: GloveHardware
    private let strokes: ScenarioPlayer
    private var noise: SplitMix64
    private var startMicros: UInt64?
    private var lastSeconds = 0.0

    /// The leg axis the rig's strokes follow, in glove axes: the truth calibration should find
    /// (along the leg from the foot, its part along gravity removed, as the analysis uses it).
    public var trueLegAxis: [Double] {
        let contact = ScenarioPlayer.strokeTiming(strokes.scenario.steps[0], hand: strokes.hand).contact
        let mid = strokes.state(at: contact / 2).orientation
        let up = mid.toBody(Vector3(0, 0, 1)), along = mid.toBody(Vector3(1, 0, 0))
        let flat = along - up * (along.x * up.x + along.y * up.y + along.z * up.z)
        return [flat.x / flat.length, flat.y / flat.length, flat.z / flat.length]
    }

    /// A rig for the glove `serialNumber` (its parts' spread, varied by `glove`), stroking with
    /// the hand drawn from `seed` (or `hand`) along `leg`.
    public init(serialNumber: String, seed: UInt64, weights: [Double] = CalibrationProcedure.defaultWeights,
                glove: GloveVariation = .reference, hand: HandProfile? = nil, leg: DollLeg = .flat) {
        timetable = CalibrationTimetable(weights: weights)
        hardware = GloveHardware(serialNumber: serialNumber, variation: glove)
        noise = SplitMix64(seed: seed &+ 0xCA1)
        let stroke = Scenario(name: "rig strokes", description: "", ageMonths: 6, steps: [
            .init(technique: .stroking, region: .leg, direction: .up, seconds: timetable.strokesSeconds, forceN: 0.7, speedCmS: 6)])
        strokes = ScenarioPlayer(scenario: stroke, hand: hand ?? HandProfile(seed: seed), leg: leg)
    }

    /// When the strokes begin, seconds after START.
    public var strokesStart: Double { timetable.strokesStart }

    /// The true force on each fingertip at `t` seconds after START.
    public func forces(at t: Double) -> [Double] {
        var forces = [0.0, 0.0, 0.0, 0.0, 0.0]
        if t >= strokesStart { return strokes.state(at: t - strokesStart).forces }
        guard let slot = timetable.slot(at: t) else { return forces }
        let newtons = timetable.weights[slot.weight] / 1000 * ForceCurveFit.gravity
        let u = slot.into
        let level = u < timetable.rampSeconds ? u / timetable.rampSeconds : u < timetable.rampSeconds + timetable.holdSeconds ? 1 : 0
        forces[slot.finger] = newtons * level
        return forces
    }

    public mutating func reading(index: UInt64, deviceTimeMicros: UInt64) -> (force: FingerCounts, accel: Axes, gyro: Axes) {
        if index == 0 || startMicros == nil { startMicros = deviceTimeMicros; lastSeconds = 0 }
        let t = Double(deviceTimeMicros - startMicros!) / 1e6
        let dt = max(1e-4, t - lastSeconds)
        lastSeconds = t
        let forces = forces(at: t)
        var counts = FingerCounts.zero
        for finger in 0..<5 { counts[finger] = hardware.fingers[finger].counts(newtons: forces[finger], dt: dt, noise: &noise) }
        // Lying flat, palm down, until the strokes; then the hand on the leg.
        if t >= strokesStart {
            let (accel, gyro) = ScenarioSource.imu(strokes, at: t - strokesStart, state: strokes.state(at: t - strokesStart),
                                                   hardware: hardware, noise: &noise)
            return (counts, accel, gyro)
        }
        return (counts, ScenarioSource.accelAxes(Vector3(0, 0, 1), noise: &noise),
                ScenarioSource.gyroAxes(.zero, hardware: hardware, noise: &noise))
    }
}
