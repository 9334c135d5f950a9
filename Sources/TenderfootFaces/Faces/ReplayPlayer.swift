import Foundation
import TenderfootLink
import TenderfootSession

/// A publisher beside a face (the Lab Streaming Layer, the browser): it reads a subscription of
/// its own on a thread of its own, from `start` until `stop`; it may be started again on a new
/// session (a replay that seeks back starts over).
public protocol BesidePublisher: AnyObject, Sendable {
    func start(_ subscription: SessionSubscription)
    func stop()
}

/// Plays a recording through a `ReplayPipeline` onto the live screen or JSON lines, with a
/// player's controls on the screen. Seeking forward lets the pipeline catch up at full speed;
/// seeking back starts a fresh pipeline from the beginning and catches up to the target, so
/// what is shown at any moment is what a replay from the start shows there.
public struct ReplayPlayer {
    let recording: Recording
    let name: String
    let options: LiveSession.Options
    /// The replay's pace and position (paused, seeking), shared with whoever shows its time.
    let clock: ReplayClock
    let json: Bool
    /// Whether JSON lines carry the samples (the session may make them for `outlets` alone).
    let printsSamples: Bool
    /// What publishes the replay beside its face (the Lab Streaming Layer, the browser), each
    /// with a subscription of its own, and a new one when a seek starts the replay over.
    let publishers: [BesidePublisher]
    /// Seeking and changing the speed are on: off while publishing on the Lab Streaming Layer,
    /// whose time cannot go back or run fast.
    let seekable: Bool
    /// No screen (another face shows the replay: the browser's, with `--web-only`): the
    /// replay plays to its end and its summary is printed.
    let screenless: Bool
    let output: OutputQueue

