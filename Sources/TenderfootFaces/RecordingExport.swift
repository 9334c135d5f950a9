import Foundation
import TenderfootCalibration
import TenderfootSession
import TenderfootWire

/// Writes a recording's samples, in physical units, and its recorded warnings as CSV or JSON lines.
/// The glove's bytes go through the same decoder as live, so every sample comes out exactly as it was received.
public enum RecordingExport {
    public enum Format { case csv, jsonl }

    public struct Summary {
        public var samples = 0
        public var warnings = 0
        /// Things the user should know about the file (cut off, damaged parts skipped).
        public var notes: [String] = []
    }

    public static let csvHeader = "t_us,seq,raw_thumb,raw_index,raw_middle,raw_ring,raw_little,"
        + "thumb_N,index_N,middle_N,ring_N,little_N,accel_x_g,accel_y_g,accel_z_g,gyro_x_dps,gyro_y_dps,gyro_z_dps,warnings"

    /// Writes every line through `emit`; returns what was written and what was wrong with the file.
    public static func write(_ recording: Recording, format: Format, emit: (String) -> Void) -> Summary {
        let calibration = recording.header.gloveCalibration
        let warnings = recording.events.compactMap(RecordedWarning.init(json:)).sorted { $0.deviceTimeMicros < $1.deviceTimeMicros }
        var summary = Summary()
        var nextWarning = 0
        if format == .csv { emit(csvHeader) }
        let decoder = FrameDecoder()
        var lastTime: UInt64 = 0
        for chunk in recording.wireChunks {
            chunk.payload.withUnsafeBytes { bytes in
                decoder.feed(bytes) { frame in
                    guard case .sample(let sample) = frame.message else { return }
                    var started: [RecordedWarning] = []
                    while nextWarning < warnings.count, warnings[nextWarning].deviceTimeMicros <= sample.deviceTimeMicros {
                        started.append(warnings[nextWarning])
                        nextWarning += 1
                    }
                    let newtons = calibration.newtons(sample.force)
                    switch format {
                    case .csv:
                        emit(csvRow(sample, newtons, calibration.imu, warnings: started))
                    case .jsonl:
                        for warning in started { emit(warning.json) }
                        emit(jsonRow(sample, newtons, calibration.imu))
                    }
                    summary.samples += 1
                    summary.warnings += started.count
                    lastTime = sample.deviceTimeMicros
                }
            }
        }
        if format == .jsonl {
            for warning in warnings[nextWarning...] { emit(warning.json); summary.warnings += 1 }
        }
        summary.notes = recording.notes(lastDeviceMicros: summary.samples > 0 ? lastTime : nil)
        return summary
    }

    static func csvRow(_ s: Sample, _ n: FingerNewtons, _ imu: IMUScale, warnings: [RecordedWarning]) -> String {
        var row = "\(s.deviceTimeMicros),\(s.sequence)"
        for finger in 0..<5 { row += ",\(s.force[finger])" }
        for finger in 0..<5 { row += "," + String(format: "%.4f", n[finger]) }
        for value in s.accel.array { row += "," + String(format: "%.5f", imu.g(value)) }
        for value in s.gyro.array { row += "," + String(format: "%.3f", imu.degreesPerSecond(value)) }
        row += "," + warnings.map { "\($0.finger) \(String(format: "%.2f", $0.newtons)) \($0.unit) > \(String(format: "%.2f", $0.limit)) \($0.unit)" }.joined(separator: "; ")
        return row
    }

    static func jsonRow(_ s: Sample, _ n: FingerNewtons, _ imu: IMUScale) -> String {
        var line = JSONLine()
        line.add("type", "sample")
        line.add("t_us", s.deviceTimeMicros)
        line.add("seq", s.sequence)
        line.add("raw", s.force.array)
        line.add("force_N", n.array, digits: 4)
        line.add("accel_g", s.accel.array.map { imu.g($0) }, digits: 5)
        line.add("gyro_dps", s.gyro.array.map { imu.degreesPerSecond($0) }, digits: 3)
        return line.text
    }
}

/// A warning as the session recorded it (an event chunk of type "warning").
struct RecordedWarning {
    var json: String
    var deviceTimeMicros: UInt64
    var finger: String
    var newtons: Double
    var limit: Double
    var unit: String

    init?(json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              object["type"] as? String == "warning",
              let time = (object["t_us"] as? NSNumber)?.uint64Value else { return nil }
        self.json = json
        deviceTimeMicros = time
        finger = object["subject"] as? String ?? object["finger"] as? String ?? "?"
        newtons = (object["value"] as? NSNumber ?? object["force_n"] as? NSNumber)?.doubleValue ?? 0
        limit = (object["limit"] as? NSNumber ?? object["limit_n"] as? NSNumber)?.doubleValue ?? 0
        unit = object["unit"] as? String ?? "N"
    }
}
