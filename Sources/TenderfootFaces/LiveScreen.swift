import Foundation
import TenderfootAnalysis
import TenderfootCalibration
import TenderfootRules
import TenderfootSession

/// The live trainer's terminal screen, drawn from a snapshot: one bar per fingertip with the
/// age limit marked, the total, the link's health and the latest warnings. Pure text: the
/// terminal control (alternate screen, no flicker) is `TerminalCanvas`'s job.
public struct LiveScreen {
    public var gloveSerial: String
    public var gloveModel: String
    public var ageMonths: Double
    public var calibration: GloveCalibration
    public var calibrationNotice: String?
    public var recordingPath: String?
    /// Where the session is also shown in a browser (`--web`).
    public var webAddress: String?
    public var bandLabel: String
    /// The terminal's width in columns: longer lines are cut.
    public var width = 78
    /// The columns lines are cut or broken to: the terminal's width, at least 40.
    var columns: Int { max(width, 40) }
    /// What the screen is: "live practice", or a replay of a file.
    public var heading = "live practice"
    /// A replay's player line (position, speed, paused), under the heading.
    public var playerLine: String?
    /// The latest thing that happened to the link that the trainee should know (a restart,
    /// samples dropped), from `SessionEvent.linkNotice`.
    public var linkNotice: String?
    /// The last line: how to stop, or a player's keys.
    public var footer = "Ctrl-C stops the glove and ends the session."

    public init(gloveSerial: String, gloveModel: String, ageMonths: Double, bandLabel: String, calibration: GloveCalibration,
                calibrationNotice: String?, recordingPath: String?) {
        self.bandLabel = bandLabel
        self.gloveSerial = gloveSerial
        self.gloveModel = gloveModel
        self.ageMonths = ageMonths
        self.calibration = calibration
        self.calibrationNotice = calibrationNotice
        self.recordingPath = recordingPath
    }

    static let barWidth = 36

    /// The screen's lines for `snapshot`, `elapsed` seconds into the session, plain and whole
    /// (every warning on its line), cut to `width`.
    public func lines(_ snapshot: LiveSnapshot, elapsed: Double) -> [String] {
        frame(snapshot, elapsed: elapsed, rows: nil, colour: false)
    }

    /// How a line is coloured on a colour terminal: by how close to its limit it is.
    enum Paint {
        case plain, good, near, over

        var code: String? {
            switch self {
            case .plain: nil
            case .good: "\u{1B}[32m"   // green
            case .near: "\u{1B}[33m"   // amber
            case .over: "\u{1B}[1;31m" // bold red
            }
        }

        /// A force's paint against its limit: amber from 80 % of it, red over it.
        static func force(_ value: Double, limit: Double) -> Paint {
            value > limit ? .over : value >= 0.8 * limit ? .near : .good
        }
    }

