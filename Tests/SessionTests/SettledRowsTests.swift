import Foundation
import Testing
@testable import TenderfootAnalysis
import TenderfootCalibration
@testable import TenderfootRules
import TenderfootSimulator
import TenderfootWire
@testable import TenderfootFaces
@testable import TenderfootSession

/// An export writes each sample with its technique and warnings in one pass: it holds the
/// samples until the analysis says they are settled. What it writes must be what hindsight
/// gives, with every episode and warning of the session known.
@Suite struct SettledRowsTests {
    /// The demo's session on the demo glove (calibrated: strokes are judged for direction, whose
    /// warnings are dated back to the stroke's start), every event of its replay with samples.
    static func demoEvents() throws -> [SessionEvent] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("settled-\(UUID().uuidString).tfrec").path
        let profile = try CalibrationProfile.load(try #require(DemoGlove.calibrationPath))
        let calibration = GloveCalibration(name: "demo", isCalibrated: true, fingers: profile.fingers.map(\.curve),
                                           imu: IMUScale(), motion: profile.motion)
        try OfflineRecording(scenario: try Scenario.named(Scenario.defaultName), serial: DemoGlove.serial, seed: 1, rateHz: 500,
                             calibration: calibration).write(to: path)
        let recording = try Recording.read(path)
        return ReplayPipeline.events(of: recording, name: "demo",
                                     options: .replaying(recording.header, rules: .shipped, emitSamples: true))
    }

    /// The device time an event is dated at, where it has one that an export row could carry.
    static func date(_ event: SessionEvent) -> UInt64? {
        switch event {
        case .sample(let sample, _): sample.deviceTimeMicros
        case .warningStarted(let warning): warning.deviceTimeMicros
        case .analysis(.episodeStarted(let episode)): episode.startMicros
        case .analysis(.episodeEnded(let episode)): episode.endMicros
        case .analysis(.stroke(let stroke)): stroke.startMicros
        case .rezeroed(let time, _), .limitChanged(_, let time), .gloveRestarted(let time, _), .samplesDropped(let time, _, _): time
        default: nil
        }
    }

    @Test func nothingAfterASettledMarkIsDatedBeforeIt() throws {
        let events = try Self.demoEvents()
        var settled: UInt64 = 0, marks = 0, checked = 0
        for event in events {
            if case .settled(let micros) = event {
                #expect(micros >= settled, "the mark only moves on")
                settled = micros
                marks += 1
            } else if let date = Self.date(event) {
                #expect(date >= settled, "\(event) is dated before the mark at \(settled)")
                checked += 1
            }
        }
        let samples = events.filter { if case .sample = $0 { true } else { false } }.count
        #expect(marks > samples / 20, "the mark moves on through the session (\(marks) marks, \(samples) samples)")
        #expect(checked > samples)
    }

    @Test func eachRowHasWhatHindsightGivesIt() throws {
        let events = try Self.demoEvents()
        // Hindsight: every episode and warning of the session, in order of time.
        var episodes: [Episode] = [], warnings: [RuleWarning] = []
        for event in events {
            if case .analysis(.episodeEnded(let episode)) = event { episodes.append(episode) }
            if case .warningStarted(let warning) = event { warnings.append(warning) }
        }
        warnings.sort { $0.deviceTimeMicros < $1.deviceTimeMicros }
        #expect(Set(episodes.map(\.technique)).count >= 3 && warnings.contains { $0.rule == .direction } && warnings.contains { $0.rule == .force })

        var rows = SettledRows(), written: [SettledRows.Row] = []
        for event in events { rows.take(event) { written.append($0) } }
        rows.finish { written.append($0) }
        let samples = events.compactMap { if case .sample(let sample, _) = $0 { sample } else { nil } }
        #expect(written.map(\.sample) == samples, "every sample, once, in order")
        #expect(rows.events == episodes.count + warnings.count)

        var next = 0
        for row in written {
            let time = row.sample.deviceTimeMicros
            let episode = episodes.first { $0.startMicros <= time && time <= ($0.endMicros ?? 0) }
            #expect(row.technique == episode?.technique, "technique at \(time)")
            var started: [RuleWarning] = []
            while next < warnings.count, warnings[next].deviceTimeMicros <= time { started.append(warnings[next]); next += 1 }
            #expect(row.warnings == started, "warnings at \(time)")
        }
        #expect(next == warnings.count, "every warning listed")
        #expect(written.contains { $0.technique == nil } && written.contains { !$0.warnings.isEmpty })
    }

    /// Held past its capacity, the oldest sample is handed on with what is known then; a warning
    /// dated before every sample still held goes on the first of them, never lost.
    @Test func pastItsCapacityTheOldestSampleGoesOnAndNothingIsLost() {
        func sample(_ index: Int) -> SessionEvent {
            .sample(Sample(sequence: UInt16(index), deviceTimeMicros: UInt64(index) * 1000, force: .zero, accel: .zero, gyro: .zero), .zero)
        }
        var rows = SettledRows(capacity: 10), written: [SettledRows.Row] = []
        rows.take(.analysis(.episodeStarted(Episode(technique: .kneading, startMicros: 0, endMicros: nil, confidence: 1)))) { written.append($0) }
        for index in 0..<15 { rows.take(sample(index)) { written.append($0) } }
        #expect(written.map(\.sample.sequence) == [0, 1, 2, 3, 4], "held no more than 10")
        #expect(written.allSatisfy { $0.technique == .kneading && $0.warnings.isEmpty })
        let late = RuleWarning(rule: .structure, subject: "late", deviceTimeMicros: 2000, value: 0, peak: 0, limit: 0, unit: "", technique: nil, tip: "")
        rows.take(.warningStarted(late)) { written.append($0) }
        rows.take(.settled(beforeMicros: 7000)) { written.append($0) }
        rows.finish { written.append($0) }
        #expect(written.map(\.sample.sequence) == (0..<15).map(UInt16.init))
        #expect(written[5].warnings == [late] && written.dropFirst(6).allSatisfy { $0.warnings.isEmpty })
    }
}
