import Foundation
import Testing
import TestSupport

/// The live trainer in a browser: Debian's Chromium driven by Playwright (`Tests/Python/check_trainer.py`)
/// watches the page of a demo session, and what it shows is checked against the frames it drew
/// and the session's own JSON lines.
@Suite(.serialized, .enabled(if: (ResearchPython.available && Chromium.available) || (ResearchPython.required && Chromium.required),
                             "needs .build/python with playwright and Debian's chromium (make test brings both)"))
struct WebTests {
    /// Starts `arguments` (a session with `--web`) and returns it with the address it printed.
    static func serving(_ arguments: [String]) throws -> (ChildProcess, String) {
        let child = try ChildProcess(BuiltBinary.url.path, arguments, environment: BuiltBinary.environment(), stdout: .pipe, stderr: .pipe)
        let printed = child.read(timeout: 60) { String(decoding: $0.stderr, as: UTF8.self).contains("\n") }
        let line = String(decoding: printed.stderr, as: UTF8.self)
        guard let range = line.range(of: #"http://\S+"#, options: .regularExpression) else {
            child.killAndReap()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no address printed: \(line)"])
        }
        return (child, String(line[range]))
    }

    /// Runs `check_trainer.py` with `arguments`. What it noted on the way (a browser it had to
    /// start again) goes to the test log even when the check passes, so CI shows how often.
    static func browserCheck(_ arguments: [String]) throws -> BuiltBinary.Result {
        let check = try ResearchPython.run("check_trainer.py", arguments)
        for note in check.stderr.split(separator: "\n") where note.hasPrefix("check_trainer:") { print(note) }
        return check
    }

