import Foundation
import TenderfootCalibration
import TenderfootWire

/// The layout of a Tenderfoot recording file, version 1 (Docs/recording-format.md).
///
///     file   = magic "TFREC\r\n\x1A" (8 bytes), format version (u16 LE), chunk*
///     chunk  = sync "TC", kind (u8), payload length (u32 LE), host time µs since 1970 (u64 LE),
///              payload, CRC-32 of kind..payload (u32 LE)
///
/// The first chunk is the header (JSON); then wire chunks hold the glove's bytes exactly as
/// received, event chunks the events the session showed (JSON), and an end chunk closes a file
/// that was not cut off. A reader skips a chunk whose CRC fails by searching for the next sync.
public enum RecordingFormat {
    public static let magic: [UInt8] = Array("TFREC\r\n".utf8) + [0x1A]
    public static let version: UInt16 = 1
    public static let sync: [UInt8] = [0x54, 0x43]  // "TC"
    /// sync + kind + length + time
    public static let chunkHeaderCount = 2 + 1 + 4 + 8
    public static let maxPayload = 16 << 20

    public enum Kind: UInt8, Sendable {
        case header = 1
        case wire = 2
        case event = 3
        case end = 4
    }
}

/// What a recording says about itself: the glove, the settings and the software that made it.
public struct RecordingHeader: Codable, Sendable, Equatable {
    public struct Glove: Codable, Sendable, Equatable {
        public var serial: String
        public var model: String
        public var firmware: String
        public var rateHz: Int
        public var maxRateHz: Int
        public var accelLSBPerG: Int
        public var gyroLSBPerDPSx10: Int

        enum CodingKeys: String, CodingKey {
            case serial, model, firmware
            case rateHz = "rate_hz", maxRateHz = "max_rate_hz"
            case accelLSBPerG = "accel_lsb_per_g", gyroLSBPerDPSx10 = "gyro_lsb_per_dps_x10"
        }

        public init(_ info: DeviceInfo) {
            serial = info.serialNumber
            model = info.model
            firmware = info.firmware.description
            rateHz = Int(info.sampleRateHz)
            maxRateHz = Int(info.maxSampleRateHz)
            accelLSBPerG = Int(info.accelLSBPerG)
            gyroLSBPerDPSx10 = Int(info.gyroLSBPerDPSx10)
        }
    }

    public var format = "tenderfoot-recording"
    public var version = Int(RecordingFormat.version)
    public var softwareVersion: String
    /// When recording began, ISO 8601 (UTC), and the same as µs since 1970.
    public var created: String
    public var createdHostMicros: UInt64
    public var glove: Glove
    public var port: String
    public var ageMonths: Double
    public var calibration: String
    public var calibrated: Bool
    /// The force curves the session used, thumb to little finger, so the recording reads the same later.
    public var curves: [FSRCurve]?
    /// The glove's motion calibration the session used (gyroscope bias, gravity, the leg axis).
    public var motion: CalibrationProfile.Motion?
    /// The session was judged by the shorter time limit of a baby's first sessions.
    public var firstSession: Bool?
    public var trainee: String?

    enum CodingKeys: String, CodingKey {
        case format, version, created, glove, port, calibration, calibrated, trainee, curves, motion
        case softwareVersion = "software_version", createdHostMicros = "created_host_us", ageMonths = "age_months"
        case firstSession = "first_session"
    }

    public init(softwareVersion: String, info: DeviceInfo, port: String, ageMonths: Double,
                calibration: String, calibrated: Bool, trainee: String? = nil) {
        let now = Date()
        self.softwareVersion = softwareVersion
        self.created = ISO8601DateFormatter().string(from: now)
        self.createdHostMicros = UInt64(now.timeIntervalSince1970 * 1_000_000)
        self.glove = Glove(info)
        self.port = port
        self.ageMonths = ageMonths
        self.calibration = calibration
        self.calibrated = calibrated
        self.trainee = trainee
    }
}

extension RecordingHeader {
    /// The calibration the session used, as far as the recording kept it: its curves and motion
    /// calibration on the glove's IMU scale (the nominal curve if it kept none).
    public var gloveCalibration: GloveCalibration {
        var calibration = GloveCalibration.nominal(imu: IMUScale(
            accelLSBPerG: Double(max(1, glove.accelLSBPerG)), gyroLSBPerDegreePerSecond: Double(max(1, glove.gyroLSBPerDPSx10)) / 10))
        if let curves, curves.count == 5 {
            calibration.fingers = curves
            calibration.name = self.calibration
            calibration.isCalibrated = calibrated
        }
        calibration.motion = motion
        return calibration
    }
}

extension RecordingHeader {
    /// Judges the recording by `calibration` instead of the one it was made with (a glove
    /// calibrated after the session, or a rig run fitted again): its curves, motion calibration
    /// and name replace the recorded ones, so every reader (replay, report, export) and the
    /// header an export writes say the same.
    public mutating func judge(by calibration: GloveCalibration) {
        curves = calibration.fingers
        motion = calibration.motion
        self.calibration = calibration.name
        calibrated = calibration.isCalibrated
    }
}

extension RecordingHeader {
    /// What in this header no glove or session could have made (a rate the firmware cannot
    /// sample at, an age the rules do not cover, a curve the calibration loader would refuse),
    /// as the end of a sentence; nil when all of it is possible.
    public var problem: String? {
        // The firmware samples at 100 to 2000 Hz (glove-wire-v1.md); START accepts 1 to its maximum.
        guard (1...2000).contains(glove.rateHz) else { return "gives a sample rate of \(glove.rateHz) Hz (a glove samples at 1 to 2000)" }
        guard (1...65_535).contains(glove.maxRateHz) else { return "gives a maximum sample rate of \(glove.maxRateHz) Hz" }
        guard (1...65_535).contains(glove.accelLSBPerG), (1...65_535).contains(glove.gyroLSBPerDPSx10) else {
            return "gives an impossible motion sensor scale"
        }
        guard ageMonths.isFinite, (0...120).contains(ageMonths) else { return "gives the baby's age as \(ageMonths) months (0 to 120)" }
        if let curves {
            guard curves.count == 5 else { return "holds \(curves.count) force curves, not five" }
            if let finger = curves.firstIndex(where: { !$0.isPossible }) {
                return "holds an impossible force curve for the \(CalibrationProfile.fingerNames[finger])"
            }
        }
        if let motion, !motion.isPossible { return "holds impossible motion calibration values" }
        return nil
    }
}
