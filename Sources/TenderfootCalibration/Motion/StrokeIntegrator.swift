import Foundation

/// What one contact moved: the displacement along the doll's surface between touching down
/// and lifting off, in the glove's axes at touch-down, centimetres.
public struct StrokePath: Sendable, Equatable {
    public var displacementCm: Vector
    public var seconds: Double
    /// How far the hand turned between touching down and lifting off, degrees.
    public var turnDegrees: Double
    /// How far it turned about the vertical (its heading), degrees.
    public var headingTurnDegrees: Double
    public var lengthCm: Double { displacementCm.length }
    /// Mean speed over the stroke, cm/s.
    public var speedCmS: Double { seconds > 0 ? lengthCm / seconds : 0 }
}

/// Integrates the hand's acceleration over one contact into its path along the doll's surface.
/// The accelerometer, lightly low-passed (two first-order stages at 10 Hz: noise out, and a lag
/// of a few tens of milliseconds, so the hand's quick return between strokes does not leak into
/// the next stroke), is turned into the glove's axes at touch-down (the gyroscope tracks the hand
/// turning during the stroke) and integrated to velocity. Gravity is taken out as one fixed
/// vector for the whole stroke, not by a tracker that would follow the stroke's own acceleration.
///
/// The velocity measured from touch-down carries an error that grows through the stroke
/// (gravity misjudged, accelerometer bias) and hand tremor (5 to 12 Hz, a few cm/s). It is taken
/// as a straight line through the measured velocity's mean over the first 0.2 s and over the
/// last 0.1 s (averages, so tremor cancels), and taken out: right for a hand at rest at both
/// edges. But people touch down and lift off while still moving, and an accelerometer cannot see
/// the speed the hand already had; the line then takes that speed out too, and the path comes
/// out short. So the stroke is read as part of a minimum-jerk glide from rest to rest (Flash &
/// Hogan 1985, J Neurosci 5:1688: hand movements between two points follow one closely): the
/// fuller the corrected speed curve is against its peak (0.53 for a glide that touches at rest),
/// the faster the hand was moving at the edges. Ideal glides touching down at each fraction g of
/// the glide, put through the same correction, give that fullness and how much path the
/// correction lost; the measured fullness picks g, and the path is scaled back by it.
///
/// The velocity is kept every 10 ms in a buffer made once (halved in resolution for a very long
/// contact), so a stroke costs no allocation.
public struct StrokeIntegrator: Sendable {
    private var stage1 = Vector.zero, stage2 = Vector.zero
    private var turn = RotationMatrix()
    private var velocity = Vector.zero
    private var seconds = 0.0
    private var up = Vector(0, 0, 1)
    private var gravity = Vector(0, 0, 1)
    /// The measured velocity every `traceStep` seconds since touch-down: trace[i] over ((i), (i + 1)] · traceStep.
    private var trace: [Vector]
    private var traceCount = 0
    private var traceStep = StrokeIntegrator.traceSeconds
    private var traceSum = Vector.zero, traceSeconds = 0.0
    public private(set) var inStroke = false
    static let cutoffHz = 10.0
    static let traceSeconds = 0.01
    static let traceCapacity = 2048
    /// The spans at the start and the end whose mean velocity anchors the error line.
    static let startSeconds = 0.2
    static let endSeconds = 0.1
    /// The touch-down fractions of the glide the fullness is compared with (0.25: a hand at 56 %
    /// of its peak speed when it touches).
    static let edgeGrid: [Double] = stride(from: 0.0, through: 0.25, by: 0.0125).map { $0 }
    static let fullnessMargin = 0.06

    public init() {
        trace = Array(repeating: .zero, count: Self.traceCapacity)
    }

    /// One sample, in or out of contact: the accelerometer in g, the body rate in rad/s (bias
    /// removed). The filter runs all the time so it is settled at touch-down. During a stroke it
    /// filters in the axes of touch-down (each reading turned there first): filtering in the
    /// hand's own axes while the hand pitches over the knee would lag gravity's turn by the
    /// filter's delay and leave centimetres of false path.
    public mutating func update(accelG: Vector, omega: Vector, dt: Double) {
        let rc = 1 / (2 * Double.pi * Self.cutoffHz)
        let k = dt / (rc + dt)
        if inStroke { turn.turn(by: omega, dt: dt) }
        let input = inStroke ? turn.apply(accelG) : accelG
        stage1 += (input - stage1) * k
        stage2 += (stage1 - stage2) * k
        guard inStroke else { return }
        velocity += (stage2 - gravity) * (980.665 * dt)  // cm/s
        seconds += dt
        traceSum += velocity * dt
        traceSeconds += dt
        if traceSeconds >= traceStep {
            record(traceSum / traceSeconds)
            traceSum = .zero
            traceSeconds = 0
        }
    }

    private mutating func record(_ value: Vector) {
        if traceCount == Self.traceCapacity {
            // A very long contact: keep the mean of each pair, at twice the step.
            for index in 0..<(Self.traceCapacity / 2) { trace[index] = (trace[2 * index] + trace[2 * index + 1]) / 2 }
            traceCount = Self.traceCapacity / 2
            traceStep *= 2
        }
        trace[traceCount] = value
        traceCount += 1
    }

    /// Touch-down: the path starts here; `up` is gravity's direction now and `gravityG` its size
    /// as this accelerometer reads it.
    public mutating func begin(up: Vector, gravityG: Double) {
        inStroke = true
        gravity = up * gravityG
        turn = RotationMatrix()
        velocity = .zero
        seconds = 0
        traceCount = 0
        traceStep = Self.traceSeconds
        traceSum = .zero
        traceSeconds = 0
        self.up = up
    }

