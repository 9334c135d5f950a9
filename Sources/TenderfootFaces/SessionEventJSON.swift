import TenderfootCalibration
import TenderfootLink
import TenderfootRules
import TenderfootSession
import TenderfootWire

/// The JSON lines of `live --json` (and of recordings' event chunks): one object per event.
public enum SessionEventJSON {
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
        case .rezeroed(let time, let tares):
            line.add("type", "rezero")
            line.add("t_us", time)
            line.add("tare_counts", tares, digits: 1)
        case .linkEnded(let error):
            line.add("type", "link_ended")
            line.add("reason", error.map { "\($0)" } ?? "closed")
        }
        return line.text
    }

    static func add(_ warning: ForceWarning, to line: inout JSONLine) {
        line.add("rule", warning.finger == nil ? "total_force_limit" : "fingertip_force_limit")
        line.add("finger", warning.fingerName)
        line.add("t_us", warning.deviceTimeMicros)
        line.add("seq", warning.sequence)
        line.add("force_n", warning.newtons)
        line.add("peak_n", warning.peakNewtons)
        line.add("limit_n", warning.limitNewtons)
    }

    /// The status line `live --json` prints once a second.
    public static func statusLine(_ snapshot: LiveSnapshot, elapsed: Double) -> String {
        var line = JSONLine()
        line.add("type", "status")
        line.add("elapsed_s", elapsed, digits: 2)
        line.add("rate_hz", snapshot.sampleRateHz, digits: 1)
        line.add("samples", snapshot.samples)
        for (name, value) in snapshot.counters.named where name != "frames" && name != "samples" {
            line.add(name, value)
        }
        return line.text
    }
}
