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

    /// The leg axis the rig's strokes follow, in glove axes: the truth calibration should find.
    public var trueLegAxis: [Double] {
        let yaw = strokes.hand.yawDegrees * .pi / 180
        return [cos(yaw), -sin(yaw), 0]
    }

    public init(serialNumber: String, seed: UInt64, weights: [Double] = CalibrationProcedure.defaultWeights) {
        timetable = CalibrationTimetable(weights: weights)
        hardware = GloveHardware(serialNumber: serialNumber)
        noise = SplitMix64(seed: seed &+ 0xCA1)
        let stroke = Scenario(name: "rig strokes", description: "", ageMonths: 6, steps: [
            .init(technique: .stroking, region: .leg, direction: .up, seconds: 40, forceN: 0.7, speedCmS: 6)])
        strokes = ScenarioPlayer(scenario: stroke, hand: HandProfile(seed: seed))
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
        var specific = Vector3(0, 0, 1), rates = Vector3.zero
        if t >= strokesStart {
            let s = t - strokesStart, h = 0.002
            let before = strokes.state(at: max(0, s - h)), now = strokes.state(at: s), after = strokes.state(at: s + h)
            let acceleration = (after.position + before.position - now.position * 2) * (1 / (h * h))
            specific = now.orientation.toBody(acceleration * (1 / 981) + Vector3(0, 0, 1))
            rates = before.orientation.angularVelocity(to: after.orientation, dt: 2 * h) * (180 / .pi)
        }
        func accel(_ g: Double) -> Int16 { Int16(clamping: Int(((g + noise.gaussian() * ScenarioSource.accelNoise) * 8192).rounded())) }
        func gyro(_ dps: Double, _ axis: Int) -> Int16 {
            Int16(clamping: Int(((dps + hardware.gyroBias[axis] + noise.gaussian() * ScenarioSource.gyroNoise) * 65.5).rounded()))
        }
        return (counts, Axes(x: accel(specific.x), y: accel(specific.y), z: accel(specific.z)),
                Axes(x: gyro(rates.x, 0), y: gyro(rates.y, 1), z: gyro(rates.z, 2)))
    }
}
