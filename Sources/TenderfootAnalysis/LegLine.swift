import Foundation
import TenderfootCalibration

/// The line of the doll's leg as the session's own strokes draw it, in glove axes: the rig's
/// strokes give the calibrated axis, but the trainee's hand may sit on the glove's IMU at
/// another yaw than the rig's hand did (tens of degrees), or the rig's strokes may have been
/// off. Strokes along the leg, up or down, all lie on one line: the principal direction of
/// their displacements (the dominant eigenvector of the sum of u·uᵀ over their unit directions: each
/// stroke counts once, so one misread at the start, before the glove has settled, cannot outweigh many) is that
/// line, whichever way each went. Its sign is the calibrated axis's: this never learns which
/// way is up from the trainee, who may be stroking the wrong way.
///
/// It is used once `minimumStrokes` strokes agree on one line (`minimumShare` of their weight
/// along it) and the line lies within `maximumTurnDegrees` of the calibrated axis; until then,
/// or when the strokes go every which way, the calibrated axis is used as it is. Two strokes
/// are enough (two that agree to 80 % lie within 53° of each other): a trainee whose hand sits
/// 60° from the rig hand's gets no direction from the calibrated axis, and should not wait long.
struct LegLine: Sendable {
    /// The sum of u·uᵀ over the strokes' unit directions: rows x, y, z.
    private var rows = (Vector.zero, Vector.zero, Vector.zero)
    private(set) var strokes = 0
    static let minimumStrokes = 2
    static let minimumShare = 0.8
    static let maximumTurnDegrees = 70.0
    /// Strokes shorter than this draw no line (their direction is mostly noise).
    static let shortestCm = 5.0

    /// A stroke's displacement along the leg's surface, glove axes at its touch-down, cm.
    mutating func add(_ displacementCm: Vector) {
        let length = displacementCm.length
        guard length >= Self.shortestCm else { return }
        let unit = displacementCm / length
        rows.0 += unit * unit.x
        rows.1 += unit * unit.y
        rows.2 += unit * unit.z
        strokes += 1
    }

    private func times(_ v: Vector) -> Vector { Vector(rows.0.dot(v), rows.1.dot(v), rows.2.dot(v)) }

    /// The leg's axis, signed as `calibrated` (a unit vector): the strokes' line when they agree, else `calibrated`.
    func axis(signedAs calibrated: Vector) -> Vector { line(signedAs: calibrated) ?? calibrated }

    /// The strokes' line, signed as `calibrated`, once they agree on one (nil before).
    func line(signedAs calibrated: Vector) -> Vector? {
        guard strokes >= Self.minimumStrokes else { return nil }
        let trace = rows.0.x + rows.1.y + rows.2.z
        guard trace > 0 else { return nil }
        // Power iteration from the calibrated axis: the eigenvalues of a sum of outer products are
        // not negative, so it converges to the dominant one, on the calibrated axis's side.
        var line = calibrated
        for _ in 0..<24 {
            let next = times(line)
            guard next.length > 0 else { return nil }
            line = next.normalized
        }
        guard line.dot(times(line)) / trace >= Self.minimumShare else { return nil }
        if line.dot(calibrated) < 0 { line = -line }
        guard line.dot(calibrated) >= cos(Self.maximumTurnDegrees * .pi / 180) else { return nil }
        return line
    }
}