    /// Lift-off: the stroke's path along the surface. On a level surface (the leg, the doll on
    /// its back) the part along gravity is the hand pressing and lifting, and is removed; on an
    /// upright one (the sole) the stroke itself runs along gravity, and all of it is kept.
    public mutating func end(levelSurface: Bool) -> StrokePath {
        inStroke = false
        if traceSeconds > 0 { record(traceSum / traceSeconds) }
        let path = glidePath
        let along = levelSurface ? path - up * path.dot(up) : path
        return StrokePath(displacementCm: along, seconds: seconds, turnDegrees: turn.angleDegrees, headingTurnDegrees: headingTurn)
    }

    /// The angle about `up` between the fingers' direction at touch-down and now, degrees.
    private var headingTurn: Double {
        func flat(_ v: Vector) -> Vector { v - up * v.dot(up) }
        let before = flat(Vector(1, 0, 0)), now = flat(turn.apply(Vector(1, 0, 0)))
        guard before.length > 0.2, now.length > 0.2 else { return turn.angleDegrees }
        return atan2(before.cross(now).length, before.dot(now)) * 180 / .pi
    }

    /// The path over the contact (see the type's comment).
    private var glidePath: Vector {
        let count = traceCount, step = traceStep
        let startCount = max(1, min(count, Int((Self.startSeconds / step).rounded())))
        let endCount = max(1, min(count, Int((Self.endSeconds / step).rounded())))
        // Too short to tell its start from its end: the error grew from nothing at touch-down.
        guard count >= 2 * (startCount + endCount) else { return (0..<count).reduce(Vector.zero) { $0 + trace[$1] } * (step / 2) }
        let corrected = Self.anchored(count: count, step: step, startCount: startCount, endCount: endCount) { trace[$0] }
        let direction = corrected.path.normalized
        let along = Self.anchored(count: count, step: step, startCount: startCount, endCount: endCount) { trace[$0].dot(direction) }
        guard along.peak > 0 else { return corrected.path }
        let fullness = along.path / (Double(count) * step * along.peak)
        return corrected.path * Self.lostShare(fullness: fullness, count: count, step: step, startCount: startCount, endCount: endCount)
    }

    /// A velocity series with the error line through its start and end means taken out: the
    /// path it integrates to, and its peak (for a scalar series).
    static func anchored<T: AnchoredValue>(count: Int, step: Double, startCount: Int, endCount: Int, value: (Int) -> T)
        -> (path: T, peak: Double) {
        var start = T.zero, end = T.zero
        for index in 0..<startCount { start = start + value(index) }
        for index in (count - endCount)..<count { end = end + value(index) }
        start = start * (1 / Double(startCount))
        end = end * (1 / Double(endCount))
        let t0 = (Double(startCount) / 2) * step, t1 = (Double(count) - Double(endCount) / 2) * step
        var path = T.zero
        var peak = -Double.infinity
        for index in 0..<count {
            let t = (Double(index) + 0.5) * step
            let corrected = value(index) - (start + (end - start) * ((t - t0) / (t1 - t0)))
            path = path + corrected * step
            peak = max(peak, corrected.peakMeasure)
        }
        return (path, peak)
    }

    /// How much of an ideal glide's path the correction keeps, for the touch-down fraction
    /// whose corrected fullness is `fullness` (1 for a glide touching at rest): its inverse scales
    /// the measured path back.
    static func lostShare(fullness measured: Double, count: Int, step: Double, startCount: Int, endCount: Int) -> Double {
        let duration = Double(count) * step
        // Tremor and drift make a still-edged stroke look a little fuller than the ideal: only
        // fullness beyond that margin is read as moving edges, so a still hand is never lengthened.
        let fullness = measured - Self.fullnessMargin
        var previous: (fullness: Double, scale: Double)?
        for g in edgeGrid {
            let glide = duration / (1 - 2 * g)
            let base = StrokeIntegrator.glideSpeed(g)
            let ideal = anchored(count: count, step: step, startCount: startCount, endCount: endCount) { index in
                // What the accelerometer gives: the speed gained since touch-down.
                StrokeIntegrator.glideSpeed(g + (Double(index) + 0.5) * step / glide) - base
            }
            let truth = (glidePosition(1 - g) - glidePosition(g)) * glide
            guard ideal.peak > 0, ideal.path > 0 else { continue }
            let point = (fullness: ideal.path / (duration * ideal.peak), scale: truth / ideal.path)
            if fullness <= point.fullness {
                guard let previous, point.fullness > previous.fullness else { return point.scale }
                let w = (fullness - previous.fullness) / (point.fullness - previous.fullness)
                return previous.scale + (point.scale - previous.scale) * w
            }
            previous = point
        }
        return previous?.scale ?? 1
    }

    static func glideSpeed(_ tau: Double) -> Double {
        let x = max(0, min(1, tau))
        return 30 * x * x * (1 - x) * (1 - x)
    }

    static func glidePosition(_ tau: Double) -> Double {
        let x = max(0, min(1, tau))
        return x * x * x * (10 - 15 * x + 6 * x * x)
    }
}

/// A velocity value the error-line correction works on: a vector, or its part along one direction.
protocol AnchoredValue {
    static var zero: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, k: Double) -> Self
    /// What the peak is taken of: the value itself for a scalar (none for a vector).
    var peakMeasure: Double { get }
}

extension Double: AnchoredValue {
    var peakMeasure: Double { self }
}

extension SIMD3: AnchoredValue where Scalar == Double {
    var peakMeasure: Double { 0 }
}
