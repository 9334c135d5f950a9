import Foundation
import TenderfootCalibration
import TenderfootLink
import TenderfootRules
import TenderfootSession

/// How a practice session is shown: the protocol every face plugs into. A face reads its own
/// `SessionSubscription`, so any number of faces can show one session; the terminal's faces
/// write through an `OutputQueue`, never straight to standard output.
public protocol PracticeFace: AnyObject {
    /// How long to wait for events between two updates, seconds.
    var interval: TimeInterval { get }
    func begin()
    func show(events: [SessionEvent], view: SessionSubscription, elapsed: Double)
    func end(view: SessionSubscription, elapsed: Double, recordingPath: String?)
}

/// The live screen, redrawn 25 times a second, with the `TerminalBell` unless quiet.
public final class ScreenFace: PracticeFace {
    public var screen: LiveScreen
    let quiet: Bool
    var bell = TerminalBell()
    let canvas: TerminalCanvas
    let colour = TerminalCanvas.colourWanted(environment: ProcessInfo.processInfo.environment)
    /// Print the session's warnings and a line about it after the screen closes.
    let summary: Bool
    var warnings = 0
    /// Every warning the session gave, with how long it lasted once it ended: the alternate
    /// screen takes them away when it closes, so the normal screen gets them after it.
    var given: [(warning: RuleWarning, durationMicros: UInt64?)] = []
    public var interval: TimeInterval { 0.04 }

    public init(screen: LiveScreen, quiet: Bool, summary: Bool = true, output: OutputQueue) {
        self.screen = screen
        self.quiet = quiet
        self.summary = summary
        canvas = TerminalCanvas(output: output)
    }

    public func begin() { canvas.open() }

    public func show(events: [SessionEvent], view: SessionSubscription, elapsed: Double) {
        let newWarnings = events.warningsStarted
        warnings += newWarnings
        for event in events {
            switch event {
            case .warningStarted(let warning): given.append((warning, nil))
            case .warningEnded(let warning, let duration):
                if let index = given.lastIndex(where: { $0.warning.rule == warning.rule && $0.warning.subject == warning.subject && $0.durationMicros == nil }) {
                    given[index].durationMicros = duration
                }
            default: break
            }
        }
        if let notice = events.lazy.compactMap(\.linkNotice).last { screen.linkNotice = notice }
        fitToTerminal()
        let snapshot = view.snapshot()
        let ring = bell.ring(events: events, forceOver: snapshot.overLimit.contains(true), elapsed: elapsed)
        canvas.draw(screen.frame(snapshot, elapsed: elapsed, rows: TerminalCanvas.rows, colour: colour), bell: ring && !quiet)
    }

    /// The screen's width: the terminal's, as it is now.
    private func fitToTerminal() { screen.width = TerminalCanvas.columns ?? screen.width }

    public func end(view: SessionSubscription, elapsed: Double, recordingPath: String?) {
        let firstDeviceMicros = view.snapshot(keepingPeaks: true).firstDeviceMicros ?? 0
        canvas.close()
        guard summary else { return }
        if !given.isEmpty {
            canvas.output.write("Warnings this session, each with what to do:\n")
            // Broken between words at the terminal's width, as on the screen during the session.
            fitToTerminal()
            for (warning, duration) in given {
                for line in screen.wrappedWarning(warning, durationMicros: duration ?? 0, sessionStartMicros: firstDeviceMicros) {
                    canvas.output.write(line + "\n")
                }
            }
        }
        printSummary(elapsed: elapsed, warnings: warnings, recordingPath: recordingPath, to: canvas.output)
    }
}

/// The session as plain lines (`SessionLog`), when standard output is not a terminal.
public final class LogFace: PracticeFace {
    var log: SessionLog
    var warnings = 0
    let output: OutputQueue
    public var interval: TimeInterval { 0.1 }

    public init(screen: LiveScreen, output: OutputQueue) {
        log = SessionLog(screen: screen)
        self.output = output
    }

    public func begin() {}

    public func show(events: [SessionEvent], view: SessionSubscription, elapsed: Double) {
        warnings += events.warningsStarted
        let lines = log.lines(events, snapshot: view.snapshot(keepingPeaks: true))
        guard !lines.isEmpty else { return }
        output.write(lines.joined(separator: "\n") + "\n")
    }

    public func end(view: SessionSubscription, elapsed: Double, recordingPath: String?) {
        show(events: [], view: view, elapsed: elapsed)
        printSummary(elapsed: elapsed, warnings: warnings, recordingPath: recordingPath, to: output)
    }
}

/// Nothing while the session runs (another face shows it: the browser's, with `--web-only`),
/// then the line after it.
public final class SummaryFace: PracticeFace {
    var warnings = 0
    /// A line naming the session above its summary (a classroom ends several on one terminal).
    let title: String?
    let output: OutputQueue
    public var interval: TimeInterval { 0.1 }

    public init(title: String?, output: OutputQueue) {
        self.title = title
        self.output = output
    }

    public func begin() {}

    public func show(events: [SessionEvent], view: SessionSubscription, elapsed: Double) {
        warnings += events.warningsStarted
    }

