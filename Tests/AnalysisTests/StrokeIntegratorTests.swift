import Foundation
import Testing
import TenderfootCalibration

/// The stroke's path from the accelerometer alone, on glides whose truth is known exactly: a
/// minimum-jerk glide along the leg that touches down and lifts off at a share of its peak
/// speed, read by an accelerometer at 500 Hz from well before touch-down.
@Suite struct StrokeIntegratorTests {
    /// What the integrator measures of a glide of `lengthCm` touching the leg for `seconds`,
    /// at `edgeShare` of its peak speed, with gravity misjudged by `tiltDegrees` and a hand
    /// tremor of `tremorCm`; and the true length along the leg between touch-down and lift-off.
    static func measure(edgeShare: Double, lengthCm: Double = 14, seconds: Double = 3.5, tiltDegrees: Double = 0,
                        tremorCm: Double = 0) -> (measured: Double, truth: Double) {
        let (path, truth) = measurePath(edgeShare: edgeShare, lengthCm: lengthCm, seconds: seconds, tiltDegrees: tiltDegrees, tremorCm: tremorCm)
        return (path?.lengthCm ?? 0, truth)
    }

    /// The path the integrator measures (nil: the contact never ended) and the true length.
    static func measurePath(edgeShare: Double, lengthCm: Double = 14, seconds: Double = 3.5, tiltDegrees: Double = 0,
                            tremorCm: Double = 0) -> (path: StrokePath?, truth: Double) {
        // Where the glide is at `edgeShare` of its peak speed: 30·g²(1−g)² = share · 1.875.
        let product = (edgeShare.squareRoot() / 4)
        let g = (1 - (1 - 4 * product).squareRoot()) / 2
        let glide = seconds / (1 - 2 * g)
        let glideLength = lengthCm / (smooth(1 - g) - smooth(g))
        func position(_ t: Double) -> Double { glideLength * smooth(t / glide) + tremorCm * sin(2 * .pi * 7.3 * t) }
        return (measurePath(position: position, touchDown: g * glide, liftOff: (1 - g) * glide, tiltDegrees: tiltDegrees), lengthCm)
    }

    /// Minimum-jerk progress 0...1 over 0...1.
    static func smooth(_ u: Double) -> Double {
        let x = max(0, min(1, u))
        return x * x * x * (10 - 15 * x + 6 * x * x)
    }

    /// The length the integrator measures of a hand at `position(t)` cm along the leg, touching
    /// it from `touchDown` to `liftOff` s, read at 500 Hz from a second before (the
    /// acceleration by central differences, as an accelerometer gives it).
    static func measure(position: (Double) -> Double, touchDown: Double, liftOff: Double, tiltDegrees: Double = 0) -> Double {
        measurePath(position: position, touchDown: touchDown, liftOff: liftOff, tiltDegrees: tiltDegrees)?.lengthCm ?? 0
    }

    /// The path the integrator measures of a hand at `position(t)` (see `measure`).
    static func measurePath(position: (Double) -> Double, touchDown: Double, liftOff: Double, tiltDegrees: Double = 0) -> StrokePath? {
        // The glove thinks "up" is where it is, but the accelerometer reads gravity tilted.
        let tilt = tiltDegrees * .pi / 180
        let gravity = Vector(sin(tilt), 0, cos(tilt))
        var integrator = StrokeIntegrator()
        let dt = 0.002, h = 0.001
        var t = touchDown - 1
        while t < liftOff + dt {
            if t >= touchDown && !integrator.inStroke { integrator.begin(up: Vector(0, 0, 1), gravityG: 1) }
            let accel = (position(t + h) + position(t - h) - 2 * position(t)) / (h * h)
            integrator.update(accelG: Vector(accel / 980.665, 0, 0) + gravity, omega: .zero, dt: dt)
            if t >= liftOff { return integrator.end(levelSurface: true) }
            t += dt
        }
        return nil
    }

    /// Touching down and lifting off while moving, as people do: the accelerometer cannot see
    /// the speed the hand already had, and the path is still whole.
    @Test(arguments: [0.0, 0.05, 0.1, 0.13, 0.2, 0.3])
    func aGlideTouchingWhileMovingIsMeasuredWhole(edgeShare: Double) {
        let (measured, truth) = Self.measure(edgeShare: edgeShare)
        #expect(abs(measured / truth - 1) <= 0.05, "\(measured) cm measured of \(truth) cm at \(edgeShare) of the peak speed")
    }

    /// A glide touched faster than most (40 % of its peak speed) is read short, never long.
    @Test func aGlideTouchedFasterThanMostReadsShortNotLong() {
        let (measured, truth) = Self.measure(edgeShare: 0.4)
        #expect(measured / truth >= 0.7 && measured / truth <= 1, "\(measured) cm measured of \(truth) cm")
    }

