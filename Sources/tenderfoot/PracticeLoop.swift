import Foundation
import TenderfootCalibration
import TenderfootFaces
import TenderfootLibrary
import TenderfootLink
import TenderfootRules
import TenderfootSession
import TenderfootWeb
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
    /// Where recordings are indexed; nil: not at all. With `recordPath` nil, `save` records into its folder.
    var library: LibraryChoice? = nil
    /// When the glove goes away, wait for it to come back (false: end the session).
    var reconnect = false
    /// What to do with a file already at `recordPath`.
    var existing: OutputFile.Existing = .refuse
    /// Publish the session on the Lab Streaming Layer.
    var lsl: LSLOption? = nil
    /// Where the session is shown in a browser, if it is.
    var web: WebPlacement = .none
    /// The flag Ctrl-C raises, when the caller installed it (a classroom, once for every glove,
    /// before any thread starts: a signal must find every thread ready for it); nil: installed here.
    var interrupt: InterruptFlag? = nil

    /// Runs the session; throws the link's error if the glove went away or never answered, or
    /// the first write that failed (the recording's, or standard output's), once the session
    /// has ended cleanly: the recording closed with what it kept, and added to the library.
    func run() throws {
        if checklist && !json { Checklist(rules: rules).show() }
        let interrupt = interrupt ?? InterruptFlag.installed()
        let output = OutputQueue(.standardOutput(), whenFull: .drop)
        let writerTap = RawByteTap()
        let tap = recordPath == nil && library?.save != true ? nil : writerTap
        let glove = try StreamingGlove(port: port, backend: backend, rateHz: rateHz, calibrationPath: calibrationPath,
                                       calibrationMaxAgeDays: calibrationMaxAgeDays, tap: tap)
        let (info, choice) = (glove.info, glove.choice)
        let connection: GloveLink = reconnect
            ? ReconnectingGlove(glove.connection, serialNumber: info.serialNumber, rateHz: rateHz, backend: backend, tap: tap)
            : glove.connection
        let calibration = choice.calibration
        var recordPath = self.recordPath
        if recordPath == nil, let library, library.save {
            recordPath = try library.open().newRecordingPath(serial: info.serialNumber)
        }
        var header = RecordingHeader(softwareVersion: TenderfootVersion.string, info: info, port: port, ageMonths: ageMonths,
                                     calibration: calibration.name, calibrated: calibration.isCalibrated, trainee: trainee)
        header.curves = calibration.fingers
        header.motion = calibration.motion
        header.firstSession = firstSession
        let session = LiveSession(connection: connection, options: .init(
            ageMonths: ageMonths, rules: rules, firstSession: firstSession, calibration: calibration,
            emitSamples: jsonSamples || lsl?.lsl == true || web.wanted, rateHz: Double(rateHz)))
        // The session's time runs from the glove's start (which may wait for a browser page).
        let started = Locked(ContinuousClock.now)
        @Sendable func elapsed() -> Double { (ContinuousClock.now - started.withLock { $0 }).seconds }
        let channel = web.wanted ? TrainerChannel(id: web.id, details: TrainerDetails(
            header: header, rules: rules, ageMonths: ageMonths, calibrated: calibration.isCalibrated, firstSession: firstSession, replay: false),
            elapsed: elapsed) : nil
        var server: WebServer?
        var recorder: RecordingWriter?
        var outlets: LSLOutlets?
        /// Lets go of what was opened when the session does not start.
        func release() {
            try? connection.stop()
            connection.close()
            recorder?.close()
            server?.stop()
        }
        do {
            server = try channel.flatMap { try web.show($0) }
            guard web.waitForPage(channel, interrupt: interrupt) else {
                release()
                return
            }
            if let recordPath { recorder = try RecordingWriter(path: recordPath, header: header, tap: writerTap, existing: existing) }
            if let lsl, lsl.lsl {
                outlets = try LSLOutlets(libraryPath: lsl.libraryPath, details: SessionDetails(header, file: recordPath ?? ""),
                                         glove: header.glove, imu: calibration.imu)
            }
            try glove.start()
        } catch {
            release()
            throw error
        }
        started.withLock { $0 = .now }
        var screen = LiveScreen(gloveSerial: info.serialNumber, gloveModel: info.model, ageMonths: ageMonths,
                                bandLabel: rules.band(months: ageMonths).label, calibration: calibration,
                                calibrationNotice: choice.notice, recordingPath: recordPath)
        screen.webAddress = server?.address
        let face: PracticeFace = json
            ? JSONFace(glove: RecordingHeader.Glove(info), ageMonths: ageMonths, rules: rules, calibration: calibration, notice: choice.notice,
                       checklist: checklist, printsSamples: jsonSamples, output: output)
            : web.only ? SummaryFace(title: web.summaryTitle(trainee: trainee, serial: info.serialNumber), output: output)
            : TerminalCanvas.isTerminal ? ScreenFace(screen: screen, quiet: quiet, output: output) as PracticeFace
            : LogFace(screen: screen, output: output)
        let loop = FaceLoop(face: face, subscription: session.subscribe())
        outlets?.start(session.subscribe())
        channel?.start(session.subscribe())
        session.start()
        face.begin()
        func record(_ events: [SessionEvent]) {
            for event in events where !event.isSample {
                if let line = SessionEventJSON.line(event) { recorder?.record(event: line) }
            }
        }
        func keepGoing() -> Bool {
            !interrupt.isRaised && output.failure == nil && recorder?.failure == nil && duration.map { elapsed() < $0 } ?? true
        }
        loop.run(elapsed: elapsed, while: keepGoing, record: record)
        // The session's length, not counting the time its summary stays on the pages afterwards.
        let sessionSeconds = elapsed()
        if loop.ending == nil {
            try? connection.stop()
        }
        connection.close()
        session.stop()
        outlets?.stop()
        if let channel {
            channel.stop()
            web.keepSummaryOnPages(channel, interrupt: interrupt)
            if channel.framesDropped > 0 {
                StandardStreams.note("a browser page read too slowly: \(channel.framesDropped) frames were not sent to it (each frame is the whole state; the session lost nothing)")
            }
        }
        server?.stop()
        loop.finish(elapsed: sessionSeconds, recordingPath: recordPath, record: record) { recorder?.close() }
        if let recordPath, let library {
            let title = web.summaryTitle(trainee: trainee, serial: info.serialNumber).map { $0 + " " } ?? ""
            library.add(recordPath, rules: rules, quietly: json) { output.write(title + $0 + "\n") }
        }
        let written = output.close(timeout: 2)
        if let failure = recorder?.failure { throw failure }
        if let failure = output.failure {
            if let recordPath { StandardStreams.note("the session ended; its recording is safe in \(recordPath)") }
            throw failure
        }
        if !written || output.droppedWrites > 0 {
            StandardStreams.note("standard output was not read fast enough: \(output.droppedWrites) updates were not written"
                             + (recordPath.map { " (the recording \($0) has every sample)" } ?? ""))
        }
        if case .some(.some(let problem)) = loop.ending { throw problem }
    }
}

