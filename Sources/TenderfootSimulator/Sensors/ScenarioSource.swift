import Foundation
import TenderfootWire

/// The virtual glove's sensors: a scenario played by a hand, read through this glove's own
/// force sensors and IMU, so the raw counts carry the errors of real hardware.
public struct ScenarioSource: SampleSource {
    public let player: ScenarioPlayer
    public private(set) var hardware: GloveHardware
    private var noise: SplitMix64
    private var startMicros: UInt64?
    private var lastSeconds = 0.0
    /// Called with every sample's truth (device time, seconds since START, hand state).
    public var truth: ((UInt64, Double, HandState) -> Void)?

    /// Accelerometer noise (g) and gyroscope noise (deg/s), standard deviations (MPU-6050 class).
    static let accelNoise = 0.004
    static let gyroNoise = 0.08

    public init(scenario: Scenario, serialNumber: String, seed: UInt64, hand: HandProfile? = nil) {
        player = ScenarioPlayer(scenario: scenario, hand: hand ?? HandProfile(seed: seed))
        hardware = GloveHardware(serialNumber: serialNumber)
        noise = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 17)
    }

    public mutating func reading(index: UInt64, deviceTimeMicros: UInt64) -> (force: FingerCounts, accel: Axes, gyro: Axes) {
        if index == 0 || startMicros == nil { startMicros = deviceTimeMicros; lastSeconds = 0 }
        let t = Double(deviceTimeMicros - startMicros!) / 1e6
        let dt = max(1e-4, t - lastSeconds)
        lastSeconds = t
        let state = player.state(at: t)
        truth?(deviceTimeMicros, t, state)

        var force = FingerCounts.zero
        for finger in 0..<5 {
            force[finger] = hardware.fingers[finger].counts(newtons: state.forces[finger], dt: dt, noise: &noise)
        }
        let h = 0.002
        let centre = max(t, h)  // a central difference needs the hand on both sides of the moment
        let before = player.state(at: centre - h), after = player.state(at: centre + h), here = player.state(at: centre)
        let acceleration = (after.position + before.position - here.position * 2) * (1 / (h * h))  // cm/s²
        let specificForce = acceleration * (1 / 981) + Vector3(0, 0, 1)                            // g, world
        let a = state.orientation.toBody(specificForce)
        let w = before.orientation.angularVelocity(to: after.orientation, dt: 2 * h) * (180 / .pi)  // deg/s, body
        func accel(_ g: Double) -> Int16 { Int16(clamping: Int(((g + noise.gaussian() * Self.accelNoise) * 8192).rounded())) }
        func gyro(_ dps: Double, _ axis: Int) -> Int16 {
            Int16(clamping: Int(((dps + hardware.gyroBias[axis] + noise.gaussian() * Self.gyroNoise) * 65.5).rounded()))
        }
        return (force, Axes(x: accel(a.x), y: accel(a.y), z: accel(a.z)),
                Axes(x: gyro(w.x, 0), y: gyro(w.y, 1), z: gyro(w.z, 2)))
    }
}
