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

    @Test func theDemoInABrowserShowsWhatTheSessionSaysAndSoundsEachKindOfWarning() throws {
        let (demo, address) = try Self.serving(["demo", "--scenario", Fixtures.path("web-2m.json"), "--web", "--web-port", "0",
                                                 "--json", "--skip-checklist"])
        defer { demo.killAndReap() }
        #expect(address.hasPrefix("http://127.0.0.1:"), "loopback by default: \(address)")
        let watched = Fixtures.temporary("-watch.json")
        let check = try ResearchPython.run("check_trainer.py", ["watch", address, watched])
        print(check.stdout)
        #expect(check.status == 0 && check.stdout.hasPrefix("trainer ok:"), "\(check.stdout)\(check.stderr)")
        let printed = demo.read(timeout: 60)
        #expect(try demo.finish(timeout: 30) == 0)
        let page = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: watched))) as? [String: Any])
        // Every warning the session gave was on the page, with its advice in full.
        let shown = try #require(page["warnings"] as? [String: String])
        let given = String(decoding: printed.stdout, as: UTF8.self).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["type"] as? String == "warning" }
        #expect(Set(given.compactMap { $0["rule"] as? String }) == ["force", "direction", "technique"], "the fixture's three kinds")
        for warning in given {
            let message = try #require(warning["message"] as? String)
            #expect(shown[message] == warning["tip"] as? String, "\(message) was shown with its tip: \(shown)")
        }
        // A cue for each kind, and the "good" one after strokes up the leg; the click turned the sound on.
        let cues = Set(page["cues"] as? [String] ?? [])
        #expect(cues.isSuperset(of: ["force", "direction", "technique", "good"]), "\(cues)")
        #expect(page["audio"] as? String == "running")
        #expect((page["elsewhere"] as? [String])?.isEmpty == true, "nothing fetched from elsewhere: \(page["elsewhere"] ?? "")")
        #expect((page["errors"] as? [String])?.isEmpty == true, "no script errors: \(page["errors"] ?? "")")
        #expect(page["banner"] as? String == "Session ended.")
    }

    /// Beyond loopback every request needs the token the address carries.
    @Test func beyondLoopbackTheTrainerAsksForItsToken() throws {
        let (demo, address) = try Self.serving(["demo", "--web", "--web-host", "0.0.0.0", "--web-port", "0", "--json", "--skip-checklist"])
        defer { demo.killAndReap() }
        let token = try #require(address.range(of: #"\?token=[0-9a-f]{32}$"#, options: .regularExpression), "a 128-bit token: \(address)")
        // This machine's name is printed; the test reaches it on loopback.
        let port = try #require(address.range(of: #":[0-9]+/"#, options: .regularExpression))
        let local = "http://127.0.0.1" + address[port] + address[token]
        let check = try ResearchPython.run("check_trainer.py", ["token", local])
        #expect(check.status == 0 && check.stdout.hasPrefix("token ok"), "\(check.stdout)\(check.stderr)")
    }

    @Test(arguments: [
        (["demo", "--web", "--web-port", "70000"], "--web-port 70000 is out of range"),
        (["demo", "--web-host", "0.0.0.0"], "--web-port, --web-host and --web-token go with --web"),
        (["demo", "--web", "--web-token", "short"], "--web-token must be at least 8"),
        (["demo", "--web-only", "--json"], "--web-only shows the session in the browser alone"),
    ])
    func badWebOptionsSayWhatToDo(arguments: [String], message: String) throws {
        let result = try BuiltBinary.run(arguments)
        #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
    }

    /// A port already taken is said in one line, before the session starts.
    @Test func aPortInUseIsSaidInOneLine() throws {
        let (first, address) = try Self.serving(["demo", "--web", "--web-port", "0", "--json", "--skip-checklist"])
        defer { first.killAndReap() }
        let port = try #require(address.split(separator: ":").last?.split(separator: "/").first)
        let second = try BuiltBinary.run(["demo", "--web", "--web-port", String(port), "--json", "--skip-checklist"])
        #expect(second.status != 0 && second.stderr.contains("cannot listen on 127.0.0.1:\(port)")
                && second.stderr.contains("give another --web-port"), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1, "one line: \(second.stderr)")
    }
}
