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
    /// The length the stroke had at the least: its path read as if the hand had touched down
    /// and lifted off no faster than 13 % of its peak speed, cm. A contact dragged on as the hand
    /// moved on fits a fast edge as well as a real one, so its speed is judged on this.
    public var leastLengthCm: Double
    public var lengthCm: Double { displacementCm.length }
    /// The speed the stroke had at the least (over `leastLengthCm`), cm/s: a stroke is called too
    /// fast only when it surely was.
    public var speedCmS: Double { seconds > 0 ? leastLengthCm / seconds : 0 }
}

/// Integrates the hand's acceleration over one contact into its path along the doll's surface.
/// The accelerometer, lightly low-passed (two first-order stages at 10 Hz: noise out, and a lag
/// of a few tens of milliseconds, so the hand's quick return between strokes does not leak into
/// the next stroke), is turned into the glove's axes at touch-down (the gyroscope tracks the hand
/// turning during the stroke) and integrated to velocity. Gravity is taken out as one fixed
/// vector for the whole stroke, not by a tracker that would follow the stroke's own acceleration.
///
/// The velocity measured from touch-down carries an error that grows through the stroke
/// (gravity misjudged, accelerometer bias: a straight line) and hand tremor (5 to 12 Hz, a few
/// cm/s). And people touch down and lift off while still moving: an accelerometer cannot see the
/// speed the hand already had, so a path that assumed rest at the edges comes out short. The
/// stroke is read as part of a minimum-jerk glide from rest to rest (Flash & Hogan 1985,
/// J Neurosci 5:1688: hand movements between two points follow one closely) that touches down at
/// a fraction g of the glide and lifts off at 1 − g: the speed gained since touch-down is that
/// glide's, less its speed at touch-down, plus the error line. Each g of a grid is fitted by
/// least squares over the whole contact (scale, offset and slope; both sides averaged over
/// 0.2 s first, so tremor falls out and the glide does not), and the best fit's scale and g give
/// the path between touch-down and lift-off. The grid ends where the hand moves at 30 % of its
/// peak speed as it touches: the most people do (issue 13's hands, measured: "0–30 % of the
/// glide speed"); the shape tells faster edges apart only faintly, and reading them from it
/// would lengthen a tremulous stroke touched at rest. A contact that was not one glide (the hand
/// dragged on as it moves on from the last technique) can fit a fast edge too, so the speed is
/// judged on the least path: the fit no longer than a glide touched at 13 %. The direction is
/// that of the path with the straight line through the mean velocity over the first 0.2 s and
/// the last 0.1 s taken out.
///
/// The velocity is kept every 10 ms in a buffer made once (halved in resolution for a very long
/// contact), so a stroke costs no allocation.
public struct StrokeIntegrator: Sendable {
    private var stage1 = Vector.zero, stage2 = Vector.zero
    private var turn = RotationMatrix()
    private var velocity = Vector.zero
    /// The finger pads' speed about the IMU from the hand turning (ω × r), filtered as the
    /// accelerometer is, and its value at touch-down (nil until the first sample of a stroke).
    private var leverStage1 = Vector.zero, leverStage2 = Vector.zero
    private var leverAtTouchDown: Vector?
    private var seconds = 0.0
    private var up = Vector(0, 0, 1)
    private var gravity = Vector(0, 0, 1)
    /// The measured velocity every `traceStep` seconds since touch-down: trace[i] over ((i), (i + 1)] · traceStep.
    private var trace: [Vector]
    private var traceCount = 0
    private var traceStep = StrokeIntegrator.traceSeconds
    private var traceSum = Vector.zero, traceSeconds = 0.0
    /// Running sums of the trace's speed along the stroke (made once, like the trace).
    private var alongSums: [Double]
    public private(set) var inStroke = false
    static let cutoffHz = 10.0
    /// Where the finger pads, which touch the doll, sit from the IMU on the back of the hand, in
    /// glove axes, cm: ahead of it and below it. The path wanted is the pads'; when the hand turns
    /// (pitching over the knee, following a rising leg) the IMU swings about them, by ω × r, tens
    /// of cm/s on a knee, and its path is not theirs. A hand's own distance is not measured:
    /// "several centimetres" (issue 13's gloves), 7 cm ahead and 2 cm below a typical one, so a
    /// hand 2 cm either way leaves a quarter of the swing.
    static let fingerPadsFromIMUCm = Vector(7, 0, -2)
    static let traceSeconds = 0.01
    static let traceCapacity = 2048
    /// The spans at the start and the end whose mean velocity anchors the error line.
    static let startSeconds = 0.2
    static let endSeconds = 0.1
    /// The fitted glide may be no longer than a glide touched at 30 % of its peak speed (this
    /// fraction of the glide) would be, from the path with the error line taken out.
    static let longestFitEdge = 0.1625
    /// The speed is judged on the path as if the fit were no longer than a glide touched at 13 %
    /// of its peak speed (this fraction): a contact dragged on as the hand moved on from the last
    /// technique fits a fast edge as well as a real glide does, and was called too fast.
    static let leastFitEdge = 0.1
    /// How far a glide's speed along the stroke may run backwards (tremor, noise), as a share
    /// of its peak, before the contact is taken for more than one movement.
    static let backwardsShare = 0.25
    /// The span the measured and ideal speeds are averaged over before they are compared.
    static let smoothingSeconds = 0.2
    /// The touch-down fractions of the glide the measured speed is fitted with, up to the
    /// longest fit's (a hand at 30 % of its peak speed when it touches).
    static let edgeGrid: [Double] = stride(from: 0.0, through: longestFitEdge, by: 0.0125).map { $0 }

