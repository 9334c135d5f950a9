import Foundation
import Testing
import TenderfootCalibration
import TenderfootFaces
import TenderfootLink
@testable import TenderfootRules
@testable import TenderfootAnalysis
import TenderfootSimulator
import TenderfootWire
@testable import TenderfootSession

@Suite struct ReplayClockTests {
    @Test func fastServesEverything() {
        let clock = ReplayClock(pace: .fast)
        #expect(clock.isDue(0) && clock.isDue(3_600_000_000))
    }

    @Test func pausedServesOnlyWhatIsBehindItsPosition() {
        let clock = ReplayClock(pace: .speed(1), paused: true)
        #expect(clock.isDue(0))
        #expect(!clock.isDue(1))
        #expect(clock.positionMicros == 0)
    }

    @Test func aSeekCatchesUpAtOnceThenHoldsWhilePaused() {
        let clock = ReplayClock(pace: .speed(1), paused: true)
        clock.seek(to: 5_000_000)
        #expect(clock.positionMicros == 5_000_000)
        #expect(clock.isDue(4_999_999) && clock.isDue(5_000_000))
        #expect(!clock.isDue(5_000_001), "past the target the clock is paused again")
        #expect(clock.positionMicros == 5_000_000)
        clock.seek(to: 5_100_000)  // a step
        #expect(clock.isDue(5_100_000) && !clock.isDue(5_100_001))
    }

    @Test func pauseKeepsThePositionAndSpeedCanChange() {
        let clock = ReplayClock(pace: .speed(1000))
        clock.pause()
        let held = clock.positionMicros
        #expect(clock.positionMicros == held)
        #expect(clock.isPaused)
        clock.setPace(.speed(4))
        #expect(clock.pace == .speed(4) && clock.positionMicros == held)
        clock.resume()
        #expect(!clock.isPaused && clock.positionMicros >= held)
    }
}

@Suite struct RecordingTransportTests {
    /// A recording whose wire chunks hold `chunks`, 10 ms apart, `pauses[i]` µs more before chunk i.
    static func recording(_ chunks: [[UInt8]], pauses: [Int: UInt64] = [:]) throws -> Recording {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("transport-\(UUID().uuidString).tfrec").path
        let info = DeviceInfo(firmware: FirmwareVersion(1, 0, 0), sampleRateHz: 500, serialNumber: "TFG-T-1", model: "Test")
        let header = RecordingHeader(softwareVersion: "test", info: info, port: "test", ageMonths: 2, calibration: "none", calibrated: false)
        let file = try RecordingFile(path: path, header: header)
        var host = header.createdHostMicros
        for (index, chunk) in chunks.enumerated() {
            host += (index == 0 ? 0 : 10_000) + (pauses[index] ?? 0)
            file.append(.wire, hostMicros: host, payload: chunk)
        }
        try file.finish(hostMicros: host + 10_000)
        return try Recording.read(path)
    }

