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
    public enum Format: String, Sendable, CaseIterable { case csv, jsonl, xdf }

    public struct Summary {
        public var samples = 0
        public var events = 0
        /// Things the user should know about the file (cut off, damaged parts skipped).
        public var notes: [String] = []
    }

    public static let csvHeader = "t_us,utc_s,seq,raw_thumb,raw_index,raw_middle,raw_ring,raw_little,"
        + "thumb_N,index_N,middle_N,ring_N,little_N,total_N,accel_x_g,accel_y_g,accel_z_g,gyro_x_dps,gyro_y_dps,gyro_z_dps,"
        + "technique,warnings_started,warnings"

    public static let eventsCSVHeader = "t_us,utc_s,end_t_us,type,technique,region,subject,direction,length_cm,speed_cm_s,"
        + "value,peak,limit,unit,duration_ms,message"

    /// What a text column holds when it has nothing to say: every column keeps one type
    /// (an empty text cell reads as a missing number, and pandas then warns of mixed types).
    static let none = "none"

    /// Writes every line to `lines`: the session's details, then samples with the analysed
    /// events (`eventsOnly`: the events alone). Hands on the last lines before it returns.
    public static func write(_ recording: Recording, name: String, rules: RuleBook, format: Format, eventsOnly: Bool,
                             to lines: ExportOutput) -> Summary {
        defer { lines.finish() }
        let emit = lines.line as (String) -> Void
        var summary = Summary()
        let options = LiveSession.Options.replaying(recording.header, rules: rules)
        let clock = HostClockMap(recording)
        let details = SessionDetails(recording.header, file: name)
        var lastTime: UInt64?
        if format == .xdf {
            (summary, lastTime) = XDFExport.write(recording, name: name, options: options, clock: clock, details: details,
                                                  eventsOnly: eventsOnly, to: lines)
            summary.notes = recording.notes(lastDeviceMicros: lastTime)
            return summary
        }
        if format == .csv { details.commentLines.forEach(emit) } else { emit(details.jsonLine) }
        if eventsOnly {
            if format == .csv { emit(eventsCSVHeader) }
            ReplayPipeline.run(recording, name: name, options: options) { event in
                guard let line = format == .csv ? csvRow(event, clock) : eventLine(event) else { return }
                emit(line)
                summary.events += 1
            }
        } else if format == .jsonl {
            var withSamples = options
            withSamples.emitSamples = true
            let imu = options.calibration.imu
            ReplayPipeline.run(recording, name: name, options: withSamples) { event in
                if case .sample(let sample, let newtons) = event {
                    emit(jsonRow(sample, newtons, imu, clock))
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
                lines.line { csvRow(row.sample, row.newtons, imu, clock, technique: row.technique?.rawValue ?? none,
                                    warnings: row.warnings, to: &$0) }
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

    static func csvRow(_ event: SessionEvent, _ clock: HostClockMap) -> String? {
        // The columns after utc_s; text ones hold `none` when the event has nothing for them.
        var fields = [String](repeating: "", count: 15)
        for text in [2, 3, 4, 5, 6, 12, 14] { fields[text] = none }
        func set(_ index: Int, _ value: String) { fields[index] = value.isEmpty && fields[index] == none ? none : value }
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
        var utc: [UInt8] = []
        if let time = UInt64(fields[0]), let host = clock.hostMicros(time) { DecimalText.appendSeconds(micros: host, to: &utc) }
        return ([fields[0], String(decoding: utc, as: UTF8.self)] + fields.dropFirst()).map(csvField).joined(separator: ",")
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func csvRow(_ s: Sample, _ n: FingerNewtons, _ imu: IMUScale, _ clock: HostClockMap, technique: String,
                       warnings: [RuleWarning], to row: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        DecimalText.append(s.deviceTimeMicros, to: &row)
        row.append(comma)
        if let host = clock.hostMicros(s.deviceTimeMicros) { DecimalText.appendSeconds(micros: host, to: &row) }
        row.append(comma)
        DecimalText.append(s.sequence, to: &row)
        for finger in 0..<5 { row.append(comma); DecimalText.append(s.force[finger], to: &row) }
        for finger in 0..<5 { row.append(comma); DecimalText.append(n[finger], digits: 4, to: &row) }
        row.append(comma)
        DecimalText.append(n.total, digits: 4, to: &row)
        for value in [s.accel.x, s.accel.y, s.accel.z] { row.append(comma); DecimalText.append(imu.g(value), digits: 5, to: &row) }
        for value in [s.gyro.x, s.gyro.y, s.gyro.z] { row.append(comma); DecimalText.append(imu.degreesPerSecond(value), digits: 3, to: &row) }
        row.append(comma)
        row.append(contentsOf: technique.utf8)
        row.append(comma)
        DecimalText.append(warnings.count, to: &row)
        row.append(comma)
        row.append(contentsOf: (warnings.isEmpty ? none : csvField(warnings.map(\.comparison).joined(separator: "; "))).utf8)
    }

    static func jsonRow(_ s: Sample, _ n: FingerNewtons, _ imu: IMUScale, _ clock: HostClockMap) -> String {
        var line = JSONLine()
        line.add("type", "sample")
        line.add("t_us", s.deviceTimeMicros)
        if let host = clock.hostMicros(s.deviceTimeMicros) {
            var utc: [UInt8] = []
            DecimalText.appendSeconds(micros: host, to: &utc)
            line.add("utc_s", json: String(decoding: utc, as: UTF8.self))
        }
        line.add("seq", s.sequence)
        line.add("raw", s.force.array)
        line.add("force_N", n.array, digits: 4)
        line.add("total_N", n.total, digits: 4)
        line.add("accel_g", s.accel.array.map { imu.g($0) }, digits: 5)
        line.add("gyro_dps", s.gyro.array.map { imu.degreesPerSecond($0) }, digits: 3)
        return line.text
    }
}