    public func end(view: SessionSubscription, elapsed: Double, recordingPath: String?) {
        // In one write: the lines of sessions ending together never interleave.
        output.write((title.map { $0 + "\n" } ?? "") + summary(elapsed: elapsed, warnings: warnings, recordingPath: recordingPath))
    }
}

/// Writes the lines after a session.
private func printSummary(elapsed: Double, warnings: Int, recordingPath: String?, to output: OutputQueue) {
    output.write(summary(elapsed: elapsed, warnings: warnings, recordingPath: recordingPath))
}

/// The lines after a session: how long, how many warnings, and where it was recorded, with the
/// command that writes its samples to a file beside it (not to the terminal).
private func summary(elapsed: Double, warnings: Int, recordingPath: String?) -> String {
    "Session ended after \(String(format: "%.1f", elapsed)) s with \(warnings) warning\(warnings == 1 ? "" : "s").\n"
        + (recordingPath.map { path in
            let csv = (path.hasSuffix(".tfrec") ? String(path.dropLast(6)) : path) + ".csv"
            return "Recorded to \(path); `tenderfoot export \(shellWord(path)) --format csv -o \(shellWord(csv))` writes its samples.\n"
        } ?? "")
}

/// `text` as one word for a POSIX shell: as it is when it holds nothing the shell reads, else in single quotes.
private func shellWord(_ text: String) -> String {
    let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:,@%".contains($0) }
    return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

extension SessionEvent {
    /// What a face says of a link event the trainee should know about, in words; nil for the rest.
    public var linkNotice: String? {
        switch self {
        case .gloveRestarted(_, let restarts):
            "the glove restarted (\(restarts == 1 ? "once" : "\(restarts) times") this session): the session goes on"
        case .samplesDropped(_, let count, let total):
            "the analysis fell behind: \(count) sample\(count == 1 ? "" : "s") dropped (\(total) this session); "
                + "close other programs, or lower --rate"
        default: nil
        }
    }
}

extension [SessionEvent] {
    /// How many warnings start among these events.
    public var warningsStarted: Int { count { if case .warningStarted = $0 { true } else { false } } }
}

/// One JSON object per line: the session's start, every event, a status each second, the end.
public final class JSONFace: PracticeFace {
    let glove: RecordingHeader.Glove
    let ageMonths: Double
    let rules: RuleBook
    let calibration: GloveCalibration
    let notice: String?
    /// The contraindications go in the session's first line (a script cannot press Enter).
    let checklist: Bool
    /// The recording being replayed: then no status line each second of wall time, so that
    /// replaying a file prints the same lines every time.
    let replayOf: String?
    /// Whether the session's samples are printed too (they may be there for another face).
    let printsSamples: Bool
    let output: OutputQueue
    var lastStatus = 0.0
    public var interval: TimeInterval { 0.02 }

    public init(glove: RecordingHeader.Glove, ageMonths: Double, rules: RuleBook, calibration: GloveCalibration, notice: String?,
                checklist: Bool, replayOf: String? = nil, printsSamples: Bool = true, output: OutputQueue) {
        self.output = output
        self.printsSamples = printsSamples
        self.glove = glove
        self.replayOf = replayOf
        self.ageMonths = ageMonths
        self.rules = rules
        self.calibration = calibration
        self.notice = notice
        self.checklist = checklist
    }

    public func begin() {
        var line = JSONLine()
        line.add("type", "session_start")
        if let replayOf { line.add("replay_of", replayOf) }
        line.add("serial", glove.serial)
        line.add("model", glove.model)
        line.add("firmware", glove.firmware)
        line.add("rate_hz", glove.rateHz)
        line.add("age_months", ageMonths, digits: 1)
        let limit = rules.judgedLimit(.stroking, months: ageMonths)
        line.add("age_band", rules.band(months: ageMonths).label)
        line.add("rules", rules.name)
        line.add("limit_fingertip_n", limit.fingertipNewtons)
        line.add("limit_total_n", limit.totalNewtons)
        line.add("limit_reason", limit.basis.text)
        line.add("limits_provisional", rules.force.provisional)
        line.add("calibration", calibration.name)
        line.add("calibrated", calibration.isCalibrated)
        if let notice { line.add("calibration_notice", notice) }
        if checklist { line.add("do_not_massage_with", rules.contraindications.checklist) }
        emit(line.text)
    }

    public func show(events: [SessionEvent], view: SessionSubscription, elapsed: Double) {
        for event in events where printsSamples || !event.isSample {
            if let line = SessionEventJSON.line(event) { emit(line) }
        }
        if replayOf == nil && elapsed - lastStatus >= 1 {
            lastStatus = elapsed
            emit(SessionEventJSON.statusLine(view.snapshot(), elapsed: elapsed))
        }
    }

    public func end(view: SessionSubscription, elapsed: Double, recordingPath: String?) {
        var line = JSONLine()
        line.add("type", "session_end")
        line.add(replayOf == nil ? "elapsed_s" : "recording_s", elapsed, digits: 2)
        if let recordingPath { line.add("recording", recordingPath) }
        emit(SessionEventJSON.statusLine(view.snapshot(), elapsed: elapsed))
        emit(line.text)
    }

    private func emit(_ text: String) { output.write(text + "\n") }
}