    /// A recording of a glove whose clock stepped back 10 s, then which rebooted at sequence 40000
    /// (sequence and clock back to 0) after 1.2 s away: the session reads to its end on one time
    /// line that never goes back, goes on across the reboot by the host's arrival times (1.21 s:
    /// the pause and a chunk's 10 ms), and says the glove restarted, twice.
    @Test func aGloveThatRebootsOrWhoseClockStepsBackIsReadToTheEnd() throws {
        var chunks: [[UInt8]] = []
        func run(sequence: Int, clock: Int) -> [(UInt16, UInt32)] {
            (0..<1000).map { index -> (UInt16, UInt32) in (UInt16(sequence + index), UInt32(clock + index * 2000)) }
        }
        let samples = run(sequence: 38_000, clock: 30_000_000) + run(sequence: 39_000, clock: 22_000_000) + run(sequence: 0, clock: 1000)
        for group in stride(from: 0, to: samples.count, by: 50) {
            var bytes: [UInt8] = []
            for (sequence, clock) in samples[group..<min(samples.count, group + 50)] {
                let sample = Sample(sequence: sequence, deviceTimeMicros: UInt64(clock), force: .zero, accel: Axes(x: 0, y: 0, z: 8192), gyro: .zero)
                FrameEncoder.encode(.sample(sample), sequence: sequence, appendingTo: &bytes)
            }
            chunks.append(bytes)
        }
        let recording = try Self.recording(chunks, pauses: [40: 1_200_000])
        let events = ReplayPipeline.events(of: recording, name: "reboots",
                                           options: .replaying(recording.header, rules: .shipped, emitSamples: true))
        let times = events.compactMap { if case .sample(let sample, _) = $0 { sample.deviceTimeMicros } else { nil } }
        #expect(times.count == samples.count, "every sample read")
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "the time line never goes back")
        if times.count == samples.count {
            #expect(times[2000] - times[1999] == 1_210_000, "the reboot lasted what the host saw")
            #expect(times[1000] - times[999] == 10_000, "the step back within a connection: the host's 10 ms between chunks")
        }
        let restarts = events.compactMap { if case .gloveRestarted(_, let count) = $0 { count } else { nil } }
        #expect(restarts.last == 2, "\(restarts)")
        #expect(events.last?.isLinkEnded == true)
    }

    @Test(arguments: [1, 3, 7, 4096])
    func servesEveryByteInOrderThenEnds(bufferSize: Int) throws {
        let chunks: [[UInt8]] = [Array(0..<10), [], Array(10..<13), Array(13..<40)]
        let transport = RecordingTransport(try Self.recording(chunks), name: "test", clock: ReplayClock(pace: .fast))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 1)
        defer { buffer.deallocate() }
        var received: [UInt8] = []
        var ended: LinkError?
        while ended == nil {
            do {
                let count = try transport.read(into: buffer, timeoutMillis: 10)
                received += buffer.prefix(count)
            } catch {
                ended = error
            }
        }
        #expect(received == Array(0..<40))
        #expect(ended == .endOfRecording("test"))
        #expect(transport.lengthMicros == 30_000)
    }

    @Test func aPausedClockHoldsBackWhatIsNotDue() throws {
        let clock = ReplayClock(pace: .speed(1), paused: true)
        let transport = RecordingTransport(try Self.recording([[1, 2], [3, 4]]), name: "test", clock: clock)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
        defer { buffer.deallocate() }
        #expect(try transport.read(into: buffer, timeoutMillis: 1) == 2, "the first chunk is at 0")
        #expect(try transport.read(into: buffer, timeoutMillis: 1) == 0, "the second, 10 ms in, waits")
        clock.seek(to: 10_000)
        #expect(try transport.read(into: buffer, timeoutMillis: 1) == 2)
        #expect(Array(buffer.prefix(2)) == [3, 4])
    }
}

@Suite struct ReplayPipelineTests {
    static func offline(_ scenario: String, rate: UInt16 = 1000, seconds: Double? = nil) throws -> (Recording, Int) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString).tfrec").path
        let recording = OfflineRecording(scenario: try Scenario.named(scenario), serial: "TFG-PIPE-0001", seed: 2, rateHz: rate,
                                         seconds: seconds, calibration: .nominal())
        let samples = try recording.write(to: path)
        return (try Recording.read(path), samples)
    }

    /// The reader decodes far faster than the analysis; the ring makes it wait instead of dropping.
    @Test func aFastReplayAnalysesEverySampleInOrder() throws {
        let (recording, sent) = try Self.offline("six-months", seconds: 40)
        let options = LiveSession.Options.replaying(recording.header, rules: .shipped, emitSamples: true)
        var samples = 0
        var lastSequence: UInt16?
        var gaps = 0
        ReplayPipeline.run(recording, name: "test", options: options) { event in
            guard case .sample(let sample, _) = event else { return }
            if let last = lastSequence, sample.sequence != last &+ 1 { gaps += 1 }
            lastSequence = sample.sequence
            samples += 1
        }
        #expect(samples == sent && sent == 40_001)
        #expect(gaps <= 40, "sequence jumps only where a STATUS frame took a number")
    }

    @Test func replayingTwiceGivesTheSameEvents() throws {
        let (recording, _) = try Self.offline("first-session", rate: 500)
        let options = LiveSession.Options.replaying(recording.header, rules: .shipped)
        let first = ReplayPipeline.events(of: recording, name: "a", options: options)
        let second = ReplayPipeline.events(of: recording, name: "a", options: options)
        #expect(first == second)
        #expect(first.contains { if case .warningStarted = $0 { true } else { false } })
        #expect(first.last == .linkEnded(LinkProblem(LinkError.endOfRecording("a"))))
    }
}

@Suite struct SessionReviewTests {
    static func warning(_ start: UInt64, _ duration: UInt64?) -> SessionReview.Warning {
        .init(warning: RuleWarning(rule: .force, subject: "thumb", finger: 0, deviceTimeMicros: start, value: 2, peak: 2, limit: 1,
                                   unit: "N", tip: ""), durationMicros: duration)
    }

