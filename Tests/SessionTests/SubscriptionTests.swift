import Foundation
import Testing
import TenderfootCalibration
import TenderfootFaces
import TenderfootLink
import TenderfootRules
import TenderfootSimulator
import TenderfootWire
@testable import TenderfootSession

/// Faces subscribe to a session: each has its own queue, cursor and peaks; a stalled one loses
/// only its own events and never changes what another receives.
@Suite struct SubscriptionTests {
    /// A session over a recording of `scenario`, replayed as fast as it goes, not started yet.
    static func session(_ scenario: String, seconds: Double? = nil, emitSamples: Bool = false) throws -> (LiveSession, GloveConnection, Recording) {
        let (recording, _) = try ReplayPipelineTests.offline(scenario, rate: 500, seconds: seconds)
        let transport = RecordingTransport(recording, name: "subscribers", clock: ReplayClock(pace: .fast))
        let connection = GloveConnection(transport: transport, overflow: .wait)
        let options = LiveSession.Options.replaying(recording.header, rules: .shipped, emitSamples: emitSamples)
        return (LiveSession(connection: connection, options: options), connection, recording)
    }

    /// Reads every subscription in `reading` until each has seen the session's end.
    static func drain(_ reading: [SessionSubscription]) -> [[SessionEvent]] {
        var events = Array(repeating: [SessionEvent](), count: reading.count)
        var done = Array(repeating: false, count: reading.count)
        while done.contains(false) {
            for (index, subscription) in reading.enumerated() where !done[index] {
                let batch = subscription.takeEvents(timeout: 0.01)
                events[index] += batch
                if batch.contains(where: \.isLinkEnded) { done[index] = true }
            }
        }
        return events
    }

    @Test func twoFacesOnOneSessionReceiveIdenticalEvents() throws {
        let (session, connection, recording) = try Self.session("first-session")
        let screen = session.subscribe(overflow: .wait), web = session.subscribe(overflow: .wait)
        session.start()
        let events = Self.drain([screen, web])
        connection.close()
        session.stop()
        #expect(events[0] == events[1])
        #expect(events[0].contains { if case .warningStarted = $0 { true } else { false } })
        // And they are the events a replay of the same recording gives.
        #expect(events[0] == ReplayPipeline.events(of: recording, name: "subscribers", options: session.options))
        #expect(screen.droppedEvents == 0 && web.droppedEvents == 0)
    }

    @Test func aStalledFaceLosesOnlyItsOwnEventsAndSaysHowMany() throws {
        let (session, connection, _) = try Self.session("first-session")
        let stalled = session.subscribe(capacity: 8, overflow: .drop)
        let reader = session.subscribe(overflow: .wait)
        session.start()
        let events = Self.drain([reader])[0]
        connection.close()
        session.stop()
        let (unstalled, otherConnection, recording) = try Self.session("first-session")
        let alone = unstalled.subscribe(overflow: .wait)
        unstalled.start()
        let reference = Self.drain([alone])[0]
        otherConnection.close()
        unstalled.stop()
        _ = recording
        #expect(events == reference, "what the reading face gets does not depend on the stalled one")
        let kept = stalled.takeEvents()
        #expect(kept == Array(reference.prefix(8)), "the stalled face keeps what fitted, in order")
        #expect(stalled.droppedEvents == UInt64(reference.count - 8))
        #expect(stalled.snapshot().droppedEvents == UInt64(reference.count - 8), "its snapshot says how many it lost")
        #expect(reader.snapshot().droppedEvents == 0)
    }

    @Test func eachFaceHasItsOwnPeaks() throws {
        let (session, connection, _) = try Self.session("first-session", emitSamples: true)
        let screen = session.subscribe(overflow: .wait), log = session.subscribe(overflow: .wait)
        session.start()
        let events = Self.drain([screen, log])[0]
        connection.close()
        session.stop()
        let totals = events.compactMap { if case .sample(_, let newtons) = $0 { newtons.total } else { nil } }
        let highest = try #require(totals.max())
        let last = try #require(totals.last)
        #expect(highest > last + 0.5, "the press is over before the end")
        // The screen takes its frame: its peaks start again. The log's are untouched.
        #expect(abs(screen.snapshot().total - highest) < 1e-9)
        #expect(abs(screen.snapshot().total - last) < 1e-9, "with no new sample a snapshot shows the latest forces")
        #expect(abs(log.snapshot(keepingPeaks: true).total - highest) < 1e-9)
    }

