import Foundation
import TenderfootCalibration
import TenderfootFaces
import TenderfootLink
import TenderfootRules
import TenderfootSession
import TenderfootWire

/// What `live` and `demo` share: identify the glove, start it, run a session, show it on the
/// terminal screen or as JSON lines, record it, and stop everything cleanly.
struct PracticeLoop {
    var port: String
    var backend: SerialBackend = .automatic
    var ageMonths: Double
    var rateHz: UInt16
    var json: Bool
    var jsonSamples: Bool
    var duration: Double?
    var quiet: Bool
    var recordPath: String?
    var trainee: String?
    var calibrationPath: String? = nil
    var calibrationMaxAgeDays: Double = 30
    var rules: RuleBook = .shipped
    var firstSession = false
    var checklist = true

    /// Runs the session; throws the link's error if the glove went away or never answered.
    func run() throws {
        if checklist && !json { Checklist(rules: rules).show() }
        let interrupt = InterruptFlag.installed()
        let writerTap = RawByteTap()
        let glove = try StreamingGlove(port: port, backend: backend, rateHz: rateHz, calibrationPath: calibrationPath,
                                       calibrationMaxAgeDays: calibrationMaxAgeDays, tap: recordPath == nil ? nil : writerTap)
        let (connection, info, choice) = (glove.connection, glove.info, glove.choice)
        let calibration = choice.calibration
        var recorder: RecordingWriter?
        if let recordPath {
            var header = RecordingHeader(softwareVersion: TenderfootVersion.string, info: info, port: port, ageMonths: ageMonths,
                                         calibration: calibration.name, calibrated: calibration.isCalibrated, trainee: trainee)
            header.curves = calibration.fingers
            do {
                recorder = try RecordingWriter(path: recordPath, header: header, tap: writerTap)
            } catch {
                try? connection.stop()
                connection.close()
                throw error
            }
        }
        let session = LiveSession(connection: connection, options: .init(
            ageMonths: ageMonths, rules: rules, firstSession: firstSession, calibration: calibration, emitSamples: jsonSamples,
            rateHz: Double(rateHz)))
        let face: PracticeFace = json
            ? JSONFace(info: info, ageMonths: ageMonths, rules: rules, calibration: calibration, notice: choice.notice,
                       checklist: checklist)
            : ScreenFace(screen: LiveScreen(gloveSerial: info.serialNumber, gloveModel: info.model, ageMonths: ageMonths,
                                            bandLabel: rules.band(months: ageMonths).label,
                                            calibration: calibration, calibrationNotice: choice.notice,
                                            recordingPath: recordPath), quiet: quiet)
        face.begin()
        let started = ContinuousClock.now
        func elapsed() -> Double { (ContinuousClock.now - started).seconds }
        var ending: LinkError??
        while !interrupt.isRaised, duration.map({ elapsed() < $0 }) ?? true {
            let events = session.takeEvents(timeout: face.interval)
            for event in events {
                if case .linkEnded(let error) = event { ending = .some(error) }
                if case .sample = event {} else if let line = SessionEventJSON.line(event) { recorder?.record(event: line) }
            }
            face.show(events: events, session: session, elapsed: elapsed())
            if ending != nil { break }
        }
        if ending == nil {
            try? connection.stop()
        }
        connection.close()
        session.stop()
        let last = session.takeEvents()
        for event in last where !(event.isSample) {
            if let line = SessionEventJSON.line(event) { recorder?.record(event: line) }
        }
        face.show(events: last, session: session, elapsed: elapsed())
        recorder?.close()
        face.end(session: session, elapsed: elapsed(), recordingPath: recordPath)
        if case .some(.some(let error)) = ending { throw error }
    }
}

