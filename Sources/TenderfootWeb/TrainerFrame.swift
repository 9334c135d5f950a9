import TenderfootAnalysis
import TenderfootFaces
import TenderfootRules
import TenderfootSession

/// What the browser's trainer page is sent: the session's details once (`hello`), then a
/// `frame` about 25 times a second with everything the page draws, so that a page opened or
/// re-opened mid-session shows the whole state from its first frame. Each frame also carries
/// the events since the last one (their `live --json` objects), for the page's sound cues.
public enum TrainerFrame {
    /// The session's details: the glove, the trainee, the baby's age and the limits' standing.
    public static func hello(_ details: TrainerDetails) -> String {
        var line = JSONLine()
        line.add("type", "hello")
        line.add("serial", details.serial)
        line.add("model", details.model)
        if let trainee = details.trainee { line.add("trainee", trainee) }
        line.add("age_months", details.ageMonths, digits: 1)
        line.add("age", AgeWords.months(details.ageMonths))
        line.add("band", details.bandLabel)
        line.add("calibrated", details.calibrated)
        line.add("replay", details.replay)
        return line.text
    }

    /// Frame `seq`: `snapshot` as the page shows it, and `events` (samples left out). The page
    /// answers `drawn SEQ` once it has drawn it.
    public static func frame(_ snapshot: LiveSnapshot, events: [SessionEvent], elapsed: Double, seq: UInt64) -> String {
        var line = JSONLine()
        line.add("type", "frame")
        line.add("seq", seq)
        line.add("elapsed_s", elapsed, digits: 2)
        line.add("t_s", snapshot.deviceSeconds, digits: 3)
        line.add("force_n", (0..<5).map { snapshot.newtons[$0] })
        line.add("total_n", snapshot.total)
        line.add("over", snapshot.overLimit)
        var limit = JSONLine()
        limit.add("fingertip_n", snapshot.limit.fingertipNewtons)
        limit.add("total_n", snapshot.limit.totalNewtons)
        limit.add("label", snapshot.limit.basis.label)
        limit.add("reason", snapshot.limit.basis.text)
        limit.add("provisional", snapshot.provisionalLimits)
        line.add("limit", json: limit.text)
        if let guess = snapshot.guess {
            line.add("technique", guess.technique.rawValue)
            line.add("confidence", guess.confidence, digits: 2)
        }
        if let stroke = snapshot.lastStroke {
            var last = JSONLine()
            last.add("region", stroke.region.rawValue)
            last.add("direction", snapshot.judgedStrokeDirection?.rawValue ?? "none")
            last.add("judged", snapshot.judgedStrokeDirection != nil)
            last.add("length_cm", stroke.lengthCm, digits: 1)
            last.add("speed_cm_s", stroke.speedCmS, digits: 1)
            line.add("stroke", json: last.text)
        }
        line.add("stroke_min_cm", snapshot.strokeMinLengthCm, digits: 1)
        line.add("massage_s", snapshot.massageSeconds, digits: 1)
        line.add("allowed_s", snapshot.allowedSeconds, digits: 1)
        line.add("step", LiveScreen.step(snapshot))
        line.add("rate_hz", snapshot.sampleRateHz, digits: 1)
        line.add("samples", snapshot.samples)
        var link = JSONLine()
        link.add("lost", snapshot.link.lost)
        link.add("corrupt", snapshot.link.corrupt)
        link.add("ring_overflows", snapshot.link.ringOverflows)
        link.add("events_dropped", snapshot.droppedEvents)
        var counts = JSONLine()
        for count in snapshot.link.counts { counts.add(count.name, count.value) }
        link.add("counts", json: counts.text)
        line.add("link", json: link.text)
        if let outage = snapshot.outage { line.add("lost", "\(outage)") }
        if let ended = snapshot.ended { line.add("ended", ended.map { "The glove stopped: \($0)" } ?? "Session ended.") }
        let start = snapshot.firstDeviceMicros ?? 0
        let warnings = snapshot.warnings.reversed().map { warning, duration in
            var item = JSONLine()
            item.add("rule", warning.rule.rawValue)
            item.add("subject", warning.subject)
            item.add("at_s", Double(warning.deviceTimeMicros - min(warning.deviceTimeMicros, start)) / 1e6, digits: 1)
            item.add("open", duration == nil)
            if let duration { item.add("duration_ms", Double(duration) / 1000, digits: 0) }
            item.add("message", warning.summary)
            item.add("tip", warning.tip)
            return item.text
        }
        line.add("warnings_given", snapshot.warningsGiven)
        line.add("warnings", objects: warnings)
        let lines = events.lazy.filter { !$0.isSample }.compactMap(SessionEventJSON.line)
        line.add("events", objects: Array(lines))
        return line.text
    }
}

extension TrainerFrame {
    /// The session's summary when it has ended: the score, its parts, the three things to
    /// improve, and where its report is (`report`, relative to the page).
    public static func summary(_ score: SessionScore, report: String) -> String {
        var line = JSONLine()
        line.add("type", "summary")
        line.add("score", score.total)
        let parts = score.parts.map { part in
            var item = JSONLine()
            item.add("name", part.name)
            item.add("points", part.points, digits: 1)
            item.add("maximum", part.maximum, digits: 0)
            item.add("measured", part.measured)
            return item.text
        }
        line.add("parts", objects: parts)
        let improvements = score.improvements.map { improvement in
            var item = JSONLine()
            item.add("title", improvement.title)
            item.add("detail", improvement.detail)
            item.add("advice", improvement.advice)
            return item.text
        }
        line.add("improvements", objects: improvements)
        line.add("report", report)
        return line.text
    }
}

/// A glove's session as its page introduces it and as its review at the end judges it: the
/// recording's header (the glove, the trainee), the rules, and the age it is judged for.
public struct TrainerDetails: Sendable {
    public var header: RecordingHeader
    public var rules: RuleBook
    /// The baby's age the session is judged for (a replay may judge another than it was recorded for).
    public var ageMonths: Double
    /// Forces come from the glove's own calibration, not the nominal curve.
    public var calibrated: Bool
    /// Judged by the shorter time limit of a baby's first sessions.
    public var firstSession: Bool
    /// A recording replayed, not a glove live.
    public var replay: Bool

    public init(header: RecordingHeader, rules: RuleBook, ageMonths: Double, calibrated: Bool, firstSession: Bool, replay: Bool) {
        self.header = header
        self.rules = rules
        self.ageMonths = ageMonths
        self.calibrated = calibrated
        self.firstSession = firstSession
        self.replay = replay
    }

    public var serial: String { header.glove.serial }
    public var model: String { header.glove.model }
    public var trainee: String? { header.trainee }
    public var bandLabel: String { rules.band(months: ageMonths).label }
}
