import Foundation
import Testing
import TestSupport

/// `live` when the glove is pulled out mid-session: it says so, waits for the same glove on any
/// port, refuses another, and goes on — or ends at once with `--no-reconnect`.
@Suite(.serialized) struct ReconnectTests {
    func object(_ line: String?) -> [String: Any]? {
        line.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func liveWaitsForTheSameGloveAndGoesOn() throws {
        let link = Fixtures.temporary(".glove")
        let recording = Fixtures.temporary(".tfrec")
        var (glove, _) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json"), "--serial", "TFG-RC-0001",
                                                             "--link", link])
        let live = try BackgroundProcess(["live", "--port", link, "--age-months", "2", "--json", "--duration", "25",
                                          "--record", recording, "--no-library"])
        defer { live.stop(signal: SIGKILL) }
        #expect(live.waitForLine { $0.contains("\"type\":\"status\"") && $0.contains("\"samples\":1") } != nil)
        glove.stop()  // the virtual glove goes: its port hangs up and its link is removed
        let lost = object(live.waitForLine { $0.contains("\"type\":\"glove_lost\"") })
        #expect((lost?["reason"] as? String)?.contains("disappeared") == true)

        // Another glove on the same port is not taken.
        (glove, _) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json"), "--serial", "TFG-RC-9999",
                                                         "--link", link])
        let refused = object(live.waitForLine { $0.contains("\"type\":\"glove_refused\"") })
        #expect(refused?["serial"] as? String == "TFG-RC-9999" && refused?["port"] as? String == link)
        glove.stop()

        // The same glove, back on the same port: the session goes on.
        (glove, _) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json"), "--serial", "TFG-RC-0001",
                                                         "--link", link])
        defer { glove.stop() }
        let back = object(live.waitForLine { $0.contains("\"type\":\"glove_back\"") })
        #expect(back?["port"] as? String == link && (back?["outage_ms"] as? Double ?? 0) > 0)
        // Samples go on after the glove came back.
        let afterBack = { () -> [Int] in
            let lines = live.printed
            guard let back = lines.firstIndex(where: { $0.contains("\"type\":\"glove_back\"") }) else { return [] }
            return lines[back...].compactMap { self.object($0) }.filter { $0["type"] as? String == "status" }.compactMap { $0["samples"] as? Int }
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, (afterBack().last ?? 0) - (afterBack().first ?? 0) < 1000 { usleep(200_000) }
        let counts = afterBack()
        #expect((counts.last ?? 0) - (counts.first ?? 0) >= 1000, "samples went on after the glove came back: \(counts)")
        live.stop()
        let events = try #require(try? String(contentsOfFile: recording, encoding: .isoLatin1))
        #expect(events.contains("\"type\":\"glove_lost\"") && events.contains("\"type\":\"glove_back\""), "the recording marks the gap")
        // The recording replays across the gap: both gloves' samples, in one time line.
        let replay = try BuiltBinary.run(["replay", recording, "--fast", "--json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let status = object(replay.lines.last { $0.contains("\"type\":\"status\"") })
        #expect((status?["samples"] as? Int ?? 0) >= (counts.last ?? 0), "the replay analyses at least what live did")
        #expect((status?["restarts"] as? Int ?? 0) >= 1, "the glove's restart is seen in the recorded bytes")
        // Said at the sample that showed it (the refused glove's frames restart the sequence too,
        // with no sample of theirs: the next sample says both), the same every time it is read.
        let restarted = replay.lines.filter { $0.contains("\"type\":\"glove_restarted\"") }.compactMap(object)
        #expect(!restarted.isEmpty && restarted.last?["restarts"] as? Int == status?["restarts"] as? Int, "\(restarted)")
        for _ in 0..<2 {
            let again = try BuiltBinary.run(["replay", recording, "--fast", "--json"])
            #expect(again.stdout == replay.stdout, "a recording replays the same lines every time")
        }
        // However far ahead of the analysis the reader is: paced, it is hardly ahead; fast, it is
        // past the reboot, and the new boot's glove STATUS frames wait for its samples.
        let paced = try BuiltBinary.run(["replay", recording, "--speed", "20", "--json"])
        #expect(paced.stdout == replay.stdout, "a paced replay says what a fast one says")
        let exported = try BuiltBinary.run(["export", recording, "--events", "--format", "jsonl"])
        let eventsAgain = try BuiltBinary.run(["export", recording, "--events", "--format", "jsonl"])
        #expect(exported.status == 0 && exported.stdout == eventsAgain.stdout, "its events export the same every time")
    }

    @Test func noReconnectEndsTheSessionWhenTheGloveGoes() throws {
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json")])
        let started = Date()
        let stopper = Thread { usleep(2_000_000); glove.stop() }
        stopper.start()
        let live = try BuiltBinary.run(["live", "--port", port, "--age-months", "2", "--json", "--duration", "20", "--no-reconnect"])
        #expect(live.status != 0)
        #expect(live.stderr.contains("disappeared"), "\(live.stderr)")
        #expect(Date().timeIntervalSince(started) < 15, "it ended when the glove went, not at --duration")
    }
}
