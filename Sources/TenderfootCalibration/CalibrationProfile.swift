import Foundation
import TenderfootWire

/// One glove's calibration as stored on disk: a versioned JSON document, one file per glove,
/// keyed by the serial number from DEVICE_INFO (Docs/calibration-format.md).
public struct CalibrationProfile: Codable, Sendable, Equatable {
    public static let format = "tenderfoot-calibration"
    public static let version = 1

    /// One fingertip: its curve and the loads it was fitted to.
    public struct Finger: Codable, Sendable, Equatable {
        public var finger: String
        public var curve: FSRCurve
        public var points: [CalibrationPoint]

        public init(finger: String, curve: FSRCurve, points: [CalibrationPoint]) {
            self.finger = finger
            self.curve = curve
            self.points = points
        }
    }

    /// The IMU's still-period measurements.
    public struct Motion: Codable, Sendable, Equatable {
        /// Gyroscope zero-rate bias, deg/s, glove axes.
        public var gyroBiasDPS: [Double]
        /// The accelerometer's magnitude at rest, g (1 for a good sensor).
        public var gravityG: Double
        /// The doll's leg axis (foot to hip) in glove axes, a unit vector; nil before reference strokes.
        public var legAxis: [Double]?

        enum CodingKeys: String, CodingKey {
            case gyroBiasDPS = "gyro_bias_dps", gravityG = "gravity_g", legAxis = "leg_axis"
        }

        public init(gyroBiasDPS: [Double], gravityG: Double, legAxis: [Double]?) {
            self.gyroBiasDPS = gyroBiasDPS
            self.gravityG = gravityG
            self.legAxis = legAxis
        }
    }

    public var format = CalibrationProfile.format
    public var version = CalibrationProfile.version
    /// The glove's serial number ("*" only in the nominal profile, which fits any glove).
    public var serial: String
    /// When it was made, ISO 8601.
    public var created: String
    public var softwareVersion: String
    public var fingers: [Finger]
    public var motion: Motion?

    enum CodingKeys: String, CodingKey {
        case format, version, serial, created, fingers, motion
        case softwareVersion = "software_version"
    }

    public init(serial: String, created: Date = Date(), softwareVersion: String, fingers: [Finger], motion: Motion?) {
        self.serial = serial
        self.created = ISO8601DateFormatter().string(from: created)
        self.softwareVersion = softwareVersion
        self.fingers = fingers
        self.motion = motion
    }

    public static let fingerNames = ["thumb", "index", "middle", "ring", "little"]

    /// The date it was made.
    public var createdDate: Date? { ISO8601DateFormatter().date(from: created) }

    /// The conversion it gives, named after `name` (the file it came from).
    public func calibration(named name: String, imu: IMUScale) -> GloveCalibration {
        GloveCalibration(name: name, isCalibrated: serial != "*", fingers: fingers.map(\.curve), imu: imu,
                         motion: serial != "*" ? motion : nil)
    }

    /// Reads and checks a profile; `serial` (when given) must match. Never half-applied: any
    /// problem refuses the whole file.
    public static func load(_ path: String, expectingSerial serial: String? = nil) throws(CalibrationError) -> CalibrationProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CalibrationError("cannot read the calibration \(path) — check the path, or run `tenderfoot calibrate`")
        }
        return try parse(data, name: path, expectingSerial: serial)
    }

    /// Checks a profile's bytes as `load` does (`name` is the file it came from).
    public static func parse(_ data: Data, name path: String, expectingSerial serial: String? = nil) throws(CalibrationError) -> CalibrationProfile {
        // A profile is a few kilobytes; a file far larger is not one, and is not decoded.
        guard data.count <= Self.maxBytes else {
            throw CalibrationError("\(path) is \(data.count / 1024) KB, far more than a calibration (a few KB) — give a calibration file")
        }
        let profile: CalibrationProfile
        do {
            profile = try JSONDecoder().decode(CalibrationProfile.self, from: data)
        } catch {
            throw CalibrationError("the calibration \(path) is damaged or not a calibration file — run `tenderfoot calibrate` again")
        }
        guard profile.format == Self.format else {
            throw CalibrationError("\(path) is not a Tenderfoot calibration (format \"\(Self.shown(profile.format))\") — give a calibration file")
        }
        guard profile.version == Self.version else {
            throw CalibrationError("the calibration \(path) is format version \(profile.version); this Tenderfoot reads version \(Self.version) — \(profile.version > Self.version ? "update Tenderfoot" : "calibrate the glove again")")
        }
        if let serial, profile.serial != "*", profile.serial != serial {
            throw CalibrationError("the calibration \(path) is for glove \(Self.shown(profile.serial)), not for the connected glove \(serial) — use that glove's calibration or calibrate this one")
        }
        try profile.validate(path)
        return profile
    }

    /// The largest file read as a profile.
    static let maxBytes = 1 << 20

    /// A value from the file as an error shows it: at most 64 characters.
    static func shown(_ value: String) -> String { value.count <= 64 ? value : value.prefix(64) + "…" }

    func validate(_ path: String) throws(CalibrationError) {
        guard fingers.map(\.finger) == Self.fingerNames else {
            throw CalibrationError("the calibration \(path) does not list the five fingers thumb to little — it is damaged; calibrate again")
        }
        for finger in fingers where !finger.curve.isPossible {
            throw CalibrationError("the calibration \(path) has an impossible curve for the \(finger.finger) — it is damaged; calibrate again")
        }
        if let motion, !motion.isPossible {
            throw CalibrationError("the calibration \(path) has impossible motion values — it is damaged; calibrate again")
        }
    }

    /// Writes the profile as pretty JSON (keys sorted, so files diff well).
    public func save(_ path: String) throws(CalibrationError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            // A profile names its glove and when it was made; like the library, the owner's only.
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw CalibrationError("cannot write the calibration \(path) — check that the folder is writable")
        }
    }
}

extension FSRCurve {
    /// Whether a sensor could have this curve: what a calibration file, or a recording's
    /// header, must hold to be believed.
    public var isPossible: Bool {
        siemensPerNewton > 0 && siemensPerNewton < 1 && (0.3...3).contains(exponent) && (0..<5).contains(activationNewtons)
            && (0..<4095).contains(tareCounts) && saturationNewtons > activationNewtons && saturationNewtons.isFinite
            && noiseFloorCounts >= 0 && noiseFloorCounts.isFinite
    }
}

extension CalibrationProfile.Motion {
    /// Whether a glove's motion calibration could hold these values.
    public var isPossible: Bool {
        gyroBiasDPS.count == 3 && gyroBiasDPS.allSatisfy { $0.isFinite && abs($0) < 250 } && (0.5...1.5).contains(gravityG)
            && (legAxis.map { axis in axis.count == 3 && axis.allSatisfy(\.isFinite) && (0.5...1.5).contains(axis.reduce(0) { $0 + $1 * $1 }) } ?? true)
    }
}
