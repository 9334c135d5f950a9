import TenderfootWire

/// How one glove's raw readings become physical units: a force curve per fingertip and the IMU scale.
public struct GloveCalibration: Sendable, Equatable {
    /// What the screen and recordings call it.
    public var name: String
    /// False for the nominal curve: the screen then says the glove is uncalibrated.
    public var isCalibrated: Bool
    public var fingers: [FSRCurve]
    public var imu: IMUScale
    /// Gyroscope bias, gravity and the doll's leg axis, when the glove's motion was calibrated.
    public var motion: CalibrationProfile.Motion?

    public init(name: String, isCalibrated: Bool, fingers: [FSRCurve], imu: IMUScale, motion: CalibrationProfile.Motion? = nil) {
        self.name = name
        self.isCalibrated = isCalibrated
        self.fingers = fingers
        self.imu = imu
        self.motion = motion
    }

    /// The nominal sensor curve on every finger: an uncalibrated glove.
    public static func nominal(imu: IMUScale = IMUScale()) -> GloveCalibration {
        GloveCalibration(name: "nominal sensor curve", isCalibrated: false,
                         fingers: Array(repeating: FSRCurve.nominal, count: 5), imu: imu)
    }

    /// Each finger's zero offset, counts.
    public var tares: FiveFingers<Double> {
        FiveFingers(thumb: fingers[0].tareCounts, index: fingers[1].tareCounts, middle: fingers[2].tareCounts,
                    ring: fingers[3].tareCounts, little: fingers[4].tareCounts)
    }

    public func newtons(_ counts: FingerCounts) -> FingerNewtons {
        var result = FingerNewtons.zero
        for finger in 0..<5 { result[finger] = fingers[finger].newtons(counts: Double(counts[finger])) }
        return result
    }
}