/// Where a practice session is shown in a browser.
enum WebPlacement {
    case none
    /// On a server of its own (`--web`), in the trainer page.
    case own(WebOption)
    /// On a classroom's server, as glove `id`.
    case classroom(TrainerRoster, id: String)

    var wanted: Bool { if case .none = self { false } else { true } }

    /// With `--wait-for-page`, says so and waits until a page watches `channel`; false (and a
    /// note that the session did not start) if Ctrl-C came first. Without it, true at once.
    func waitForPage(_ channel: TrainerChannel?, interrupt: InterruptFlag) -> Bool {
        guard case .own(let option) = self, option.waitForPage, let channel else { return true }
        StandardStreams.error("The session starts when a browser page opens the trainer (Ctrl-C to give up).")
        if channel.waitForAPage(while: { !interrupt.isRaised }) { return true }
        StandardStreams.note("no browser page opened the trainer: the session did not start")
        return false
    }

    /// Its id in the server's paths.
    var id: String { if case .classroom(_, let id) = self { id } else { "0" } }

    /// The browser is the only face (the terminal prints the summary at the end).
    var only: Bool {
        switch self {
        case .none: false
        case .own(let option): option.webOnly
        case .classroom: true
        }
    }

    /// The line that names the session above its summary, when several end on one terminal.
    func summaryTitle(trainee: String?, serial: String) -> String? {
        if case .classroom = self { "\(trainee ?? "glove \(serial)") (glove \(serial)):" } else { nil }
    }

    /// After the session: while pages show its summary, the server stays up for its report.
    /// On a terminal, until Enter (or Ctrl-C); else until every page has drawn the summary
    /// (at most 5 s), so that none closes on a page before it has it.
    func keepSummaryOnPages(_ channel: TrainerChannel, interrupt: InterruptFlag) {
        guard wanted else { return }
        channel.waitUntilPagesHaveTheSummary(timeout: 5)
        guard case .own = self, channel.pageCount > 0, isatty(STDIN_FILENO) == 1 else { return }
        // On a line of its own: the screen's last line may not have ended.
        StandardStreams.error("\nThe session's summary and report are on the browser page: press Enter to close it.")
        var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        while !interrupt.isRaised && channel.pageCount > 0 && poll(&input, 1, 100) == 0 {}
    }

    /// Puts `channel` on its server: its own (started here, returned to stop), or the classroom's.
    func show(_ channel: TrainerChannel) throws -> WebServer? {
        switch self {
        case .none: return nil
        case .own(let option):
            let roster = TrainerRoster(classroom: false)
            roster.add(channel)
            return try option.serving.serve(roster, what: "the live trainer")
        case .classroom(let roster, _):
            roster.add(channel)
            return nil
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}


/// The session library a practice session adds its recording to, and whether it records into
/// the library's own folder (`--save`).
struct LibraryChoice {
    var folder: String?
    var save: Bool

    func open() throws(LibraryError) -> SessionLibrary { try SessionLibrary(folder: folder ?? SessionLibrary.defaultFolder) }

    /// Adds the recording and tells `say`; a failure is reported, never thrown: the session and its file are already safe.
    func add(_ path: String, rules: RuleBook, quietly: Bool, say: (String) -> Void) {
        do {
            let session = try open().add(path, rules: rules)
            if !quietly { say("Added to the session library as session \(session.id ?? 0): score \(session.score)/100 — `tenderfoot sessions` lists it, `tenderfoot report \(path) -o report.html` explains it.") }
        } catch {
            StandardStreams.note("the recording is safe in \(path) but was not added to the session library: \(error)")
        }
    }
}

/// What a practice session holds its glove by: one connection, or one that reconnects.
protocol GloveLink: GloveFeed {
    func stop() throws(LinkError)
    func close()
}

extension GloveConnection: GloveLink {}
extension ReconnectingGlove: GloveLink {}