    /// Every force warning names the limit in force when it began, as the session's own limit
    /// events say, and that limit is the rule book's for the reason it gives.
    @Test func everyWarningNamesTheLimitItWasJudgedBy() throws {
        for (scenario, months) in [("first-session", 2.0), ("six-months", 6.0), ("gentle-newborn", 1.0)] {
            let (recording, _) = try ReplayPipelineTests.offline(scenario, rate: 500)
            let options = LiveSession.Options.replaying(recording.header, rules: .shipped, ageMonths: months)
            var current: JudgedLimit?
            var checked = 0
            for event in ReplayPipeline.events(of: recording, name: scenario, options: options) {
                switch event {
                case .limitChanged(let limit, _):
                    current = limit
                    let basis = limit.basis
                    let expected = RuleBook.shipped.judgedLimit(basis.reason == .freshTouch ? nil : basis.technique, months: months,
                                                                settled: basis.reason != .freshTouch)
                    #expect(limit == expected, "\(scenario): \(limit)")
                case .warningStarted(let warning) where warning.rule == .force:
                    let limit = try #require(current)
                    #expect(warning.basis == limit.basis, "\(scenario): \(warning.summary)")
                    #expect(warning.limit == (warning.finger == nil ? limit.totalNewtons : limit.fingertipNewtons))
                    #expect(warning.summary.contains(limit.basis.text))
                    checked += 1
                default: break
                }
            }
            if scenario == "first-session" { #expect(checked > 0) }
        }
    }

    /// An analysis that falls behind the glove loses samples at the ring; that is an event every
    /// face shows (the JSON line, the log's words, the screen's notice), with how many.
    @Test func samplesDroppedAtTheRingAreAnEventWithTheirCount() throws {
        let (recording, _) = try ReplayPipelineTests.offline("first-session", rate: 500, seconds: 10)
        let transport = RecordingTransport(recording, name: "behind", clock: ReplayClock(pace: .fast))
        let connection = GloveConnection(transport: transport, ringCapacity: 64, overflow: .drop)
        // The reader runs through the whole recording before the analysis starts: all but the
        // ring's 64 samples find it full.
        let deadline = ContinuousClock.now + .seconds(60)
        while connection.counters.decoder.samples < 5000 && ContinuousClock.now < deadline { usleep(1000) }
        let dropped = connection.counters.ringOverflows
        #expect(dropped >= 4900, "\(connection.counters)")
        let session = LiveSession(connection: connection, options: .replaying(recording.header, rules: .shipped))
        let reader = session.subscribe(overflow: .wait)
        session.start()
        let events = Self.drain([reader])[0]
        connection.close()
        session.stop()
        let drops = events.compactMap { event -> (UInt64, UInt64)? in
            if case .samplesDropped(_, let count, let total) = event { (count, total) } else { nil }
        }
        #expect(drops.count == 1, "said once, with every drop counted: \(drops)")
        #expect(drops.first.map { $0.0 == dropped && $0.1 == dropped } == true)
        let event = try #require(events.first { if case .samplesDropped = $0 { true } else { false } })
        #expect(SessionEventJSON.line(event)?.contains(#""type":"samples_dropped""#) == true)
        #expect(SessionEventJSON.line(event)?.contains(#""count":\#(dropped),"total":\#(dropped)"#) == true)
        var screen = LiveScreen(gloveSerial: "S", gloveModel: "M", ageMonths: 2, bandLabel: "0-3 months", calibration: .nominal(),
                                calibrationNotice: nil, recordingPath: nil)
        screen.linkNotice = event.linkNotice
        #expect(screen.headerLines(provisionalLimits: false).contains("! the analysis fell behind: \(dropped) samples dropped "
                                                                      + "(\(dropped) this session); close other programs, or lower --rate"))
        var log = SessionLog(screen: screen)
        #expect(log.lines([event], snapshot: reader.snapshot()).contains { $0.hasSuffix("the analysis fell behind: \(dropped) samples dropped "
                                                                                     + "(\(dropped) this session); close other programs, or lower --rate") })
    }
}
