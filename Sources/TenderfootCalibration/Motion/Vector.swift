import Foundation

/// A 3-vector in glove axes (x toward the fingertips, y toward the thumb side, z out of the
/// back of the hand, as the wire spec fixes them).
public typealias Vector = SIMD3<Double>

extension SIMD3 where Scalar == Double {
    public func dot(_ other: Self) -> Double { (self * other).sum() }
    public func cross(_ b: Self) -> Self { Self(y * b.z - z * b.y, z * b.x - x * b.z, x * b.y - y * b.x) }
    public var length: Double { dot(self).squareRoot() }
    public var normalized: Self { let l = length; return l > 0 ? self / l : self }
}

/// A 3×3 rotation, rows as vectors: maps the glove's axes now to its axes at a reference moment.
struct RotationMatrix {
    var rows = (Vector(1, 0, 0), Vector(0, 1, 0), Vector(0, 0, 1))

    func apply(_ v: Vector) -> Vector { Vector(rows.0.dot(v), rows.1.dot(v), rows.2.dot(v)) }

    /// The angle of the rotation, degrees (from its trace).
    var angleDegrees: Double {
        let cosine = (rows.0.x + rows.1.y + rows.2.z - 1) / 2
        return acos(min(1, max(-1, cosine))) * 180 / .pi
    }

    /// Turns on by the body rate `omega` (rad/s) for `dt` seconds: R ← R·(I + [ω]×·dt), then
    /// re-orthonormalised so rounding never shears it.
    mutating func turn(by omega: Vector, dt: Double) {
        let w = omega * dt
        func step(_ r: Vector) -> Vector { r + Vector(r.y * w.z - r.z * w.y, r.z * w.x - r.x * w.z, r.x * w.y - r.y * w.x) }
        let a = step(rows.0), b = step(rows.1)
        let x = a.normalized
        let z = x.cross(b).normalized
        rows = (x, z.cross(x), z)
    }
}