    /// The screen as drawn: fitted to `rows` (nil: everything) and `width`, coloured when
    /// `colour`. What always shows: the title, the technique and time, the bars, the link, the
    /// newest warning with all of its advice (wrapped), and the footer; then, as room allows,
    /// the calibration and notices, older warnings (newest first, one line each), blank lines.
    public func frame(_ snapshot: LiveSnapshot, elapsed: Double, rows: Int?, colour: Bool) -> [String] {
        // Priority: 0 always, 1 notices, 2 older warnings, 3 blank lines.
        var out: [(text: String, paint: Paint, priority: Int)] = []
        func add(_ text: String, _ paint: Paint = .plain, _ priority: Int = 0) { out.append((text, paint, text.isEmpty ? 3 : priority)) }
        let cut = columns
        let limit = snapshot.limit
        let header = headerLines(provisionalLimits: snapshot.provisionalLimits)
        add(header[0])
        for line in header.dropFirst() { add(line, line.hasPrefix("! ") || line.hasPrefix("UNCALIBRATED") ? .near : .plain, 1) }
        add("")
        if let outage = snapshot.outage {
            add("GLOVE LOST — waiting for the same glove to come back: plug it in again (Ctrl-C ends the session)", .over)
            add("  \(outage)", .over)
            add("  STALE: the forces below are the last ones before the glove was lost", .near)
        }
        add(Self.techniqueLine(snapshot), snapshot.judgedStrokeDirection == .down ? .over : .plain)
        let overTime = snapshot.massageSeconds > snapshot.allowedSeconds
        add("massage   \(Self.clock(snapshot.massageSeconds, tenths: false)) of \(Self.clock(snapshot.allowedSeconds, tenths: false)) for \(bandLabel)"
            + (overTime ? "  OVER" : "") + " · step: \(Self.step(snapshot))", overTime ? .over : .plain)
        add("")
        let scale = max(limit.fingertipNewtons * 2, 0.5)
        // The bar's scale at its two ends, and the limits' column named above it (the bar's "|"
        // marks the limit): never a scale that reads as a limit.
        add("finger     force    0 N" + String(repeating: " ", count: Self.barWidth - 10) + Self.newtons(scale)
            + "  limit (\(limit.basis.label))")
        for finger in 0..<5 {
            let value = snapshot.newtons[finger]
            let over = snapshot.overLimit[finger]
            let name = RuleWarning.fingerNames[finger].padding(toLength: 8, withPad: " ", startingAt: 0)
            add("\(name) \(Self.newtons(value).leftPad(7))  [\(Self.bar(value, limit: limit.fingertipNewtons, scale: scale))] "
                + "\(Self.newtons(limit.fingertipNewtons))\(over ? "  OVER" : "")",
                over ? .over : snapshot.outage != nil ? .plain : Paint.force(value, limit: limit.fingertipNewtons))
        }
        add("total    \(Self.newtons(snapshot.total).leftPad(7))" + String(repeating: " ", count: Self.barWidth + 4)
            + "\(Self.newtons(limit.totalNewtons))" + (snapshot.overLimit[5] ? "  OVER" : ""),
            snapshot.overLimit[5] ? .over : snapshot.outage != nil ? .plain : Paint.force(snapshot.total, limit: limit.totalNewtons))
        add("")
        let link = snapshot.link
        let rate = snapshot.outage == nil ? "\(Int(snapshot.sampleRateHz.rounded())) Hz" : "— (glove lost)"
        add("rate \(rate) · elapsed \(Self.clock(elapsed)) · samples \(snapshot.samples) · "
            + "lost \(link.lost) · corrupt \(link.corrupt) · ring overflows \(link.ringOverflows)"
            + (snapshot.droppedEvents > 0 ? " · screen behind: \(snapshot.droppedEvents) events dropped" : ""))
        if let path = recordingPath { add("recording to \(path)", .plain, 1) }
        if let webAddress { add("in a browser: \(webAddress)", .plain, 1) }
        if let rezero = snapshot.lastRezeroMicros {
            let at = Double(rezero - min(rezero, snapshot.firstDeviceMicros ?? 0)) / 1e6
            add("zero refreshed at \(Self.clock(at)) (hand lifted)", .plain, 1)
        }
        add("")
        add(snapshot.warnings.isEmpty ? "No warnings." : "WARNINGS", snapshot.warnings.isEmpty ? .good : .plain)
        for (index, (warning, duration)) in snapshot.warnings.reversed().enumerated() {
            let start = snapshot.firstDeviceMicros ?? 0
            let paint: Paint = duration == nil ? (warning.rule == .force ? .over : .near) : .plain
            if index == 0 && rows != nil {
                for line in wrappedWarning(warning, durationMicros: duration, sessionStartMicros: start) { add(line, paint) }
            } else {
                add(Self.warningLine(warning, durationMicros: duration, sessionStartMicros: start), paint, 2)
            }
        }
        if let ended = snapshot.ended {
            add("")
            add(ended.map { "The glove stopped: \($0)" } ?? "Session ended.")
        }
        add("")
        add(footer)
        // Fit the rows: what always shows, then each priority in turn while there is room.
        var shown = Array(repeating: true, count: out.count)
        if let rows, out.count > rows {
            shown = out.map { $0.priority == 0 }
            var room = rows - shown.filter { $0 }.count
            for priority in 1...3 {
                for index in out.indices where out[index].priority == priority && room > 0 {
                    shown[index] = true
                    room -= 1
                }
            }
        }
        // Cut to the terminal's width before colouring: a wrapped line would push the screen
        // down and flicker, and a colour code takes no column.
        return out.indices.filter { shown[$0] }.map { index in
            let text = String(out[index].text.prefix(cut))
            guard colour, let code = out[index].paint.code else { return text }
            return code + text + "\u{1B}[0m"
        }
    }

