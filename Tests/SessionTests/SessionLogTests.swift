import Testing
@testable import TenderfootAnalysis
import TenderfootCalibration
import TenderfootFaces
import TenderfootLink
@testable import TenderfootRules
import TenderfootSession

/// The plain lines a session prints when its output is not a terminal.
@Suite struct SessionLogTests {
    static var screen: LiveScreen {
        LiveScreen(gloveSerial: "TFG-T", gloveModel: "Test Glove", ageMonths: 2, bandLabel: "0-3 months",
                   calibration: .nominal(), calibrationNotice: nil, recordingPath: nil)
    }

    static func snapshot(first: UInt64) -> LiveSnapshot {
        var snapshot = LiveSnapshot(limit: RuleBook.shipped.judgedLimit(nil, months: 2), provisionalLimits: true, strokeMinLengthCm: 5)
        snapshot.firstDeviceMicros = first
        return snapshot
    }

    /// By ear: a force over its limit rings twice a second for as long as it lasts; any other
    /// warning rings once when it begins.
    @Test func theBellRepeatsForAForceOverItsLimitAndRingsOnceForTheRest() {
        var bell = TerminalBell()
        let rings = stride(from: 0.0, to: 1.3, by: 0.1).map { bell.ring(events: [], forceOver: true, elapsed: $0) }
        #expect(rings.enumerated().filter(\.element).map(\.offset) == [0, 5, 10], "\(rings)")
        let released = bell.ring(events: [], forceOver: false, elapsed: 1.4)
        let again = bell.ring(events: [], forceOver: true, elapsed: 1.45)
        #expect(!released && again, "a new force over the limit rings at once")
        let direction = RuleWarning(rule: .direction, subject: "stroke", finger: nil, deviceTimeMicros: 0, value: 12, peak: 12,
                                    limit: 0, unit: "cm", tip: "up the leg")
        let started = bell.ring(events: [.warningStarted(direction)], forceOver: false, elapsed: 2)
        let ended = bell.ring(events: [.warningEnded(direction, durationMicros: 1)], forceOver: false, elapsed: 2.1)
        #expect(started && !ended)
        let force = RuleWarning(rule: .force, subject: "thumb", finger: 0, deviceTimeMicros: 0, value: 2, peak: 2, limit: 1, unit: "N", tip: "")
        let forceStart = bell.ring(events: [.warningStarted(force)], forceOver: false, elapsed: 3)
        #expect(!forceStart, "a force rings by being over, not by its start")
    }

    /// While the glove is lost the screen's forces and rate are the last ones seen: it says so.
    @Test func whileTheGloveIsLostTheScreenMarksItsValuesStale() {
        var snapshot = Self.snapshot(first: 0)
        snapshot.sampleRateHz = 500
        #expect(Self.screen.lines(snapshot, elapsed: 1).contains { $0.hasPrefix("rate 500 Hz") })
        snapshot.outage = LinkProblem("the glove on /dev/ttyACM0 disappeared")
        let lost = Self.screen.lines(snapshot, elapsed: 1)
        #expect(lost.contains("  STALE: the forces below are the last ones before the glove was lost"))
        #expect(lost.contains { $0.hasPrefix("rate — (glove lost)") } && !lost.contains { $0.hasPrefix("rate 500 Hz") })
    }

    @Test func theHeadingComesOnceAndTimesCountFromTheFirstSample() {
        var log = SessionLog(screen: Self.screen)
        let start: UInt64 = 5_000_000
        let warning = RuleWarning(rule: .force, subject: "thumb", finger: 0, deviceTimeMicros: start + 2_500_000, value: 1.4, peak: 1.4,
                                  limit: 1, unit: "N", tip: "ease off")
        let first = log.lines([.analysis(.episodeStarted(Episode(technique: .stroking, startMicros: start, endMicros: nil, confidence: 0.9))),
                               .warningStarted(warning)], snapshot: Self.snapshot(first: start))
        #expect(first.first == "Tenderfoot — live practice · glove TFG-T (Test Glove) · baby 2 months (0-3 months)")
        #expect(first.contains("UNCALIBRATED: forces use the nominal sensor curve; each finger may read up to ±25 % off."))
        #expect(first.contains("Force limits are provisional defaults: no published study gives infant massage forces in newtons."))
        #expect(Array(first.suffix(2)) == ["  00:00.0 stroking", "! 00:02.5 force: \(warning.summary) — ease off"])
        let second = log.lines([.warningEnded(warning, durationMicros: 1_200_000)], snapshot: Self.snapshot(first: start))
        #expect(second == ["  00:03.7 ended: force: thumb (for 1.2 s)"])
    }

