import Foundation
import Testing
import TenderfootRules
import TenderfootSession
import TenderfootSimulator
import TenderfootWire
@testable import TenderfootWeb

/// A glove's channel to its pages, on a recording replayed at its own pace: a page that reads
/// keeps every frame and gets the session's summary, the score the library gives the same
/// recording; a page that never reads loses its oldest frames, counted, and holds nobody up.
@Suite struct TrainerChannelTests {
    @Test func aPageThatNeverReadsLosesFramesCountedAndTheOtherKeepsEvery() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tenderfoot-\(UUID().uuidString)-channel.tfrec").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try OfflineRecording(scenario: try Scenario.named("first-session"), serial: "TFG-WEB-0001", seed: 3, rateHz: 500,
                                 seconds: 4, calibration: .nominal()).write(to: path)
        let recording = try Recording.read(path)
        let options = LiveSession.Options.replaying(recording.header, rules: .shipped, emitSamples: true)
        let pipeline = ReplayPipeline(recording, name: path, clock: ReplayClock(pace: .speed(1)), options: options, besideSubscribers: 1)
        let channel = TrainerChannel(
            id: "0",
            details: TrainerDetails(header: recording.header, rules: .shipped, ageMonths: options.ageMonths, calibrated: false,
                                    firstSession: options.firstSession, replay: true),
            elapsed: { 0 })
        let stuck = channel.watch()  // never read
        let reading = channel.watch()
        channel.start(pipeline.beside[0])
        let reader = Task {
            var texts: [String] = []
            for await text in reading.frames {
                texts.append(text)
                if text.hasPrefix("{\"type\":\"summary\"") { break }
            }
            return texts
        }
        // The replay plays to its end (about 4 s at its own pace: some 100 frames, twice a page's backlog).
        var ended = false
        while !ended { ended = pipeline.events.takeEvents(timeout: 1).contains { if case .linkEnded = $0 { true } else { false } } }
        pipeline.close()
        channel.stop()
        let messages = await reader.value.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        _ = stuck

        let frames = messages.filter { $0["type"] as? String == "frame" }.compactMap { $0["seq"] as? Int }
        #expect(frames.count > TrainerChannel.pageBacklog * 3 / 2, "\(frames.count) frames")
        #expect(frames == Array(frames.indices), "the reading page got every frame, in order")
        #expect(channel.framesDropped > 0 && channel.framesDropped <= UInt64(frames.count - TrainerChannel.pageBacklog + 2),
                "the stuck page's overflow is counted: \(channel.framesDropped)")
        let summary = try #require(messages.last, "a summary at the end")
        #expect(summary["type"] as? String == "summary")
        #expect(summary["score"] as? Int == SessionReview.of(recording, name: path, rules: .shipped).score.total,
                "the page's score is the library's for the same recording")
        #expect(channel.report?.contains("<html") == true)
    }

    /// `--wait-for-page` waits for a page that says it watches: a socket that only connects
    /// does not start the session, and giving up returns false.
    @Test func theSessionWaitsForAPageThatSaysItWatches() throws {
        let header = RecordingHeader(softwareVersion: "test", info: DeviceInfo(firmware: FirmwareVersion(1, 0, 0), sampleRateHz: 500, maxSampleRateHz: 2000, serialNumber: "TFG-WEB-0002", model: "Virtual Glove"), port: "test",
                                     ageMonths: 4, calibration: "nominal", calibrated: false, trainee: nil)
        let channel = TrainerChannel(id: "0", details: TrainerDetails(header: header, rules: .shipped, ageMonths: 4, calibrated: false,
                                                                        firstSession: false, replay: false),
                                     elapsed: { 0 })
        let connectedOnly = channel.watch()
        var asked = 0
        #expect(!channel.waitForAPage { asked += 1; return asked < 3 }, "a socket that never says it watches is not a page")
        #expect(asked == 3)
        let page = channel.watch()
        channel.pageWatches()
        #expect(channel.waitForAPage { true })
        _ = (connectedOnly, page)
    }
}