    /// `text` in lines of at most `width` columns, broken between words.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = "  " + word
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.flatMap { long in
            stride(from: 0, to: max(long.count, 1), by: width).map { String(long.dropFirst($0).prefix(width)) }
        }
    }

    /// The screen's top: what it shows, for which glove and baby, the calibration, and whether
    /// the force limits are provisional.
    public func headerLines(provisionalLimits: Bool) -> [String] {
        var out = ["Tenderfoot — \(heading) · glove \(gloveSerial) (\(gloveModel)) · baby \(Self.months(ageMonths)) (\(bandLabel))"]
        if let playerLine { out.append(playerLine) }
        if !calibration.isCalibrated {
            out.append("UNCALIBRATED: forces use the \(calibration.name); each finger may read up to ±25 % off.")
        } else {
            out.append("Calibration: \(calibration.name)")
        }
        if let calibrationNotice { out.append("Note: \(calibrationNotice)") }
        if let linkNotice { out.append("! \(linkNotice)") }
        if provisionalLimits {
            out.append("Force limits are provisional defaults: no published study gives infant massage forces in newtons.")
        }
        return out
    }

    /// `warningLine` with all of its advice, broken between words to the screen's columns.
    public func wrappedWarning(_ warning: RuleWarning, durationMicros: UInt64?, sessionStartMicros: UInt64) -> [String] {
        Self.wrap(Self.warningLine(warning, durationMicros: durationMicros, sessionStartMicros: sessionStartMicros), width: columns)
    }

    /// One line a trainee reads in a glance: when, which rule, the value against the limit, and what to do.
    public static func warningLine(_ warning: RuleWarning, durationMicros: UInt64?, sessionStartMicros: UInt64) -> String {
        let state = durationMicros.map { $0 > 0 ? " (for \(String(format: "%.1f", Double($0) / 1e6)) s)" : "" } ?? " (NOW)"
        let at = Double(warning.deviceTimeMicros - min(warning.deviceTimeMicros, sessionStartMicros)) / 1e6
        return "! \(clock(at)) \(warning.rule.rawValue): \(warning.summary)\(state) — \(warning.tip)"
    }

    /// The technique now, with confidence, and the last stroke as an arrow.
    static func techniqueLine(_ snapshot: LiveSnapshot) -> String {
        let now = snapshot.guess.map { "\($0.technique.rawValue) (\(Int(($0.confidence * 100).rounded())) %)" } ?? "no contact"
        var line = "technique \(now.padding(toLength: 22, withPad: " ", startingAt: 0))"
        if let stroke = snapshot.lastStroke {
            let arrow: String
            switch (stroke.region, snapshot.judgedStrokeDirection) {
            case (.sole, _): arrow = "↕ on the sole"
            case (.leg, .up?): arrow = "↑ up the leg"
            case (.leg, .down?): arrow = "↓ DOWN the leg"
            case (.leg, nil): arrow = stroke.lengthCm < snapshot.strokeMinLengthCm ? "· too short to judge" : "↔ across the leg"
            }
            line += "last stroke \(arrow) · \(String(format: "%.1f", stroke.lengthCm)) cm · \(String(format: "%.1f", stroke.speedCmS)) cm/s"
        }
        return line
    }

    /// Where the session is in its recommended order.
    public static func step(_ snapshot: LiveSnapshot) -> String {
        switch (snapshot.lastTechnique, snapshot.unclosed) {
        case (nil, _): "start with soft stroking"
        case (_, let open?): "\(open.rawValue) — close it with a few strokes"
        case (.stroking?, nil) where snapshot.anotherTechniqueDone: "stroking — go on with another technique for this age, or end here"
        case (.stroking?, nil): "stroking — go on with a technique for this age"
        default: "close with a few strokes"
        }
    }

    static func bar(_ value: Double, limit: Double, scale: Double) -> String {
        let cells = Self.barWidth
        let filled = Int((min(value, scale) / scale * Double(cells)).rounded())
        let mark = min(cells - 1, Int((limit / scale * Double(cells)).rounded()))
        return String((0..<cells).map { index -> Character in
            if index == mark { return "|" }
            return index < filled ? "#" : " "
        })
    }

    static func newtons(_ value: Double) -> String { String(format: "%.2f N", value) }
    static func months(_ value: Double) -> String { AgeWords.months(value) }
    public static func clock(_ seconds: Double, tenths: Bool = true) -> String {
        let s = max(0, seconds)
        return tenths ? String(format: "%02d:%04.1f", Int(s) / 60, s.truncatingRemainder(dividingBy: 60))
            : String(format: "%02d:%02d", Int(s) / 60, Int(s) % 60)
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
