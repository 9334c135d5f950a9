import TenderfootCalibration
import TenderfootAnalysis

/// A rotation matrix, row-major: maps glove (body) coordinates to world coordinates.
public struct Rotation: Sendable, Equatable {
    public var m: [Double]  // 9 values

    public static let identity = Rotation(m: [1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// Yaw about world Z, then pitch about Y, then roll about X (degrees): R = Rz·Ry·Rx.
    public init(yaw: Double, pitch: Double, roll: Double) {
        let (a, b, c) = (yaw * .pi / 180, pitch * .pi / 180, roll * .pi / 180)
        let (ca, sa, cb, sb, cc, sc) = (cos(a), sin(a), cos(b), sin(b), cos(c), sin(c))
        m = [ca * cb, ca * sb * sc - sa * cc, ca * sb * cc + sa * sc,
             sa * cb, sa * sb * sc + ca * cc, sa * sb * cc - ca * sc,
             -sb, cb * sc, cb * cc]
    }

    init(m: [Double]) { self.m = m }

    /// World vector to glove coordinates (Rᵀ·v).
    public func toBody(_ v: Vector3) -> Vector3 {
        Vector3(m[0] * v.x + m[3] * v.y + m[6] * v.z,
                m[1] * v.x + m[4] * v.y + m[7] * v.z,
                m[2] * v.x + m[5] * v.y + m[8] * v.z)
    }

    /// Glove vector to world coordinates (R·v).
    public func toWorld(_ v: Vector3) -> Vector3 {
        Vector3(m[0] * v.x + m[1] * v.y + m[2] * v.z,
                m[3] * v.x + m[4] * v.y + m[5] * v.z,
                m[6] * v.x + m[7] * v.y + m[8] * v.z)
    }

    /// The body-frame angular velocity (rad/s) taking `self` to `later` in `dt` seconds.
    public func angularVelocity(to later: Rotation, dt: Double) -> Vector3 {
        // Rᵀ·Ṙ is skew-symmetric: [ω]×.
        func entry(_ r: Int, _ c: Int) -> Double {
            (0..<3).reduce(0) { $0 + m[$1 * 3 + r] * (later.m[$1 * 3 + c] - m[$1 * 3 + c]) } / dt
        }
        return Vector3((entry(2, 1) - entry(1, 2)) / 2, (entry(0, 2) - entry(2, 0)) / 2, (entry(1, 0) - entry(0, 1)) / 2)
    }
}

/// A plain 3-vector.
public struct Vector3: Sendable, Equatable {
    public var x, y, z: Double
    public init(_ x: Double, _ y: Double, _ z: Double) { self.x = x; self.y = y; self.z = z }
    public static let zero = Vector3(0, 0, 0)
    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    public static func * (a: Vector3, k: Double) -> Vector3 { Vector3(a.x * k, a.y * k, a.z * k) }
    public var length: Double { (x * x + y * y + z * z).squareRoot() }
}

/// What the hand is doing at one instant: the ground truth behind one sample.
public struct HandState: Sendable, Equatable {
    /// True force at each fingertip, newtons.
    public var forces: [Double]
    /// Hand position on the doll (world, cm): X along the leg from the foot toward the hip, Z up.
    public var position: Vector3
    public var orientation: Rotation
    public var technique: Technique
    public var region: BodyRegion
    /// For strokes along the leg while in contact.
    public var direction: StrokeDirection?
    /// Counts strokes (contacts) through the session; nil without contact.
    public var stroke: Int?
    public var stepIndex: Int
    public var mistakes: [Mistake]
    /// Hand speed over the surface, cm/s.
    public var speedCmS: Double

    public var inContact: Bool { forces.contains { $0 > 0 } }
}

import Foundation
