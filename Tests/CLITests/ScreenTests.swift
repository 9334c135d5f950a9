import Foundation
import Testing
import TestSupport

/// The live screen as a person sees it: `live` runs in tmux against the virtual glove, and the
/// test reads the pane.
@Suite(.serialized) struct ScreenTests {
    /// Runs a tmux command through the shell and returns what it printed. (Through `system`:
    /// a tmux server started from Foundation's Process does not outlive its client.)
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = Fixtures.temporary(".tmux.txt")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system("tmux \(quoted) > '\(output)' 2>/dev/null")
        guard status == 0 else { return "" }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// The pane's text once it contains `text`, or after `seconds`.
    func readPane(_ session: String, until text: String, seconds: Double) throws -> String {
        var screen = ""
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            screen = try tmux(["capture-pane", "-p", "-t", session])
            if screen.contains(text) { break }
            usleep(100_000)
        }
        return screen
    }

    @Test func theLiveScreenShowsForcesTheLimitAndAWarning() throws {
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("press-2m.json"), "--seed", "4"])
        defer { glove.stop() }
        let session = "tenderfoot-test-\(getpid())"
        try tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "36",
                      "\(BuiltBinary.url.path) live --port \(port) --age-months 2 --quiet --duration 12; sleep 30"])
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        // First the contraindications, waiting for Enter on a terminal.
        let checklist = try readPane(session, until: "Press Enter to start", seconds: 10)
        #expect(checklist.contains("no massage today if the baby has any of these"))
        #expect(checklist.contains("[ ] fever, or an infection or cold in its acute stage"))
        #expect(!checklist.contains("Tenderfoot — live practice"), "the session waits for Enter")
        try tmux(["send-keys", "-t", session, "Enter"])
        // Then the pane until the warning is on it (the press starts 2.5 s in), for at most 15 s.
        let screen = try readPane(session, until: "N limit for", seconds: 15)
        let printed = try PrintedRules(ageMonths: 2)
        #expect(screen.contains("Tenderfoot — live practice"))
        #expect(screen.contains("baby 2 months (0-3 months)"))
        #expect(screen.contains("UNCALIBRATED"))
        #expect(screen.contains("Force limits are provisional"))
        #expect(screen.contains("technique ") && screen.contains("massage ") && screen.contains(" of 03:00 for 0-3 months"))
        let thumb = try #require(screen.split(separator: "\n").first { $0.hasPrefix("thumb") })
        #expect(thumb.contains(" N  [") && thumb.hasSuffix(" N") || thumb.hasSuffix("OVER"))
        // Five bars with the limit marked, one limit for all, and it is one `rules` prints.
        let bars = screen.split(separator: "\n").filter { $0.contains("  [") && $0.contains("|") }
        #expect(bars.count == 5, "five bars with the limit marked")
        let shown = Set(bars.compactMap { bar in
            bar.range(of: #"\] \d+\.\d\d N"#, options: .regularExpression).map { String(bar[$0].dropFirst(2).dropLast(2)) }
        })
        #expect(shown.count == 1 && printed.limits.values.contains { String(format: "%.2f", $0.fingertip) == shown.first }, "\(shown)")
        let warning = try #require(screen.split(separator: "\n").first { $0.hasPrefix("! ") && $0.contains("thumb") })
        // Two decimals, or up to four when the force is that close to its limit.
        let named = try #require(warning.range(of: #"over the \d+\.\d{2,4} N limit"#, options: .regularExpression)
            .flatMap { Double(warning[$0].dropFirst("over the ".count).dropLast(" N limit".count)) })
        #expect(printed.limits.values.contains { abs(named - $0.fingertip) < 0.005 }, "\(warning)")
        #expect(screen.contains("rate ") && screen.contains("lost 0") && screen.contains("ring overflows 0"))
        // When the session ends, the alternate screen goes, and the normal one keeps the
        // session's warnings, each with its advice, and the line about the session.
        let after = try readPane(session, until: "Session ended after", seconds: 30)
        let lines = after.split(separator: "\n").map(String.init)
        let heading = try #require(lines.firstIndex(of: "Warnings this session, each with what to do:"), "\(after)")
        // Each warning is broken between words to the pane's 120 columns: a line goes on
        // indented, never cut mid-word by the terminal. The warnings run up to the session's line.
        let warningLines = lines[(heading + 1)...].prefix { !$0.hasPrefix("Session ended after") }
        #expect(warningLines.allSatisfy { ($0.hasPrefix("! ") || $0.hasPrefix("  ")) && $0.count <= 120 }, "\(warningLines)")
        #expect(warningLines.contains { $0.hasPrefix("  ") }, "a warning longer than the pane goes on on the next line")
        let kept = warningLines.joined(separator: " ")
        #expect(kept.hasPrefix("! ") && kept.contains("force: thumb") && kept.contains(" — "), "\(kept)")
        #expect(!after.contains("finger     force"), "the live screen itself is gone")
    }

    /// At 80×24 the screen fits: the title stays at the top, the newest warning shows with all
    /// of its advice, wrapped; bars and warnings are coloured by severity, unless NO_COLOR is set.
    @Test(arguments: [false, true])
    func atEightyByTwentyFourTheScreenFitsAndIsColouredUnlessNoColor(noColor: Bool) throws {
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("press-2m.json"), "--seed", "4"])
        defer { glove.stop() }
        let session = "tenderfoot-small-\(getpid())-\(noColor)"
        // Whatever the test runner's own environment says about colour (CI runners may set
        // NO_COLOR or TERM=dumb), the pane's command gets exactly this.
        let environment = noColor ? "env NO_COLOR=1 TERM=xterm-256color " : "env -u NO_COLOR TERM=xterm-256color "
        try tmux(["new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                  "\(environment)\(BuiltBinary.url.path) live --port \(port) --age-months 2 --quiet --skip-checklist --duration 12; sleep 30"])
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        let screen = try readPane(session, until: "ease off", seconds: 15)
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("Tenderfoot — live practice") == true, "the title stays on top: \(screen)")
        #expect(lines.allSatisfy { $0.count <= 80 })
        let warnings = try #require(lines.firstIndex(of: "WARNINGS"), "\(screen)")
        let newest = lines[(warnings + 1)...].prefix { !$0.isEmpty && !$0.hasPrefix("Ctrl-C") }.joined(separator: " ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(newest.contains("force: thumb")
                && newest.contains("ease off: the baby's skin is thin and delicate, and massage should never hurt"), "\(newest)")
        let coloured = try tmux(["capture-pane", "-p", "-e", "-t", session])
        #expect(coloured.contains("\u{1B}[") == !noColor, "colour codes: \(!noColor)")
        // tmux gives the colours back in its own form: red is SGR 31 in it.
        if !noColor { #expect(coloured.range(of: "\u{1B}\\[[0-9;]*31m", options: .regularExpression) != nil, "red for a force over its limit") }
    }

    /// The player: paused at the start, seek forward and back, step, resume, speed up and quit, read from the pane.
    @Test func replayIsAPlayerWithPauseSeekAndStep() throws {
        let file = try ReplayTests.recording("six-months")
        let session = "tenderfoot-replay-\(getpid())"
        try tmux(["new-session", "-d", "-s", session, "-x", "160", "-y", "36",
                  "\(BuiltBinary.url.path) replay \(file) --paused; echo REPLAY-EXITED; sleep 30"])
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        var screen = try readPane(session, until: "paused · 00:00.0 of 01:11", seconds: 10)
        #expect(screen.contains("Tenderfoot — replay of ") && screen.contains("baby 6 months"))
        #expect(screen.contains("space pause/resume") && screen.contains("q quit"))
        try tmux(["send-keys", "-t", session, "Right"])
        screen = try readPane(session, until: "paused · 00:05.0 of", seconds: 5)
        #expect(screen.contains("paused · 00:05.0 of 01:11"))
        try tmux(["send-keys", "-t", session, "Up"])
        screen = try readPane(session, until: "paused · 00:35.0 of", seconds: 5)
        #expect(screen.contains("paused · 00:35.0 of 01:11"))
        #expect(screen.contains("technique "), "the analysis caught up to 35 s")
        try tmux(["send-keys", "-t", session, "."])
        screen = try readPane(session, until: "paused · 00:35.1 of", seconds: 5)
        #expect(screen.contains("paused · 00:35.1 of"), "a step is 0.1 s")
        try tmux(["send-keys", "-t", session, "Down"])
        // Back 30 s stops the pipeline and starts a fresh one that re-analyses the recording up
        // to the target: under ThreadSanitizer that took longer than 5 s (CI, 2026-12-01).
        screen = try readPane(session, until: "paused · 00:05.1 of", seconds: 30)
        #expect(screen.contains("paused · 00:05.1 of"), "back 30 s starts the analysis over and catches up")
        try tmux(["send-keys", "-t", session, "Space"])
        screen = try readPane(session, until: "▶ playing", seconds: 5)
        #expect(screen.contains("▶ playing") && screen.contains("speed 1x"))
        try tmux(["send-keys", "-t", session, "+"])
        screen = try readPane(session, until: "speed 2x", seconds: 5)
        #expect(screen.contains("speed 2x"))
        try tmux(["send-keys", "-t", session, "q"])
        screen = try readPane(session, until: "REPLAY-EXITED", seconds: 5)
        #expect(screen.contains("REPLAY-EXITED"))
    }

    /// The screen says at once that the glove went, and goes on when it is back.
    @Test func theScreenShowsAnOutage() throws {
        let link = Fixtures.temporary(".glove")
        var (glove, _) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json"), "--serial", "TFG-SC-0001",
                                                             "--link", link])
        let session = "tenderfoot-outage-\(getpid())"
        try tmux(["new-session", "-d", "-s", session, "-x", "160", "-y", "36",
                  "\(BuiltBinary.url.path) live --port \(link) --age-months 2 --quiet --skip-checklist --duration 20; sleep 30"])
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        _ = try readPane(session, until: "Tenderfoot — live practice", seconds: 10)
        glove.stop()
        var screen = try readPane(session, until: "GLOVE LOST", seconds: 5)
        #expect(screen.contains("GLOVE LOST — waiting for the same glove to come back") && screen.contains("the glove on \(link) disappeared"))
        (glove, _) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json"), "--serial", "TFG-SC-0001",
                                                         "--link", link])
        defer { glove.stop() }
        let deadline = Date().addingTimeInterval(8)
        repeat {
            screen = try tmux(["capture-pane", "-p", "-t", session])
            usleep(100_000)
        } while screen.contains("GLOVE LOST") && Date() < deadline
        #expect(!screen.contains("GLOVE LOST"), "the line goes when the glove is back")
        #expect(screen.contains("Tenderfoot — live practice"))
    }
}