    /// The speed is judged at its least: a glide touched at 30 % of its peak speed is measured
    /// whole, but its speed is read as if it had touched at no more than 13 %, so a contact
    /// dragged on that fits a fast edge is never called too fast on the fit alone.
    @Test func theSpeedIsJudgedAtItsLeast() throws {
        let (path, truth) = Self.measurePath(edgeShare: 0.3, seconds: 3.5)
        let measured = try #require(path)
        let truthSpeed = truth / 3.5
        #expect(measured.speedCmS < 0.92 * truthSpeed && measured.speedCmS >= 0.7 * truthSpeed,
                "\(measured.speedCmS) cm/s read of \(truthSpeed) cm/s")
        #expect(measured.leastLengthCm <= measured.lengthCm)
        let (slow, _) = Self.measurePath(edgeShare: 0.05)
        let atRest = try #require(slow)
        #expect(abs(atRest.leastLengthCm / atRest.lengthCm - 1) <= 0.02, "a glide touched near rest: its least is its length")
    }

    /// Gravity misjudged by a degree is a steady pull the error line takes out, at rest or moving.
    @Test(arguments: [0.0, 0.1])
    func gravityMisjudgedByADegreeLeavesTheLength(edgeShare: Double) {
        let (measured, truth) = Self.measure(edgeShare: edgeShare, tiltDegrees: 1)
        #expect(abs(measured / truth - 1) <= 0.05, "\(measured) cm measured of \(truth) cm")
    }

    /// A hand's tremor (0.5 mm at 7 Hz) does not make a long slow stroke look longer or shorter.
    @Test(arguments: [0.0, 0.1])
    func tremorLeavesTheLength(edgeShare: Double) {
        let (measured, truth) = Self.measure(edgeShare: edgeShare, lengthCm: 12, seconds: 5, tremorCm: 0.05)
        #expect(abs(measured / truth - 1) <= 0.15, "\(measured) cm measured of \(truth) cm")
    }

    /// A short, quick stroke is measured too (its start and end spans are a larger share of it).
    @Test func aShortQuickStrokeIsMeasured() {
        let (measured, truth) = Self.measure(edgeShare: 0.1, lengthCm: 5, seconds: 0.8)
        #expect(abs(measured / truth - 1) <= 0.1, "\(measured) cm measured of \(truth) cm")
    }

    /// A contact that is not one glide (the hand slides 2 cm back to where it starts, then
    /// strokes 12 cm up) is not read as a glide touched at speed: its path with the error line
    /// taken out stands, near what it moved.
    @Test func aSlideBackBeforeTheStrokeIsNotReadAsAFastGlide() {
        func position(_ t: Double) -> Double { -2 * Self.smooth(t / 0.4) + 12 * Self.smooth((t - 0.4) / 2.2) }
        let measured = Self.measure(position: position, touchDown: 0, liftOff: 2.6)
        #expect(measured >= 9 && measured <= 16, "\(measured) cm measured of 2 cm back and 12 cm up")
    }

    /// The length measured of finger pads gliding `lengthCm` along a leg with a knee `kneeCm`
    /// high in the middle of the stroke, the hand pitching to follow the surface, its IMU
    /// `padsAheadCm` behind the pads and 2 cm above them: the accelerometer and the
    /// gyroscope read at the IMU, as on a glove.
    static func measureOverAKnee(kneeCm: Double, padsAheadCm: Double, lengthCm: Double = 14, seconds: Double = 3.5) -> Double {
        let kneeAt = lengthCm / 2, width = 4.5
        func x(_ t: Double) -> Double { lengthCm * smooth(t / seconds) }
        func height(_ x: Double) -> Double { let u = (x - kneeAt) / width; return kneeCm * exp(-u * u) }
        func tilt(_ t: Double) -> Double { let x = x(t), u = (x - kneeAt) / width; return atan(-2 * kneeCm * u / width * exp(-u * u)) }
        // The IMU: the pads less the hand's (padsAheadCm, 0, -2) turned by the tilt (about y, x up).
        func imu(_ t: Double) -> Vector {
            let a = tilt(t), pads = Vector(x(t), 0, height(x(t)))
            return pads - Vector(padsAheadCm * cos(a) + 2 * sin(a), 0, padsAheadCm * sin(a) - 2 * cos(a))
        }
        var integrator = StrokeIntegrator()
        let dt = 0.002, h = 0.001
        var t = -1.0
        while t < seconds + dt {
            let a = tilt(t)
            if t >= 0 && !integrator.inStroke { integrator.begin(up: Vector(sin(a), 0, cos(a)), gravityG: 1) }
            let force = (imu(t + h) + imu(t - h) - imu(t) * 2) / (h * h) / 980.665 + Vector(0, 0, 1)  // g, world
            let body = Vector(force.x * cos(a) + force.z * sin(a), 0, -force.x * sin(a) + force.z * cos(a))
            integrator.update(accelG: body, omega: Vector(0, -(tilt(t + h) - tilt(t - h)) / (2 * h), 0), dt: dt)
            if t >= seconds { return integrator.end(levelSurface: true).lengthCm }
            t += dt
        }
        return 0
    }

    /// Over a knee the hand pitches and its IMU, behind the pads on the back of the hand, swings
    /// about them: the path is the pads', whether the IMU sits where a typical hand has it or
    /// two centimetres nearer or further.
    @Test(arguments: [5.0, 7.0, 9.0])
    func overAKneeThePathIsTheFingerPads(padsAheadCm: Double) {
        let measured = Self.measureOverAKnee(kneeCm: 1.5, padsAheadCm: padsAheadCm)
        #expect(abs(measured / 14 - 1) <= 0.05, "\(measured) cm measured of 14 cm over a 1.5 cm knee, IMU \(padsAheadCm) cm behind")
    }
}