    public init() {
        trace = Array(repeating: .zero, count: Self.traceCapacity)
        alongSums = Array(repeating: 0, count: Self.traceCapacity + 1)
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
        let lever = turn.apply(omega.cross(Self.fingerPadsFromIMUCm))
        let atTouchDown = leverAtTouchDown ?? lever
        if leverAtTouchDown == nil { leverAtTouchDown = lever; leverStage1 = lever; leverStage2 = lever }
        leverStage1 += (lever - leverStage1) * k
        leverStage2 += (leverStage1 - leverStage2) * k
        velocity += (stage2 - gravity) * (980.665 * dt)  // cm/s
        seconds += dt
        traceSum += (velocity + leverStage2 - atTouchDown) * dt
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
        leverAtTouchDown = nil
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
        let (path, leastShare) = glidePath()
        let along = levelSurface ? path - up * path.dot(up) : path
        return StrokePath(displacementCm: along, seconds: seconds, turnDegrees: turn.angleDegrees, headingTurnDegrees: headingTurn,
                          leastLengthCm: along.length * leastShare)
    }

    /// The angle about `up` between the fingers' direction at touch-down and now, degrees.
    private var headingTurn: Double {
        func flat(_ v: Vector) -> Vector { v - up * v.dot(up) }
        let before = flat(Vector(1, 0, 0)), now = flat(turn.apply(Vector(1, 0, 0)))
        guard before.length > 0.2, now.length > 0.2 else { return turn.angleDegrees }
        return atan2(before.cross(now).length, before.dot(now)) * 180 / .pi
    }

