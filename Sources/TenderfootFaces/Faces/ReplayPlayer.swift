import Foundation
import TenderfootLink
import TenderfootSession

/// Plays a recording through a `ReplayPipeline` onto the live screen or JSON lines, with a
/// player's controls on the screen. Seeking forward lets the pipeline catch up at full speed;
/// seeking back starts a fresh pipeline from the beginning and catches up to the target, so
/// what is shown at any moment is what a replay from the start shows there.
public struct ReplayPlayer {
    let recording: Recording
    let name: String
    let options: LiveSession.Options
    let pace: ReplayClock.Pace
    let paused: Bool
    let json: Bool
    /// Whether JSON lines carry the samples (the session may make them for `outlets` alone).
    let printsSamples: Bool
    /// Publishes the replay on the Lab Streaming Layer, at the recording's pace: seeking and
    /// changing the speed are off (the stream's time cannot go back or run fast).
    let outlets: LSLOutlets?
    let output: OutputQueue

    static let step: UInt64 = 100_000
    static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32]

    public init(recording: Recording, name: String, options: LiveSession.Options, pace: ReplayClock.Pace, paused: Bool, json: Bool,
                printsSamples: Bool, outlets: LSLOutlets? = nil, output: OutputQueue) {
        self.output = output
        self.printsSamples = printsSamples
        self.outlets = outlets
        self.recording = recording
        self.name = name
        self.options = options
        self.pace = pace
        self.paused = paused
        self.json = json
    }

    /// Plays to the end (or until q, or `interrupted` says so: Ctrl-C, or the output fails);
    /// returns the notes about the file (cut off, damaged parts).
    public func run(interrupted: () -> Bool) -> [String] {
        let clock = ReplayClock(pace: pace, paused: paused && !json)
        var pipeline = ReplayPipeline(recording, name: name, clock: clock, options: options, besideSubscriber: outlets != nil)
        if let outlets, let beside = pipeline.beside { outlets.start(beside) }
        defer { outlets?.stop() }
        let length = pipeline.transport.lengthMicros
        let face = makeFace()
        let keys = TerminalKeys()
        if !json { keys.open() }
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
                if outlets != nil && ![.character("q"), .character("Q"), .character(" "), .character("p")].contains(key) { continue }
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
            if ended && (json || !TerminalCanvas.isTerminal) { break }
        }
        pipeline.close()
        let loop = FaceLoop(face: face, subscription: pipeline.events)
        loop.finish(elapsed: recordingSeconds(pipeline), recordingPath: nil, beforeEnd: { keys.close() })
        return recording.notes(lastDeviceMicros: lastDevice)
    }

    private func makeFace() -> PracticeFace {
        let header = recording.header
        let rules = options.rules
        if json {
            return JSONFace(glove: header.glove, ageMonths: options.ageMonths, rules: rules, calibration: options.calibration,
                            notice: nil, checklist: false, replayOf: name, printsSamples: printsSamples, output: output)
        }
        var screen = LiveScreen(gloveSerial: header.glove.serial, gloveModel: header.glove.model, ageMonths: options.ageMonths,
                                bandLabel: rules.band(months: options.ageMonths).label, calibration: options.calibration,
                                calibrationNotice: nil, recordingPath: nil)
        screen.heading = "replay of \(URL(fileURLWithPath: name).lastPathComponent)"
        screen.footer = outlets != nil ? "space pause/resume · q quit (published on LSL: no seeking)"
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
            clock.seek(to: target)
            pipeline = ReplayPipeline(recording, name: name, clock: clock, options: options)
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
