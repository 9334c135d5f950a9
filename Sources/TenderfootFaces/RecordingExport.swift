import Foundation
import TenderfootAnalysis
import TenderfootCalibration
import TenderfootRules
import TenderfootSession
import TenderfootWire

/// Writes a recording for research: its samples in physical units and the events today's
/// analysis finds in it (techniques, strokes, warnings), as CSV or JSON lines. The recording is
/// replayed through the live pipeline, so every sample comes out as it was received, in newtons
/// as the session's calibration (with its re-zeroes) read it.
public enum RecordingExport {
    public enum Format: Sendable { case csv, jsonl }

    public struct Summary {
        public var samples = 0
        public var events = 0
        /// Things the user should know about the file (cut off, damaged parts skipped).
        public var notes: [String] = []
    }

    public static let csvHeader = "t_us,seq,raw_thumb,raw_index,raw_middle,raw_ring,raw_little,"
        + "thumb_N,index_N,middle_N,ring_N,little_N,accel_x_g,accel_y_g,accel_z_g,gyro_x_dps,gyro_y_dps,gyro_z_dps,technique,warnings"

    public static let eventsCSVHeader = "t_us,end_t_us,type,technique,region,subject,direction,length_cm,speed_cm_s,"
        + "value,peak,limit,unit,duration_ms,message"

    /// Writes every line through `emit`: samples with the analysed events (`eventsOnly`: the events alone).
    public static func write(_ recording: Recording, name: String, rules: RuleBook, format: Format, eventsOnly: Bool,
                             emit: (String) -> Void) -> Summary {
        var summary = Summary()
        let options = LiveSession.Options.replaying(recording.header, rules: rules)
        var lastTime: UInt64?
        if eventsOnly {
            if format == .csv { emit(eventsCSVHeader) }
            ReplayPipeline.run(recording, name: name, options: options) { event in
                guard let line = format == .csv ? csvRow(event) : eventLine(event) else { return }
                emit(line)
                summary.events += 1
            }
        } else if format == .jsonl {
            var withSamples = options
            withSamples.emitSamples = true
            ReplayPipeline.run(recording, name: name, options: withSamples) { event in
                if case .sample(let sample, let newtons) = event {
                    emit(jsonRow(sample, newtons, options.calibration.imu))
                    summary.samples += 1
                    lastTime = sample.deviceTimeMicros
                } else if let line = eventLine(event) {
                    emit(line)
                    summary.events += 1
                }
            }
        } else {
            // The technique of a sample is known only once its episode is: the rows wait until
            // the analysis has settled them.
            emit(csvHeader)
            var rows = SettledRows()
            let imu = options.calibration.imu
            func write(_ row: SettledRows.Row) {
                emit(csvRow(row.sample, row.newtons, imu, technique: row.technique?.rawValue ?? "", warnings: row.warnings))
                summary.samples += 1
                lastTime = row.sample.deviceTimeMicros
            }
            var withSamples = options
            withSamples.emitSamples = true
            ReplayPipeline.run(recording, name: name, options: withSamples) { rows.take($0, write: write) }
            rows.finish(write: write)
            summary.events = rows.events
        }
        summary.notes = recording.notes(lastDeviceMicros: lastTime)
        return summary
    }

    /// An event as `live --json` prints it; nil for what is not an analysed event (the glove's
    /// status, the end of the stream).
    static func eventLine(_ event: SessionEvent) -> String? {
        switch event {
        case .warningStarted, .warningEnded, .analysis, .rezeroed, .gloveRestarted, .samplesDropped: SessionEventJSON.line(event)
        case .sample, .settled, .status, .linkEnded, .gloveLost, .gloveBack, .otherGlove, .limitChanged: nil
        }
    }

    static func csvRow(_ event: SessionEvent) -> String? {
        var fields = [String](repeating: "", count: 15)
        func set(_ index: Int, _ value: String) { fields[index] = value }
        switch event {
        case .warningStarted(let warning), .warningEnded(let warning, _):
            set(0, "\(warning.deviceTimeMicros)")
            if case .warningEnded(_, let duration) = event {
                set(1, "\(warning.deviceTimeMicros + duration)")
                set(2, "warning_end")
                set(13, String(format: "%.1f", Double(duration) / 1000))
            } else {
                set(2, "warning")
            }
            set(3, warning.technique?.rawValue ?? "")
            set(4, "")
            set(5, warning.subject)
            set(9, String(format: "%.3f", warning.value))
            set(10, String(format: "%.3f", warning.peak))
            set(11, String(format: "%.3f", warning.limit))
            set(12, warning.unit)
            set(14, warning.summary)
        case .analysis(.episodeStarted(let episode)), .analysis(.episodeEnded(let episode)):
            set(0, "\(episode.startMicros)")
            if case .analysis(.episodeEnded) = event {
                set(1, "\(episode.endMicros ?? episode.startMicros)")
                set(2, "technique_end")
            } else {
                set(2, "technique")
            }
            set(3, episode.technique.rawValue)
        case .analysis(.stroke(let stroke)):
            set(0, "\(stroke.startMicros)")
            set(1, "\(stroke.endMicros)")
            set(2, "stroke")
            set(3, stroke.technique.rawValue)
            set(4, stroke.region.rawValue)
            set(6, stroke.direction?.rawValue ?? "")
            set(7, String(format: "%.1f", stroke.lengthCm))
            set(8, String(format: "%.1f", stroke.speedCmS))
            set(10, String(format: "%.3f", stroke.peakNewtons.total))
            set(12, "N")
        case .rezeroed(let time, _):
            set(0, "\(time)")
            set(2, "rezero")
        case .gloveRestarted(let time, _):
            set(0, "\(time)")
            set(2, "glove_restarted")
        case .samplesDropped(let time, _, _):
            set(0, "\(time)")
            set(2, "samples_dropped")
        case .sample, .settled, .status, .linkEnded, .gloveLost, .gloveBack, .otherGlove, .limitChanged:
            return nil
        }
        return fields.map(csvField).joined(separator: ",")
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func csvRow(_ s: Sample, _ n: FingerNewtons, _ imu: IMUScale, technique: String, warnings: [RuleWarning]) -> String {
        var row = String(s.deviceTimeMicros)
        row.reserveCapacity(192)
        row += ","
        row += String(s.sequence)
        for finger in 0..<5 { row += ","; row += String(s.force[finger]) }
        for finger in 0..<5 { row += ","; DecimalText.append(n[finger], digits: 4, to: &row) }
        for value in [s.accel.x, s.accel.y, s.accel.z] { row += ","; DecimalText.append(imu.g(value), digits: 5, to: &row) }
        for value in [s.gyro.x, s.gyro.y, s.gyro.z] { row += ","; DecimalText.append(imu.degreesPerSecond(value), digits: 3, to: &row) }
        row += ","
        row += technique
        row += ","
        if !warnings.isEmpty { row += csvField(warnings.map(\.comparison).joined(separator: "; ")) }
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