    /// The path over the contact (see the type's comment), and the share of it the stroke had
    /// at the least (its fit no longer than `leastFitEdge`'s).
    private mutating func glidePath() -> (path: Vector, leastShare: Double) {
        let count = traceCount, step = traceStep
        let startCount = max(1, min(count, Int((Self.startSeconds / step).rounded())))
        let endCount = max(1, min(count, Int((Self.endSeconds / step).rounded())))
        // Too short to tell its start from its end: the error grew from nothing at touch-down.
        guard count >= 2 * (startCount + endCount) else { return ((0..<count).reduce(Vector.zero) { $0 + trace[$1] } * (step / 2), 1) }
        let corrected = Self.anchoredPath(count: count, step: step, startCount: startCount, endCount: endCount) { trace[$0] }
        let direction = corrected.normalized
        // Running sums of the speed along the stroke, for its means over spans.
        alongSums[0] = 0
        for index in 0..<count { alongSums[index + 1] = alongSums[index] + trace[index].dot(direction) }
        let halfWidth = Int((Self.smoothingSeconds / 2 / step).rounded())
        // The samples with a whole span either side, where the means are taken.
        let spanned = halfWidth..<max(halfWidth, count - halfWidth)
        let sums = alongSums
        func mean(_ index: Int) -> Double { (sums[index + halfWidth + 1] - sums[index - halfWidth]) / Double(2 * halfWidth + 1) }
        guard spanned.count >= 8,
              Self.isOneGlide(count: count, step: step, startCount: startCount, endCount: endCount, spanned: spanned,
                              value: { trace[$0].dot(direction) }, mean: mean),
              let fitted = Self.fittedGlide(count: count, step: step, halfWidth: halfWidth, spanned: spanned, measuredMean: mean)
        else { return (corrected, 1) }
        func capped(_ edge: Double) -> Double {
            min(fitted, corrected.length * Self.lengthening(edge: edge, count: count, step: step, startCount: startCount, endCount: endCount))
        }
        let length = capped(Self.longestFitEdge)
        return (direction * length, length > 0 ? capped(Self.leastFitEdge) / length : 1)
    }

    /// The path a velocity series integrates to with its error line taken out.
    static func anchoredPath<T: AnchoredValue>(count: Int, step: Double, startCount: Int, endCount: Int, value: (Int) -> T) -> T {
        let line = AnchorLine(count: count, step: step, startCount: startCount, endCount: endCount, value: value)
        var path = T.zero
        for index in 0..<count { path = path + (value(index) - line.at(index)) * step }
        return path
    }

    /// The path of the ideal glide that fits the measured speed along the stroke best by least
    /// squares, together with an error line (the accelerometer's bias and gravity misjudged), or
    /// nil when none fits with a positive scale. Both are compared as means over `halfWidth`
    /// samples either side (a tremor of 5 to 12 Hz averages out: the glide, far slower, does
    /// not), at the samples `spanned` that have a whole span: `measuredMean(i)` is the measured
    /// speed gained since touch-down, averaged over samples i − halfWidth ... i + halfWidth.
    static func fittedGlide(count: Int, step: Double, halfWidth: Int, spanned fitted: Range<Int>,
                            measuredMean: (Int) -> Double) -> Double? {
        let duration = Double(count) * step
        let span = Double(2 * halfWidth + 1) * step
        // The sums that do not depend on the glide: of the constant, of time and of the measurement.
        var sum = (t: 0.0, tt: 0.0, m: 0.0, tm: 0.0, mm: 0.0)
        for index in fitted {
            let t = (Double(index) + 0.5) * step, m = measuredMean(index)
            sum.t += t; sum.tt += t * t; sum.m += m; sum.tm += t * m; sum.mm += m * m
        }
        let n = Double(fitted.count)
        var best: (residual: Double, path: Double)?
        for g in edgeGrid {
            let glide = duration / (1 - 2 * g)
            let base = glideSpeed(g)
            var r = (r: 0.0, rr: 0.0, rt: 0.0, rm: 0.0)
            for index in fitted {
                let t = (Double(index) + 0.5) * step
                // What the accelerometer gives of an ideal glide, the speed gained since
                // touch-down, over the same span: the glide's progress across it.
                let from = Double(index - halfWidth) * step, to = Double(index + halfWidth + 1) * step
                let shape = (glidePosition(g + to / glide) - glidePosition(g + from / glide)) * glide / span - base
                r.r += shape; r.rr += shape * shape; r.rt += shape * t; r.rm += shape * measuredMean(index)
            }
            // Normal equations of measured ≈ scale · shape + offset + slope · t, by Cramer's rule.
            let matrix = ((r.rr, r.r, r.rt), (r.r, n, sum.t), (r.rt, sum.t, sum.tt))
            let rhs = (r.rm, sum.m, sum.tm)
            let det = determinant(matrix.0, matrix.1, matrix.2)
            guard abs(det) > 1e-12 else { continue }
            let scale = determinant(rhs, matrix.1, matrix.2) / det
            let offset = determinant(matrix.0, rhs, matrix.2) / det
            let slope = determinant(matrix.0, matrix.1, rhs) / det
            guard scale > 0 else { continue }
            let residual = sum.mm - scale * rhs.0 - offset * rhs.1 - slope * rhs.2
            let path = scale * (glidePosition(1 - g) - glidePosition(g)) * glide
            if best.map({ residual < $0.residual }) ?? true { best = (residual, path) }
        }
        return best?.path
    }