    static let step: UInt64 = 100_000
    static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32]

    public init(recording: Recording, name: String, options: LiveSession.Options, clock: ReplayClock, json: Bool,
                printsSamples: Bool, publishers: [BesidePublisher] = [], seekable: Bool = true, screenless: Bool = false, output: OutputQueue) {
        self.screenless = screenless
        self.output = output
        self.printsSamples = printsSamples
        self.publishers = publishers
        self.seekable = seekable
        self.recording = recording
        self.name = name
        self.options = options
        self.clock = clock
        self.json = json
    }

    /// Plays to the end (or until q, or `interrupted` says so: Ctrl-C, or the output fails);
    /// returns the notes about the file (cut off, damaged parts).
    public func run(interrupted: () -> Bool) -> [String] {
        var pipeline = ReplayPipeline(recording, name: name, clock: clock, options: options, besideSubscribers: publishers.count)
        for (publisher, subscription) in zip(publishers, pipeline.beside) { publisher.start(subscription) }
        defer { for publisher in publishers { publisher.stop() } }
        let length = pipeline.transport.lengthMicros
        let face = makeFace()
        let keys = TerminalKeys()
        if !json && !screenless { keys.open() }
        face.begin()
        var ended = false
        var lastDevice: UInt64?
        var quit = false
        while !interrupted() && !quit && output.failure == nil {
            let events = pipeline.events.takeEvents(timeout: face.interval)
            for event in events {
                if case .linkEnded = event { ended = true }
            }
            for key in keys.pressed() {
                if !seekable && ![.character("q"), .character("Q"), .character(" "), .character("p")].contains(key) { continue }
                switch key {
                case .character("q"), .character("Q"): quit = true
                case .character(" "), .character("p"): clock.isPaused ? clock.resume() : clock.pause()
                case .character("."): if clock.isPaused { seek(clock, by: Int64(Self.step), length: length, &pipeline, &ended) }
                case .right: seek(clock, by: 5_000_000, length: length, &pipeline, &ended)
                case .left: seek(clock, by: -5_000_000, length: length, &pipeline, &ended)
                case .up: seek(clock, by: 30_000_000, length: length, &pipeline, &ended)
                case .down: seek(clock, by: -30_000_000, length: length, &pipeline, &ended)
                case .character("+"): changeSpeed(clock, faster: true)
                case .character("-"): changeSpeed(clock, faster: false)
                default: break
                }
            }
            let now = pipeline.events.snapshot(keepingPeaks: true)
            if now.samples > 0 { lastDevice = UInt64(now.deviceSeconds * 1e6) }
            let position = json ? recordingSeconds(pipeline) : Double(min(clock.positionMicros, length)) / 1e6
            if let screen = face as? ScreenFace {
                screen.screen.playerLine = playerLine(clock, position: position, length: length, ended: ended)
            }
            face.show(events: events, view: pipeline.events, elapsed: position)
            // The screen stays on the last moment until q; JSON lines end with the recording.
            if ended && (json || screenless || !TerminalCanvas.isTerminal) { break }
        }
        pipeline.close()
        let loop = FaceLoop(face: face, subscription: pipeline.events)
        loop.finish(elapsed: recordingSeconds(pipeline), recordingPath: nil, beforeEnd: { keys.close() })
        return recording.notes(lastDeviceMicros: lastDevice)
    }

    private func makeFace() -> PracticeFace {
        let header = recording.header
        let rules = options.rules
        if screenless { return SummaryFace(title: nil, output: output) }
        if json {
            return JSONFace(glove: header.glove, ageMonths: options.ageMonths, rules: rules, calibration: options.calibration,
                            notice: nil, checklist: false, replayOf: name, printsSamples: printsSamples, output: output)
        }
        var screen = LiveScreen(gloveSerial: header.glove.serial, gloveModel: header.glove.model, ageMonths: options.ageMonths,
                                bandLabel: rules.band(months: options.ageMonths).label, calibration: options.calibration,
                                calibrationNotice: nil, recordingPath: nil)
        screen.heading = "replay of \(URL(fileURLWithPath: name).lastPathComponent)"
        screen.footer = !seekable ? "space pause/resume · q quit (published on LSL: no seeking)"
            : "space pause/resume · ←/→ 5 s · ↓/↑ 30 s · . step 0.1 s · +/- speed · q quit"
        return TerminalCanvas.isTerminal ? ScreenFace(screen: screen, quiet: true, summary: false, output: output) as PracticeFace
            : LogFace(screen: screen, output: output)
    }

    /// Recording time the analysis has reached, seconds: from the samples, so the same every run.
    private func recordingSeconds(_ pipeline: ReplayPipeline) -> Double {
        let snapshot = pipeline.events.snapshot(keepingPeaks: true)
        guard let first = snapshot.firstDeviceMicros else { return 0 }
        return max(0, snapshot.deviceSeconds - Double(first) / 1e6)
    }

    private func playerLine(_ clock: ReplayClock, position: Double, length: UInt64, ended: Bool) -> String {
        let state = ended ? "■ end" : clock.isPaused ? "❚❚ paused" : "▶ playing"
        let speed: String
        switch clock.pace {
        case .fast: speed = "fast"
        case .speed(let value): speed = String(format: "%gx", value)
        }
        let header = recording.header
        return "\(state) · \(LiveScreen.clock(position)) of \(LiveScreen.clock(Double(length) / 1e6)) · speed \(speed) · recorded "
            + header.created.prefix(16).replacingOccurrences(of: "T", with: " ") + (header.trainee.map { " · trainee \($0)" } ?? "")
    }

    /// Moves by `delta` µs: forward by catching up, back by starting over from the beginning.
    private func seek(_ clock: ReplayClock, by delta: Int64, length: UInt64, _ pipeline: inout ReplayPipeline, _ ended: inout Bool) {
        let now = min(clock.positionMicros, length)
        let target = UInt64(max(0, min(Int64(length), Int64(now) + delta)))
        if target < now {
            pipeline.close()
            for publisher in publishers { publisher.stop() }
            clock.seek(to: target)
            pipeline = ReplayPipeline(recording, name: name, clock: clock, options: options, besideSubscribers: publishers.count)
            for (publisher, subscription) in zip(publishers, pipeline.beside) { publisher.start(subscription) }
            ended = false
        } else {
            clock.seek(to: target)
        }
    }

    private func changeSpeed(_ clock: ReplayClock, faster: Bool) {
        guard case .speed(let now) = clock.pace else { return }
        let index = Self.speeds.firstIndex { $0 >= now } ?? Self.speeds.count - 1
        let next = Self.speeds[max(0, min(Self.speeds.count - 1, index + (faster ? 1 : -1)))]
        clock.setPace(.speed(next))
    }
}