extension SessionEvent {
    var isSample: Bool { if case .sample = self { true } else { false } }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

/// How a practice session is shown.
protocol PracticeFace {
    /// How long to wait for events between two updates, seconds.
    var interval: TimeInterval { get }
    func begin()
    func show(events: [SessionEvent], session: LiveSession, elapsed: Double)
    func end(session: LiveSession, elapsed: Double, recordingPath: String?)
}

/// The live screen, redrawn 25 times a second; the bell on each new warning unless quiet.
final class ScreenFace: PracticeFace {
    var screen: LiveScreen
    let quiet: Bool
    let canvas = TerminalCanvas()
    var warnings = 0
    var interval: TimeInterval { 0.04 }

    init(screen: LiveScreen, quiet: Bool) {
        self.screen = screen
        self.quiet = quiet
    }

    func begin() { canvas.open() }

    func show(events: [SessionEvent], session: LiveSession, elapsed: Double) {
        let newWarnings = events.filter { if case .warningStarted = $0 { true } else { false } }.count
        warnings += newWarnings
        screen.width = TerminalCanvas.columns ?? screen.width
        canvas.draw(screen.lines(session.snapshot(), elapsed: elapsed), bell: newWarnings > 0 && !quiet)
    }

    func end(session: LiveSession, elapsed: Double, recordingPath: String?) {
        canvas.close()
        print("Session ended after \(String(format: "%.1f", elapsed)) s with \(warnings) warning\(warnings == 1 ? "" : "s").")
        if let recordingPath { print("Recorded to \(recordingPath); `tenderfoot export \(recordingPath) --format csv` writes its samples.") }
    }
}

/// One JSON object per line: the session's start, every event, a status each second, the end.
final class JSONFace: PracticeFace {
    let info: DeviceInfo
    let ageMonths: Double
    let rules: RuleBook
    let calibration: GloveCalibration
    let notice: String?
    /// The contraindications go in the session's first line (a script cannot press Enter).
    let checklist: Bool
    var lastStatus = 0.0
    var interval: TimeInterval { 0.02 }

    init(info: DeviceInfo, ageMonths: Double, rules: RuleBook, calibration: GloveCalibration, notice: String?, checklist: Bool) {
        self.info = info
        self.ageMonths = ageMonths
        self.rules = rules
        self.calibration = calibration
        self.notice = notice
        self.checklist = checklist
    }

    func begin() {
        var line = JSONLine()
        line.add("type", "session_start")
        line.add("serial", info.serialNumber)
        line.add("model", info.model)
        line.add("firmware", info.firmware.description)
        line.add("rate_hz", info.sampleRateHz)
        line.add("age_months", ageMonths, digits: 1)
        let limit = rules.limit(.stroking, months: ageMonths)
        line.add("age_band", rules.band(months: ageMonths).label)
        line.add("rules", rules.name)
        line.add("limit_fingertip_n", limit.fingertipNewtons)
        line.add("limit_total_n", limit.totalNewtons)
        line.add("limits_provisional", rules.force.provisional)
        line.add("calibration", calibration.name)
        line.add("calibrated", calibration.isCalibrated)
        if let notice { line.add("calibration_notice", notice) }
        if checklist { line.add("do_not_massage_with", rules.contraindications.checklist) }
        emit(line.text)
    }

    func show(events: [SessionEvent], session: LiveSession, elapsed: Double) {
        for event in events { if let line = SessionEventJSON.line(event) { emit(line) } }
        if elapsed - lastStatus >= 1 {
            lastStatus = elapsed
            emit(SessionEventJSON.statusLine(session.snapshot(), elapsed: elapsed))
        }
    }

    func end(session: LiveSession, elapsed: Double, recordingPath: String?) {
        var line = JSONLine()
        line.add("type", "session_end")
        line.add("elapsed_s", elapsed, digits: 2)
        if let recordingPath { line.add("recording", recordingPath) }
        emit(SessionEventJSON.statusLine(session.snapshot(), elapsed: elapsed))
        emit(line.text)
    }

    private func emit(_ text: String) {
        print(text)
        fflush(nil)
    }
}
