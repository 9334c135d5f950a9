import Foundation

/// Where calibration profiles live: the user's data folder for their own gloves
/// ($XDG_DATA_HOME/tenderfoot/calibration, or ~/.local/share/tenderfoot/calibration), each
/// glove's file named after its serial number. Never the current folder: a profile found by
/// where a command happens to run would judge by a file the user never chose.
public struct CalibrationStore: Sendable {
    public var folders: [String]

    public init(folders: [String]) { self.folders = folders }

    /// The user's folder.
    public static var standard: CalibrationStore {
        let environment = ProcessInfo.processInfo.environment
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return CalibrationStore(folders: [data + "/tenderfoot/calibration"])
    }

    /// Where a new profile for `serial` is saved.
    public func path(forSerial serial: String) -> String {
        folders[0] + "/" + Self.fileName(serial)
    }

    /// The profile file for `serial`, if one exists in any folder.
    public func existingPath(forSerial serial: String) -> String? {
        folders.map { $0 + "/" + Self.fileName(serial) }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// A serial number made safe as a file name.
    static func fileName(_ serial: String) -> String {
        String(serial.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }) + ".json"
    }
}

/// The calibration a session uses, and what the screen should say about it.
public struct CalibrationChoice: Sendable {
    public var calibration: GloveCalibration
    /// Something the trainee should know (no profile found, profile old), or nil.
    public var notice: String?

    /// Chooses for glove `serial`: the `override` file if given (refused if it does not fit), else
    /// the stored profile, else the nominal curve; warns when the profile is older than `maxAgeDays`.
    public static func choose(serial: String, override: String?, store: CalibrationStore, maxAgeDays: Double,
                              imu: IMUScale, now: Date = Date()) throws(CalibrationError) -> CalibrationChoice {
        guard let path = override ?? store.existingPath(forSerial: serial) else {
            return CalibrationChoice(calibration: .nominal(imu: imu),
                                     notice: "no calibration found for glove \(serial): forces are approximate (the data sheet's nominal curve), and a stroke's direction is judged along the leg's line learned from your first strokes — run `tenderfoot calibrate`")
        }
        let profile = try CalibrationProfile.load(path, expectingSerial: serial)
        let date = profile.createdDate
        // The full path: the screen names exactly the file the forces are read with.
        let name = "\(URL(fileURLWithPath: path).standardizedFileURL.path) of \(date.map { Self.day($0) } ?? profile.created)"
        var notices: [String] = []
        if profile.motion?.legAxis == nil {
            notices.append("\(URL(fileURLWithPath: path).lastPathComponent) has no leg axis: a stroke's direction is judged along the leg's line learned from your first strokes — run `tenderfoot calibrate` again, with its strokes step")
        }
        if let date, now.timeIntervalSince(date) > maxAgeDays * 86_400 {
            notices.append("the calibration is \(Int(now.timeIntervalSince(date) / 86_400)) days old (older than \(Int(maxAgeDays))): sensors drift — calibrate again soon")
        }
        return CalibrationChoice(calibration: profile.calibration(named: name, imu: imu),
                                 notice: notices.isEmpty ? nil : notices.joined(separator: "; "))
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