    @Test func theGloveGoingAndComingBackAreLines() {
        var log = SessionLog(screen: Self.screen)
        _ = log.lines([], snapshot: Self.snapshot(first: 0))
        let lines = log.lines([.gloveLost(LinkProblem(LinkError.deviceVanished("/dev/ttyACM0")), deviceTimeMicros: 61_000_000),
                               .otherGlove(port: "/dev/ttyACM1", serial: "TFG-OTHER"),
                               .gloveBack(port: "/dev/ttyACM2", afterMicros: 4_300_000),
                               .linkEnded(nil)], snapshot: Self.snapshot(first: 0))
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("  01:01.0 GLOVE LOST ("), "\(lines[0])")
        #expect(lines[1] == "  another glove (TFG-OTHER) on /dev/ttyACM1 was not taken")
        #expect(lines[2] == "  the glove is back on /dev/ttyACM2 after 4.3 s")
    }
}

/// The live screen shows what the coach judged: its OVER marks, the limit it used and why, and
/// no direction for a stroke too short to judge.
@Suite struct LiveScreenVerdictTests {
    static func stroke(_ lengthCm: Double, _ direction: StrokeDirection) -> Stroke {
        Stroke(technique: .stroking, region: .leg, startMicros: 1_000_000, endMicros: 2_000_000, direction: direction,
               lengthCm: lengthCm, speedCmS: lengthCm, peakNewtons: .zero)
    }

    @Test func aStrokeTooShortToJudgeHasNoArrow() {
        var snapshot = SessionLogTests.snapshot(first: 0)
        snapshot.lastStroke = Self.stroke(0.1, .down)
        let short = SessionLogTests.screen.lines(snapshot, elapsed: 1).joined(separator: "\n")
        #expect(short.contains("too short to judge") && !short.contains("DOWN the leg"), "\(short)")
        snapshot.lastStroke = Self.stroke(12, .down)
        let long = SessionLogTests.screen.lines(snapshot, elapsed: 1).joined(separator: "\n")
        #expect(long.contains("↓ DOWN the leg · 12.0 cm"))
    }

    /// Ending the massage is offered only once another technique has been done (and closed):
    /// nine seconds of the first strokes are no session to end.
    @Test func endingIsOfferedOnceAnotherTechniqueIsDone() {
        var snapshot = SessionLogTests.snapshot(first: 0)
        #expect(LiveScreen.step(snapshot) == "start with soft stroking")
        snapshot.lastTechnique = .stroking
        #expect(LiveScreen.step(snapshot) == "stroking — go on with a technique for this age")
        snapshot.lastTechnique = .rubbing
        snapshot.unclosed = .rubbing
        snapshot.anotherTechniqueDone = true
        #expect(LiveScreen.step(snapshot) == "rubbing — close it with a few strokes")
        snapshot.lastTechnique = .stroking
        snapshot.unclosed = nil
        #expect(LiveScreen.step(snapshot) == "stroking — go on with another technique for this age, or end here")
    }

    @Test func overIsTheCoachsVerdictAndTheLimitNamesItsReason() {
        var snapshot = SessionLogTests.snapshot(first: 0)
        snapshot.limit = RuleBook.shipped.judgedLimit(.pressing, months: 2)
        snapshot.newtons[0] = 1.15  // under pressing's 1.20 N, but still warned until it falls below 90 %
        snapshot.overLimit = [true, false, false, false, false, false]
        let lines = SessionLogTests.screen.lines(snapshot, elapsed: 1)
        #expect(lines.contains { $0.hasPrefix("thumb") && $0.hasSuffix("1.20 N  OVER") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("index") && !$0.contains("OVER") })
        #expect(lines.contains { $0.contains("limit (pressing)") })
        snapshot.limit = RuleBook.shipped.judgedLimit(nil, months: 2, settled: false)
        #expect(SessionLogTests.screen.lines(snapshot, elapsed: 1).contains { $0.contains("limit (fresh touch)") })
    }
}
