import TenderfootSession

/// What an export says of its session, so a file read years later still carries it: the
/// trainee, the baby's age, the glove, its calibration, the software that recorded and the one
/// that exported, and what the time columns mean. CSV gives them as `# key: value` lines before
/// the header (pandas: `comment='#'`), JSON lines as a first `session` object, XDF in both
/// streams' headers.
public struct SessionDetails: Sendable {
    /// Key and value, in the order they are written.
    public let fields: [(key: String, value: String)]

    public init(_ header: RecordingHeader, file: String) {
        fields = [
            ("recording", file),
            ("created_utc", header.created),
            ("trainee", header.trainee ?? ""),
            ("age_months", DecimalText.fixed(header.ageMonths, digits: 2)),
            ("first_session", header.firstSession == true ? "true" : "false"),
            ("glove_serial", header.glove.serial),
            ("glove_model", header.glove.model),
            ("firmware", header.glove.firmware),
            ("rate_hz", String(header.glove.rateHz)),
            ("calibration", header.calibration),
            ("calibrated", header.calibrated ? "true" : "false"),
            ("recorded_with", "Tenderfoot \(header.softwareVersion)"),
            ("exported_with", "Tenderfoot \(TenderfootVersion.string)"),
            ("t_us", "the session's time line: the glove's clock in microseconds, unwrapped, never going back"),
            ("utc_s", "the host's UTC time of the sample, seconds since 1970: the session time mapped through the times the glove's bytes reached the host (HostClockMap)"),
        ]
    }

    /// The `# key: value` lines (a line break in a value is written as a space).
    public var commentLines: [String] {
        fields.map { "# \($0.key): " + $0.value.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") }
    }

    /// One JSON object, `"type": "session"` first.
    public var jsonLine: String {
        var line = JSONLine()
        line.add("type", "session")
        for (key, value) in fields { line.add(key, value) }
        return line.text
    }
}
