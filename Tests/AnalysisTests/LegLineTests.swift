import Foundation
import Testing
import TenderfootCalibration
@testable import TenderfootAnalysis

/// The leg's line from the session's own strokes: it turns the calibrated axis to where the
/// strokes lie, keeps the calibrated sign whichever way the strokes went, and leaves the
/// calibrated axis alone until the strokes agree.
@Suite struct LegLineTests {
    static let calibrated = Vector(1, 0, 0)

    /// A stroke of `cm` at `degrees` from the glove's x axis in its xy plane.
    static func stroke(_ degrees: Double, _ cm: Double = 12) -> Vector {
        Vector(cos(degrees * .pi / 180), sin(degrees * .pi / 180), 0) * cm
    }

    static func angle(_ a: Vector, _ b: Vector) -> Double { acos(max(-1, min(1, a.normalized.dot(b.normalized)))) * 180 / .pi }

    @Test func strokesUpAndDownALineTurnTheAxisToItWithTheCalibratedSign() {
        for yaw in [-60.0, -35, -10, 0, 25, 50, 65] {
            var line = LegLine()
            // Up and down the leg, a few degrees of scatter: a trainee stroking both ways.
            for (index, jitter) in [-4.0, 3, -2, 5, 1, -3].enumerated() {
                line.add(Self.stroke(yaw + jitter + (index % 2 == 0 ? 0 : 180)))
            }
            let axis = line.axis(signedAs: Self.calibrated)
            #expect(abs(Self.angle(axis, Self.stroke(yaw))) < 3, "yaw \(yaw): \(axis)")
        }
    }

    @Test func theCalibratedAxisStandsUntilTheStrokesAgree() {
        var few = LegLine()
        few.add(Self.stroke(40))
        #expect(few.axis(signedAs: Self.calibrated) == Self.calibrated, "one stroke is too few")
        few.add(Self.stroke(42))
        #expect(abs(Self.angle(few.axis(signedAs: Self.calibrated), Self.stroke(41))) < 2, "two that agree draw the line")

        var apart = LegLine()
        apart.add(Self.stroke(0))
        apart.add(Self.stroke(70))
        #expect(apart.axis(signedAs: Self.calibrated) == Self.calibrated, "two strokes 70° apart draw no line")

        var scattered = LegLine()
        for degrees in stride(from: 0.0, to: 180, by: 30) { scattered.add(Self.stroke(degrees)) }
        #expect(scattered.axis(signedAs: Self.calibrated) == Self.calibrated, "strokes every which way draw no line")

        var across = LegLine()
        for _ in 0..<6 { across.add(Self.stroke(85)) }
        #expect(across.axis(signedAs: Self.calibrated) == Self.calibrated, "a line nearly across the axis cannot be signed")

        var short = LegLine()
        for _ in 0..<6 { short.add(Self.stroke(40, 3)) }
        #expect(short.axis(signedAs: Self.calibrated) == Self.calibrated, "strokes under 5 cm draw no line")
    }
}
