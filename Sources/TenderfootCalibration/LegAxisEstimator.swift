import Foundation

/// The doll's leg axis in glove axes from reference strokes (foot to hip): over each stroke the
/// hand starts and ends at rest and keeps its orientation, so the mean accelerometer reading is
/// gravity; what is left is the hand's acceleration, integrated twice into the stroke's
/// displacement (zero velocity at both contact edges). The acceleration is first low-passed at
/// 2 Hz (two first-order stages): a stroke's motion is well below 1 Hz, while physiological hand
/// tremor (8 to 12 Hz) would otherwise leave a velocity at the contact edges that integrates
/// into a wrong direction. The axis is the mean direction of the strokes, with the part along
/// gravity removed.
public struct LegAxisEstimator: Sendable {
    private var samples: [(t: Double, a: [Double])] = []
    public private(set) var strokes: [[Double]] = []

    public init() {}

    /// Adds one sample of a stroke in progress: time in seconds, acceleration in g.
    public mutating func add(seconds: Double, accelG: [Double]) {
        samples.append((seconds, accelG))
    }

    /// Ends the current stroke; returns false (and forgets it) if it was too short to use.
    @discardableResult
    public mutating func endStroke() -> Bool {
        defer { samples.removeAll(keepingCapacity: true) }
        guard samples.count >= 20, let first = samples.first, let last = samples.last, last.t - first.t >= 0.3 else { return false }
        var stage1 = samples[0].a, stage2 = samples[0].a
        let rc = 1 / (2 * Double.pi * 2.0)
        for index in samples.indices.dropFirst() {
            let dt = samples[index].t - samples[index - 1].t
            let k = dt / (rc + dt)
            for axis in 0..<3 {
                stage1[axis] += k * (samples[index].a[axis] - stage1[axis])
                stage2[axis] += k * (stage1[axis] - stage2[axis])
            }
            samples[index].a = stage2
        }
        var gravity = [0.0, 0.0, 0.0]
        for sample in samples { for axis in 0..<3 { gravity[axis] += sample.a[axis] / Double(samples.count) } }
        var velocity = [0.0, 0.0, 0.0], displacement = [0.0, 0.0, 0.0]
        for (previous, sample) in zip(samples, samples.dropFirst()) {
            let dt = sample.t - previous.t
            for axis in 0..<3 {
                velocity[axis] += (sample.a[axis] - gravity[axis]) * 9.80665 * dt
                displacement[axis] += velocity[axis] * dt
            }
        }
        // Remove the part along gravity: the leg axis lies along the doll's surface.
        let g = Self.normalized(gravity)
        let along = zip(displacement, g).map { $0 * $1 }.reduce(0, +)
        let horizontal = zip(displacement, g).map { $0 - along * $1 }
        guard Self.length(horizontal) > 1e-4 else { return false }
        strokes.append(Self.normalized(horizontal))
        return true
    }

    /// The mean direction of the strokes, a unit vector in glove axes.
    public var axis: [Double]? {
        guard !strokes.isEmpty else { return nil }
        var sum = [0.0, 0.0, 0.0]
        for stroke in strokes { for axis in 0..<3 { sum[axis] += stroke[axis] } }
        return Self.length(sum) > 0 ? Self.normalized(sum) : nil
    }

    /// How far (degrees) the strokes' directions stray from their mean: the largest angle.
    public var spreadDegrees: Double {
        guard let axis else { return 0 }
        return strokes.map { stroke in
            acos(max(-1, min(1, zip(stroke, axis).map { $0 * $1 }.reduce(0, +)))) * 180 / .pi
        }.max() ?? 0
    }

    static func length(_ v: [Double]) -> Double { v.map { $0 * $0 }.reduce(0, +).squareRoot() }
    static func normalized(_ v: [Double]) -> [Double] {
        let l = length(v)
        return l > 0 ? v.map { $0 / l } : v
    }
}