    /// Whether the speed along the stroke, the error line taken out and averaged over spans,
    /// never runs backwards by more than `backwardsShare` of its peak: a glide only moves
    /// forwards, and a contact that began by sliding back (or stopped and turned) is not fitted.
    static func isOneGlide(count: Int, step: Double, startCount: Int, endCount: Int, spanned: Range<Int>,
                           value: (Int) -> Double, mean: (Int) -> Double) -> Bool {
        let line = AnchorLine(count: count, step: step, startCount: startCount, endCount: endCount, value: value)
        var lowest = Double.infinity, highest = -Double.infinity
        for index in spanned {
            let speed = mean(index) - line.at(index)
            lowest = min(lowest, speed)
            highest = max(highest, speed)
        }
        return highest > 0 && lowest >= -backwardsShare * highest
    }

    /// How much longer an ideal glide touched at fraction `edge` is than its path with the error
    /// line taken out, over a contact of `count` samples.
    static func lengthening(edge g: Double, count: Int, step: Double, startCount: Int, endCount: Int) -> Double {
        let glide = Double(count) * step / (1 - 2 * g)
        let base = glideSpeed(g)
        let anchored = anchoredPath(count: count, step: step, startCount: startCount, endCount: endCount) { (index: Int) -> Double in
            glideSpeed(g + (Double(index) + 0.5) * step / glide) - base
        }
        return anchored > 0 ? (glidePosition(1 - g) - glidePosition(g)) * glide / anchored : 1
    }

    /// The determinant of the 3×3 matrix whose columns are `a`, `b`, `c`.
    private static func determinant(_ a: (Double, Double, Double), _ b: (Double, Double, Double), _ c: (Double, Double, Double)) -> Double {
        a.0 * (b.1 * c.2 - b.2 * c.1) - b.0 * (a.1 * c.2 - a.2 * c.1) + c.0 * (a.1 * b.2 - a.2 * b.1)
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

/// The error line of a velocity series: through the mean of its first `startCount` values and
/// of its last `endCount`, at their middles' times.
struct AnchorLine<T: AnchoredValue> {
    private let start: T
    private let end: T
    private let t0: Double
    private let t1: Double
    private let step: Double

    init(count: Int, step: Double, startCount: Int, endCount: Int, value: (Int) -> T) {
        var start = T.zero, end = T.zero
        for index in 0..<startCount { start = start + value(index) }
        for index in (count - endCount)..<count { end = end + value(index) }
        self.start = start * (1 / Double(startCount))
        self.end = end * (1 / Double(endCount))
        t0 = (Double(startCount) / 2) * step
        t1 = (Double(count) - Double(endCount) / 2) * step
        self.step = step
    }

    /// The line's value at sample `index` (its middle's time).
    func at(_ index: Int) -> T {
        let t = (Double(index) + 0.5) * step
        return start + (end - start) * ((t - t0) / (t1 - t0))
    }
}

/// A velocity value the error-line correction works on: a vector, or its part along one direction.
protocol AnchoredValue {
    static var zero: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, k: Double) -> Self
}

extension Double: AnchoredValue {}

extension SIMD3: AnchoredValue where Scalar == Double {}