    /// The JSON objects a session printed, one per line.
    static func jsonLines(_ output: Data) -> [[String: Any]] {
        String(decoding: output, as: UTF8.self).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Each warning the session gave, as it read when it ended (a force warning's message
    /// carries its peak, which grows while the warning lasts; the page keeps it on screen then).
    static func warningsAsTheyEnded(_ lines: [[String: Any]]) -> [(rule: String, message: String, tip: String)] {
        lines.filter { $0["type"] as? String == "warning" }.compactMap { warning in
            func same(_ key: String, _ other: [String: Any]) -> Bool { (other[key] as? NSObject) == (warning[key] as? NSObject) }
            let ended = lines.last { $0["type"] as? String == "warning_end" && same("rule", $0) && same("subject", $0) && same("t_us", $0) }
            guard let rule = warning["rule"] as? String, let message = (ended ?? warning)["message"] as? String,
                  let tip = warning["tip"] as? String else { return nil }
            return (rule, message, tip)
        }
    }

    @Test func theDemoInABrowserShowsWhatTheSessionSaysAndSoundsEachKindOfWarning() throws {
        // The glove starts once the page watches: the page sees the session from its first sample.
        let (demo, address) = try Self.serving(["demo", "--scenario", Fixtures.path("web-2m.json"), "--web", "--wait-for-page",
                                                 "--listen", "127.0.0.1:0", "--json", "--skip-checklist"])
        defer { demo.killAndReap() }
        #expect(address.hasPrefix("http://127.0.0.1:"), "loopback by default: \(address)")
        let watched = Fixtures.temporary("-watch.json")
        // Beside the page, a WebSocket client that never reads.
        let check = try Self.browserCheck(["watch", address, watched, "stuck"])
        print(check.stdout)
        #expect(check.status == 0 && check.stdout.hasPrefix("trainer ok:"), "\(check.stdout)\(check.stderr)")
        let printed = demo.read(timeout: 60)
        #expect(try demo.finish(timeout: 30) == 0)
        let page = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: watched))) as? [String: Any])
        // Every warning the session gave was on the page, with its advice in full.
        let shown = try #require(page["warnings"] as? [String: String])
        let lines = Self.jsonLines(printed.stdout)
        let given = Self.warningsAsTheyEnded(lines)
        #expect(Set(given.map(\.rule)) == ["force", "direction", "technique"], "the fixture's three kinds")
        for warning in given {
            #expect(shown[warning.message] == warning.tip, "\(warning.message) was shown with its tip: \(shown)")
        }
        // A cue for each kind, and the "good" one after strokes up the leg; the click turned the sound on.
        let cues = Set((page["cues"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
        #expect(cues.isSuperset(of: ["force", "direction", "technique", "good"]), "\(cues)")
        #expect(page["audio"] as? String == "running")
        #expect((page["elsewhere"] as? [String])?.isEmpty == true, "nothing fetched from elsewhere: \(page["elsewhere"] ?? "")")
        #expect((page["errors"] as? [String])?.isEmpty == true, "no script errors: \(page["errors"] ?? "")")
        #expect(page["banner"] as? String == "Session ended.")
        // The client that never read slowed neither the analysis nor the page: the page missed
        // no frame, and no sample or event was dropped on the way.
        #expect(page["missed"] as? Int == 0, "the page missed frames: \(page["missed"] ?? "")")
        let stats = try #require((page["stats"] as? [[String: Any]])?.first)
        print("delivery: \(stats)")
        #expect(stats["pages"] as? Int == 2 && (stats["drawn"] as? Int ?? 0) > 0, "\(stats)")
        let lastStatus = lines.last { $0["type"] as? String == "status" }
        #expect(lastStatus?["events_dropped"] == nil && lastStatus?["ring_overflows"] as? Int == 0, "\(String(describing: lastStatus))")
        // At the end, the session's summary (score, its six parts, what to work on) and its report.
        let summary = try #require(page["summary"] as? [String: Any], "a summary after the session")
        let drawn = try #require(page["summary_shown"] as? [String: Any])
        #expect(drawn["score"] as? String == "\(summary["score"] as? Int ?? -1)")
        #expect(drawn["parts"] as? Int == 6 && (drawn["improvements"] as? [String])?.isEmpty == false, "\(drawn)")
        #expect(page["report_status"] as? Int == 200, "the report was served")
        // The thumb went red during the hard press; the page showed every technique, in the session's order.
        #expect(page["red_thumb"] as? Bool == true)
        // The plot drew the total's limit as it changed with the technique, in steps (each look
        // checked every step against the limit that stood at its moment).
        #expect(page["limit_steps"] as? Int ?? 0 >= 2, "the plot's total limit changed within 10 s: \(page["limit_steps"] ?? "")")
        let episodes = lines.filter { $0["type"] as? String == "technique" }.compactMap { $0["technique"] as? String }
        #expect(episodes.count >= 4, "the fixture's episodes: \(episodes)")
        var seen = (page["techniques"] as? [String] ?? [])[...]
        for technique in episodes {
            guard let at = seen.firstIndex(of: technique) else {
                Issue.record("the page never showed \(technique) after the ones before it: \(page["techniques"] ?? "") for \(episodes)")
                break
            }
            seen = seen[(at + 1)...]
        }
    }

    /// `--wait-for-page` holds the glove until a page watches; Ctrl-C before one does ends
    /// cleanly, says the session did not start, and leaves no recording behind.
    @Test func withNoPageTheSessionDoesNotStartAndCtrlCSaysSo() throws {
        let recording = Fixtures.temporary(".tfrec")
        let demo = try ChildProcess(BuiltBinary.url.path, ["demo", "--web", "--wait-for-page", "--listen", "127.0.0.1:0", "--json",
                                                           "--skip-checklist", "--record", recording],
                                    environment: BuiltBinary.environment(), stdout: .pipe, stderr: .pipe)
        defer { demo.killAndReap() }
        let waiting = demo.read(timeout: 60) { String(decoding: $0.stderr, as: UTF8.self).contains("Ctrl-C to give up") }
        #expect(String(decoding: waiting.stderr, as: UTF8.self).contains("The session starts when a browser page opens the trainer"))
        demo.signal(SIGINT)
        let rest = demo.read(timeout: 60)
        #expect(demo.wait(timeout: 30) == 0)
        #expect(String(decoding: rest.stderr, as: UTF8.self).contains("no browser page opened the trainer: the session did not start"),
                "\(String(decoding: rest.stderr, as: UTF8.self))")
        #expect(waiting.stdout.isEmpty && rest.stdout.isEmpty, "no session was printed")
        #expect(!FileManager.default.fileExists(atPath: recording), "no recording of a session that never started")
    }

    /// A replay in the browser: the recording's warnings, marked as a replay.
    @Test func aReplayIsShownInTheBrowserToo() throws {
        let recording = Fixtures.temporary(".tfrec")
        #expect(try BuiltBinary.run(["simulate", "--scenario", Fixtures.path("press-2m.json"), "--record", recording, "--seconds", "8"]).status == 0)
        let (replay, address) = try Self.serving(["replay", recording, "--web", "--wait-for-page", "--listen", "127.0.0.1:0", "--json"])
        defer { replay.killAndReap() }
        let watched = Fixtures.temporary("-replay.json")
        let check = try Self.browserCheck(["watch", address, watched])
        #expect(check.status == 0 && check.stdout.hasPrefix("trainer ok:"), "\(check.stdout)\(check.stderr)")
        let printed = replay.read(timeout: 60)
        #expect(try replay.finish(timeout: 30) == 0)
        let page = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: watched))) as? [String: Any])
        #expect((page["hello"] as? [String: Any])?["replay"] as? Bool == true)
        let warned = Self.warningsAsTheyEnded(Self.jsonLines(printed.stdout)).map(\.message)
        #expect(!warned.isEmpty && Set(warned).isSubset(of: Set((page["warnings"] as? [String: String] ?? [:]).keys)), "\(warned)")
    }

    /// Beyond loopback every request needs the token the address carries.
    @Test func beyondLoopbackTheTrainerAsksForItsToken() throws {
        // The demo waits for the page, so a browser that has to be started again still finds it.
        let (demo, address) = try Self.serving(["demo", "--web", "--wait-for-page", "--listen", "0.0.0.0:0", "--json", "--skip-checklist"])
        defer { demo.killAndReap() }
        let token = try #require(address.range(of: #"\?token=[0-9a-f]{32}$"#, options: .regularExpression), "a 128-bit token: \(address)")
        // One of this machine's own addresses is printed (its name only when it has none), and
        // the page is reached at it.
        let machine = Host.current().addresses.filter { !$0.contains(":") && !$0.hasPrefix("127.") && !$0.hasPrefix("169.254.") }
        if !machine.isEmpty {
            #expect(machine.contains { address.hasPrefix("http://\($0):") }, "printed at one of \(machine): \(address)")
        }
        let port = try #require(address.range(of: #":[0-9]+/"#, options: .regularExpression))
        let reachable = machine.first ?? "127.0.0.1"
        let check = try Self.browserCheck(["token", "http://\(reachable)" + address[port] + address[token]])
        #expect(check.status == 0 && check.stdout.hasPrefix("token ok"), "\(check.stdout)\(check.stderr)")
    }

    @Test(arguments: [
        (["demo", "--web", "--listen", "0.0.0.0:70000"], "--listen 0.0.0.0:70000 is not HOST:PORT"),
        (["demo", "--web", "--listen", "8470"], "--listen 8470 is not HOST:PORT"),
        (["demo", "--listen", "0.0.0.0:8470"], "--listen and --web-token go with --web"),
        (["demo", "--web", "--web-token", "short"], "--web-token must be at least 8"),
        (["demo", "--web-only", "--json"], "--web-only shows the session in the browser alone"),
        (["demo", "--wait-for-page"], "--wait-for-page goes with --web or --web-only"),
    ])
    func badWebOptionsSayWhatToDo(arguments: [String], message: String) throws {
        let result = try BuiltBinary.run(arguments)
        #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
    }

    /// A port already taken is said in one line, before the session starts.
    @Test func aPortInUseIsSaidInOneLine() throws {
        let (first, address) = try Self.serving(["demo", "--web", "--listen", "127.0.0.1:0", "--json", "--skip-checklist"])
        defer { first.killAndReap() }
        let port = try #require(address.split(separator: ":").last?.split(separator: "/").first)
        let second = try BuiltBinary.run(["demo", "--web", "--listen", "127.0.0.1:\(port)", "--json", "--skip-checklist"])
        #expect(second.status != 0 && second.stderr.contains("cannot listen on 127.0.0.1:\(port)")
                && second.stderr.contains("give another port with --listen"), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1, "one line: \(second.stderr)")
    }

    /// Six gloves at once: a tile each, a click opens a trainee's trainer, a glove pulled out
    /// shows GLOVE LOST on its tile and comes back, and each session is recorded in the library.
    @Test func aClassroomOfSixGlovesShowsATileEachAndKeepsEverySession() throws {
        let trainees = ["Ada", "Ben", "Cleo", "Dev", "<script>Eli</script>", "Fay"]  // a name is text, never markup
        let links = trainees.map { _ in Fixtures.temporary(".glove") }
        func glove(_ index: Int) throws -> BackgroundProcess {
            try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json"), "--serial", "TFG-CLASS-000\(index)",
                                                "--seed", String(index + 1), "--link", links[index]]).glove
        }
        var gloves = try trainees.indices.map(glove)
        defer { gloves.forEach { $0.stop() } }
        let library = Fixtures.temporary("-class-library")
        // It runs until Ctrl-C (no --duration: on a loaded CI machine the checks below took longer
        // than the 60 s it had, and the server closed under the page opened to see the lost glove).
        let (classroom, address) = try Self.serving(["classroom", "--rate", "200", "--age-months", "2",
                                                      "--skip-checklist", "--listen", "127.0.0.1:0", "--library", library]
                                                     + zip(links, trainees).flatMap { ["--port", $0, "--trainee", $1] })
        defer { classroom.killAndReap() }
        let watched = Fixtures.temporary("-classroom.json")
        let check = try Self.browserCheck(["classroom", address, "6", watched])
        print(check.stdout)
        #expect(check.status == 0 && check.stdout.hasPrefix("classroom ok: 6 tiles"), "\(check.stdout)\(check.stderr)")
        let page = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: watched))) as? [String: Any])
        let titles = (page["tiles"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles == trainees, "a tile per trainee, in the roster's order: \(titles)")
        let opened = page["opened"] as? [String: Any]
        #expect(titles.first == opened?["trainee"] as? String, "the first tile opened its trainee's trainer: \(String(describing: opened))")

        // Cleo's glove is pulled out, then plugged in again.
        gloves[2].stop()
        let lost = try Self.browserCheck(["tile", address, "2", "lost"])
        #expect(lost.status == 0, "\(lost.stdout)\(lost.stderr)")
        gloves[2] = try glove(2)
        let back = try Self.browserCheck(["tile", address, "2", "back"])
        #expect(back.status == 0, "\(back.stdout)\(back.stderr)")

        classroom.signal(SIGINT)
        let printed = classroom.read(timeout: 60)
        #expect(classroom.wait(timeout: 60) == 0, "\(String(decoding: printed.stderr, as: UTF8.self))")
        let summary = String(decoding: printed.stdout, as: UTF8.self)
        for trainee in trainees { #expect(summary.contains("\(trainee) (glove TFG-CLASS-"), "\(trainee)'s session summed up: \(summary)") }
        let sessions = try BuiltBinary.run(["sessions", "--json", "--library", library])
        #expect(sessions.status == 0, "\(sessions.stderr)")
        let recorded = sessions.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(Set(recorded.compactMap { $0["trainee"] as? String }) == Set(trainees), "a recording per glove in the library: \(sessions.stdout)")
    }

    /// A roster file seats the class: each line's glove, trainee and baby's age, comments and
    /// blank lines skipped; each session is summed up under its trainee and recorded with its age.
    @Test func aRosterFileSeatsTheClass() throws {
        let links = [Fixtures.temporary(".glove"), Fixtures.temporary(".glove")]
        let gloves = try links.enumerated().map { index, link in
            try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json"), "--serial", "TFG-ROSTER-0\(index)",
                                                "--seed", String(index + 7), "--link", link]).glove
        }
        defer { gloves.forEach { $0.stop() } }
        let roster = Fixtures.temporary("-roster.txt")
        try """
            # Tuesday's class
            \(links[0]), Gwen, 2

            \(links[1]) , Hal Smith , 7.5   # the older baby
            """.write(toFile: roster, atomically: true, encoding: .utf8)
        let library = Fixtures.temporary("-roster-library")
        let result = try BuiltBinary.run(["classroom", "--roster", roster, "--rate", "200", "--duration", "4", "--skip-checklist",
                                          "--listen", "127.0.0.1:0", "--library", library], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Gwen (glove TFG-ROSTER-00):") && result.stdout.contains("Hal Smith (glove TFG-ROSTER-01):"), "\(result.stdout)")
        let sessions = try BuiltBinary.run(["sessions", "--json", "--library", library])
        let recorded = sessions.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let ages = Dictionary(uniqueKeysWithValues: recorded.compactMap { row in (row["trainee"] as? String).map { ($0, row["ageMonths"] as? Double) } })
        #expect(ages == ["Gwen": 2, "Hal Smith": 7.5], "each trainee recorded with the roster's age: \(sessions.stdout)")
    }

    @Test(arguments: [
        ("/dev/null, Ann", "line 1 is not PORT, TRAINEE, AGE_MONTHS"),
        ("# nobody yet\n\n", "names no glove"),
        ("/dev/null, Ann, 2\n/dev/null, Bo, 200", "line 2 is not PORT, TRAINEE, AGE_MONTHS (0 to 120)"),
        ("/dev/null, , 2", "line 1 is not PORT, TRAINEE, AGE_MONTHS"),
    ])
    func aBadRosterSaysWhichLineAndWhatToDo(text: String, message: String) throws {
        let roster = Fixtures.temporary("-roster.txt")
        try text.write(toFile: roster, atomically: true, encoding: .utf8)
        let result = try BuiltBinary.run(["classroom", "--roster", roster, "--skip-checklist", "--listen", "127.0.0.1:0"])
        #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test(arguments: [
        (["classroom", "--roster", "/nonexistent/roster.txt"], "cannot read the roster /nonexistent/roster.txt"),
        (["classroom", "--roster", "r.txt", "--port", "auto"], "give --roster, or --port with --trainee and --age-months, not both"),
        (["classroom", "--port", "auto", "--port", "/dev/ttyACM0", "--age-months", "2"], "--port auto finds every glove: give it alone"),
        (["classroom", "--port", "auto", "--age-months", "2", "--trainee", "Ann"], "no --trainee (use a roster to name them)"),
        (["classroom", "--port", "/dev/a", "--port", "/dev/b", "--trainee", "Ann", "--age-months", "2"], "give one --trainee per --port (2)"),
        (["classroom", "--port", "/dev/a"], "give the babies' --age-months"),
    ])
    func badClassroomOptionsSayWhatToDo(arguments: [String], message: String) throws {
        let result = try BuiltBinary.run(arguments + ["--skip-checklist"])
        #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
    }
}