    @Test func overlappingWarningsCountOnce() {
        let warnings = [Self.warning(1_000_000, 2_000_000), Self.warning(2_000_000, 2_000_000), Self.warning(10_000_000, 500_000),
                        Self.warning(11_000_000, nil)]
        #expect(SessionScore.unionSeconds(warnings, endMicros: 12_000_000) == 3 + 0.5 + 1)
        #expect(SessionScore.unionSeconds([], endMicros: 5) == 0)
    }

    static func episode(_ technique: Technique, _ from: Double, _ to: Double) -> Episode {
        Episode(technique: technique, startMicros: UInt64(from * 1e6), endMicros: UInt64(to * 1e6), confidence: 1)
    }

    @Test func theStructureIsComparedWithTheRecommendedOne() {
        let good = SessionStructure(episodes: [Self.episode(.stroking, 0, 5), Self.episode(.rubbing, 5, 10), Self.episode(.stroking, 10, 13),
                                               Self.episode(.tapping, 13, 15), Self.episode(.stroking, 15, 20)], rules: .shipped,
                                    ageMonths: 4)
        #expect(good.startsRight && good.endsRight && good.closed == 2 && good.toClose == 2)
        // The article's order for the age, whatever was done: every technique allowed yet, each closed with strokes.
        #expect(good.recommended == [.stroking, .pressing, .stroking, .tapping, .stroking, .rubbing, .stroking, .kneading, .stroking,
                                     .vibration, .stroking])
        let young = SessionStructure(episodes: [Self.episode(.stroking, 0, 5), Self.episode(.vibration, 5, 10)], rules: .shipped,
                                     ageMonths: 2)
        #expect(young.recommended == [.stroking, .pressing, .stroking, .tapping, .stroking], "no vibration, rubbing or kneading before 3 months")
        let bad = SessionStructure(episodes: [Self.episode(.kneading, 0, 5), Self.episode(.stroking, 5, 5.5), Self.episode(.pressing, 6, 9)],
                                   rules: .shipped, ageMonths: 4)
        #expect(bad.done == [.kneading, .pressing], "an episode under 1.5 s is a transition, not a technique")
        #expect(!bad.startsRight && !bad.endsRight && bad.closed == 0 && bad.toClose == 2)
    }

    @Test func aRhythmIsCountedOncePerCycle() {
        let series = (0..<300).map { Float(1 + 0.5 * sin(2 * Double.pi * 3 * Double($0) / 100)) }  // 3 Hz over 3 s of 10 ms bins
        #expect(TechniqueSummary.cycles(series[...]) == 9)
        #expect(TechniqueSummary.cycles(ArraySlice(repeating: 1, count: 100)) == 0)
    }

    /// The fixtures' sessions, reviewed: a hard press loses pressure points; a gentle session loses none.
    @Test func aHardPressCostsPressurePointsAndAGentleSessionNone() throws {
        func review(_ fixture: String) throws -> SessionReview {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString).tfrec").path
            let scenario = try Scenario.named(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/\(fixture)").path)
            try OfflineRecording(scenario: scenario, serial: "TFG-REV-0001", seed: 5, rateHz: 500, calibration: .nominal()).write(to: path)
            return SessionReview.of(try Recording.read(path), name: path, rules: .shipped)
        }
        let press = try review("press-2m.json")
        let pressure = try #require(press.score.parts.first { $0.name == "pressure" })
        #expect(pressure.points < 35)
        #expect(press.score.improvements.first?.title == "Press more gently")
        #expect(press.techniques.first { $0.technique == .pressing }.map { $0.peak.thumb > 2.0 } == true, "twice the limit, as the uncalibrated glove reads it")
        #expect(press.trace.binCount >= 690 && press.samples >= 3400)
        let gentle = try review("gentle-2m.json")
        #expect(gentle.warnings.isEmpty)
        #expect(gentle.score.parts.first { $0.name == "pressure" }?.points == 35)
        #expect(gentle.score.total > press.score.total)
        #expect(gentle.score.parts.reduce(0) { $0 + $1.maximum } == 100)
    }
}

@Suite struct TerminalKeysTests {
    @Test func keysAndArrowsAreReadEvenWhenAnEscapeArrivesInPieces() {
        var bytes: [UInt8] = Array(" q.".utf8) + [0x1B, 0x5B]
        #expect(TerminalKeys.parse(&bytes) == [.character(" "), .character("q"), .character(".")])
        #expect(bytes == [0x1B, 0x5B], "the incomplete escape waits for its last byte")
        bytes += [0x43, 0x1B, 0x5B, 0x44, 0x1B, 0x5B, 0x41, 0x1B, 0x5B, 0x42, UInt8(ascii: "+")]
        #expect(TerminalKeys.parse(&bytes) == [.right, .left, .up, .down, .character("+")])
        #expect(bytes.isEmpty)
    }
}
