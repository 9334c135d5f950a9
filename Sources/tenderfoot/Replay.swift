import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootFaces
import TenderfootRules
import TenderfootSession
import TenderfootWeb

/// `tenderfoot replay`: a recorded session through the live pipeline again, judged by today's analysis.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a recorded session through the same pipeline as `live`: the screen as it happened, with pause, seek and step, or its events as JSON.",
        discussion: """
            Keys while the screen shows: space pauses and resumes, ←/→ seek 5 s, ↓/↑ seek 30 s, \
            . steps 0.1 s (paused), + and - change the speed, q quits. With --lsl the recording is \
            published on the Lab Streaming Layer at its own pace: only space and q work.
            """)

    @Argument(help: "The recording (made with `live --record`, `demo --record` or `simulate --record`).")
    var file: String

    @Option(help: "Replay at this many times real time (0.1 to 100).")
    var speed: Double = 1

    @Flag(help: "As fast as the analysis goes (for long sessions).")
    var fast = false

    @Flag(help: "Print one JSON object per event, as `live --json` does, instead of the screen.")
    var json = false

    @Flag(name: .customLong("json-samples"), help: "With --json, also print every sample.")
    var jsonSamples = false

    @Option(name: .customLong("age-months"), help: "Judge for this age in months instead of the one recorded.")
    var ageMonths: Double?

    @Option(help: "Judge by this rules file instead of the shipped defaults.")
    var rules: String?

    @OptionGroup var recordingCalibration: RecordingCalibrationOption

    @Flag(help: "Start paused (the screen only).")
    var paused = false

    @OptionGroup var lsl: LSLOption

    @OptionGroup var web: WebOption

    func validate() throws {
        try lsl.check()
        try web.check(json: json)
        if lsl.lsl && (fast || speed != 1) { throw ValidationError("--lsl replays at the recording's own pace: leave out --fast and --speed") }
        guard (0.1...100).contains(speed) else { throw ValidationError("--speed \(speed) is out of range: give 0.1 to 100, or --fast") }
        if fast && speed != 1 { throw ValidationError("give --speed or --fast, not both") }
        if jsonSamples && !json { throw ValidationError("--json-samples needs --json") }
        if paused && (json || web.webOnly) { throw ValidationError("--paused is for the screen; --json and --web-only replay without stopping") }
        try OptionChecks.ageMonths(ageMonths)
    }

    func run() throws {
        let book = try rules.map { try RuleBook.load($0) } ?? .shipped
        var recording = try Recording.read(file)
        try recordingCalibration.apply(to: &recording)
        let options = LiveSession.Options.replaying(recording.header, rules: book, ageMonths: ageMonths, emitSamples: jsonSamples || lsl.lsl || web.wanted)
        // Published at the pace it is replayed: each sample stamped when it is served, not when it was recorded.
        let outlets = try lsl.lsl ? LSLOutlets(libraryPath: lsl.libraryPath, details: SessionDetails(recording.header, file: file),
                                               glove: recording.header.glove, imu: options.calibration.imu, usesArrivalTimes: false) : nil
        let interrupt = InterruptFlag.installed()
        // A replay's every line is the point: a slow reader is waited for (Ctrl-C still stops it).
        let output = OutputQueue(.standardOutput(), whenFull: .wait(giveUp: { interrupt.isRaised }))
        let clock = ReplayClock(pace: fast ? .fast : .speed(speed), paused: paused && !json)
        let channel = web.wanted ? TrainerChannel(id: "0", details: TrainerDetails(
            header: recording.header, rules: book, ageMonths: options.ageMonths, calibrated: options.calibration.isCalibrated,
            firstSession: options.firstSession, replay: true),
            elapsed: { Double(clock.positionMicros) / 1e6 }) : nil
        let server = try channel.map { try WebPlacement.own(web).show($0) } ?? nil
        defer { server?.stop() }
        guard WebPlacement.own(web).waitForPage(channel, interrupt: interrupt) else { return }
        clock.seek(to: 0)  // the replay runs from its start now, however long the page took
        let player = ReplayPlayer(recording: recording, name: file, options: options, clock: clock, json: json, printsSamples: jsonSamples,
                                  publishers: [outlets as BesidePublisher?, channel].compactMap { $0 }, seekable: outlets == nil,
                                  screenless: web.webOnly, output: output)
        let notes = player.run { interrupt.isRaised }
        if let channel { WebPlacement.own(web).keepSummaryOnPages(channel, interrupt: interrupt) }
        output.close(timeout: .infinity) { interrupt.isRaised }
        if let failure = output.failure { throw failure }
        for note in notes { StandardStreams.note(note) }
    }
}
