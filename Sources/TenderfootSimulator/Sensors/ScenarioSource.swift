import TenderfootCalibration
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

    public init(scenario: Scenario, serialNumber: String, seed: UInt64, hand: HandProfile? = nil, leg: DollLeg = .flat,
                glove: GloveVariation = .reference) {
        player = ScenarioPlayer(scenario: scenario, hand: hand ?? HandProfile(seed: seed), leg: leg)
        hardware = GloveHardware(serialNumber: serialNumber, variation: glove)
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
        let (accel, gyro) = Self.imu(player, at: t, state: state, hardware: hardware, noise: &noise)
        return (force, accel, gyro)
    }

    /// The IMU's raw readings for the hand of `player` at `t`: the specific force at the IMU's
    /// own place (away from the finger pads, so turning about them moves it) and the body rate,
    /// with this glove's gyroscope bias and the sensors' noise. `state` is the hand at `t`.
    static func imu(_ player: ScenarioPlayer, at t: Double, state: HandState, hardware: GloveHardware,
                    noise: inout SplitMix64) -> (Axes, Axes) {
        let h = 0.002
        let centre = max(t, h)  // a central difference needs the hand on both sides of the moment
        let before = player.state(at: centre - h), after = player.state(at: centre + h)
        let here = centre == t ? state : player.state(at: centre)
        let offset = player.hand.imuOffsetCm
        func imu(_ state: HandState) -> Vector3 { state.position + state.orientation.toWorld(offset) }
        let acceleration = (imu(after) + imu(before) - imu(here) * 2) * (1 / (h * h))  // cm/s²
        let specificForce = acceleration * (1 / 981) + Vector3(0, 0, 1)                 // g, world
        let a = state.orientation.toBody(specificForce)
        let w = before.orientation.angularVelocity(to: after.orientation, dt: 2 * h) * (180 / .pi)  // deg/s, body
        return (accelAxes(a, noise: &noise), gyroAxes(w, hardware: hardware, noise: &noise))
    }

    /// Specific force (g, glove axes) as the accelerometer reads it.
    static func accelAxes(_ g: Vector3, noise: inout SplitMix64) -> Axes {
        func count(_ value: Double) -> Int16 { Int16(clamping: Int(((value + noise.gaussian() * accelNoise) * 8192).rounded())) }
        return Axes(x: count(g.x), y: count(g.y), z: count(g.z))
    }

    /// Body rate (deg/s) as the gyroscope reads it, with this glove's bias.
    static func gyroAxes(_ dps: Vector3, hardware: GloveHardware, noise: inout SplitMix64) -> Axes {
        func count(_ value: Double, _ axis: Int) -> Int16 {
            Int16(clamping: Int(((value + hardware.gyroBias[axis] + noise.gaussian() * gyroNoise) * 65.5).rounded()))
        }
        return Axes(x: count(dps.x, 0), y: count(dps.y, 1), z: count(dps.z, 2))
    }
}
