import TenderfootAnalysis
import TenderfootCalibration
import TenderfootRules
import TenderfootSession
import TenderfootWire

/// The JSON lines of `live --json` (and of recordings' event chunks): one object per event.
public enum SessionEventJSON {
    /// The event's line; nil for `.settled`, which only orders an export's rows.
    public static func line(_ event: SessionEvent) -> String? {
        var line = JSONLine()
        switch event {
        case .sample(let sample, let newtons):
            line.add("type", "sample")
            line.add("seq", sample.sequence)
            line.add("t_us", sample.deviceTimeMicros)
            line.add("raw", sample.force.array)
            line.add("force_n", newtons.array)
            line.add("accel", sample.accel.array)
            line.add("gyro", sample.gyro.array)
        case .warningStarted(let warning):
            line.add("type", "warning")
            add(warning, to: &line)
        case .warningEnded(let warning, let duration):
            line.add("type", "warning_end")
            add(warning, to: &line)
            line.add("duration_ms", Double(duration) / 1000, digits: 1)
        case .status(let status):
            line.add("type", "glove_status")
            line.add("uptime_ms", status.uptimeMillis)
            line.add("rate_hz", status.sampleRateHz)
            line.add("samples_since_start", status.samplesSinceStart)
            line.add("adc_overruns", status.adcOverruns)
            line.add("tx_queue_drops", status.transmitQueueDrops)
        case .limitChanged(let limit, let time):
            line.add("type", "limit")
            line.add("t_us", time)
            line.add("fingertip_n", limit.fingertipNewtons)
            line.add("total_n", limit.totalNewtons)
            line.add("limit_basis", limit.basis.reason.rawValue)
            if let technique = limit.basis.technique { line.add("technique", technique.rawValue) }
            line.add("limit_reason", limit.basis.text)
        case .rezeroed(let time, let tares):
            line.add("type", "rezero")
            line.add("t_us", time)
            line.add("tare_counts", tares, digits: 1)
        case .analysis(.episodeStarted(let episode)):
            line.add("type", "technique")
            line.add("technique", episode.technique.rawValue)
            line.add("t_us", episode.startMicros)
            line.add("confidence", episode.confidence, digits: 2)
        case .analysis(.episodeEnded(let episode)):
            line.add("type", "technique_end")
            line.add("technique", episode.technique.rawValue)
            line.add("t_us", episode.startMicros)
            line.add("end_t_us", episode.endMicros ?? episode.startMicros)
            line.add("confidence", episode.confidence, digits: 2)
        case .analysis(.stroke(let stroke)):
            line.add("type", "stroke")
            line.add("technique", stroke.technique.rawValue)
            line.add("region", stroke.region.rawValue)
            line.add("t_us", stroke.startMicros)
            line.add("end_t_us", stroke.endMicros)
            line.add("direction", stroke.direction?.rawValue ?? "none")
            line.add("leg_axis", stroke.axis.rawValue)
            line.add("length_cm", stroke.lengthCm, digits: 1)
            line.add("speed_cm_s", stroke.speedCmS, digits: 1)
            line.add("peak_n", stroke.peakNewtons.array)
        case .linkEnded(let error):
            line.add("type", "link_ended")
            line.add("reason", error.map { "\($0)" } ?? "closed")
        case .gloveLost(let error, let time):
            line.add("type", "glove_lost")
            line.add("t_us", time)
            line.add("reason", "\(error)")
        case .gloveBack(let port, let after):
            line.add("type", "glove_back")
            line.add("port", port)
            line.add("outage_ms", Double(after) / 1000, digits: 1)
        case .gloveRestarted(let time, let restarts):
            line.add("type", "glove_restarted")
            line.add("t_us", time)
            line.add("restarts", restarts)
        case .samplesDropped(let time, let count, let total):
            line.add("type", "samples_dropped")
            line.add("t_us", time)
            line.add("count", count)
            line.add("total", total)
        case .otherGlove(let port, let serial):
            line.add("type", "glove_refused")
            line.add("port", port)
            line.add("serial", serial)
        case .settled:
            return nil  // the analysis's bookkeeping for exports, no line of its own
        }
        return line.text
    }

    static func add(_ warning: RuleWarning, to line: inout JSONLine) {
        line.add("rule", warning.rule.rawValue)
        line.add("subject", warning.subject)
        if warning.finger != nil || warning.rule == .force { line.add("finger", warning.subject) }
        line.add("t_us", warning.deviceTimeMicros)
        if let sequence = warning.sequence { line.add("seq", sequence) }
        if let technique = warning.technique { line.add("technique", technique.rawValue) }
        line.add("value", warning.value)
        line.add("peak", warning.peak)
        line.add("limit", warning.limit)
        line.add("unit", warning.unit)
        if warning.rule == .force {
            line.add("force_n", warning.value)
            line.add("peak_n", warning.peak)
            line.add("limit_n", warning.limit)
            line.add("provisional", warning.provisional)
            line.add("approximate", warning.approximate)
            if let basis = warning.basis {
                line.add("limit_basis", basis.reason.rawValue)
                line.add("limit_reason", basis.text)
            }
        }
        if warning.count > 1 { line.add("count", warning.count) }
        line.add("message", warning.summary)
        line.add("tip", warning.tip)
    }

    /// The status line `live --json` prints once a second.
    public static func statusLine(_ snapshot: LiveSnapshot, elapsed: Double) -> String {
        var line = JSONLine()
        line.add("type", "status")
        line.add("elapsed_s", elapsed, digits: 2)
        line.add("rate_hz", snapshot.sampleRateHz, digits: 1)
        line.add("samples", snapshot.samples)
        for count in snapshot.link.counts where count.name != "frames" && count.name != "samples" {
            line.add(count.name, count.value)
        }
        if snapshot.droppedEvents > 0 { line.add("events_dropped", snapshot.droppedEvents) }
        return line.text
    }
}
