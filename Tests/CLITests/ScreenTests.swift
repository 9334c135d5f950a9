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

    @Test func theLiveScreenShowsForcesTheLimitAndAWarning() throws {
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("press-2m.json"), "--seed", "4"])
        defer { glove.stop() }
        let session = "tenderfoot-test-\(getpid())"
        try tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "36",
                      "\(BuiltBinary.url.path) live --port \(port) --age-months 2 --quiet --duration 12; sleep 30"])
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        // Read the pane until the warning is on it (the press starts 2.5 s in), for at most 15 s.
        var screen = ""
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            screen = try tmux(["capture-pane", "-p", "-t", session])
            if screen.contains("is over the 1.00 N limit") { break }
            usleep(100_000)
        }
        #expect(screen.contains("Tenderfoot — live practice"))
        #expect(screen.contains("baby 2 months (0-3 months)"))
        #expect(screen.contains("UNCALIBRATED"))
        #expect(screen.contains("Limits are provisional"))
        let thumb = try #require(screen.split(separator: "\n").first { $0.hasPrefix("thumb") })
        #expect(thumb.contains(" N  [") && thumb.hasSuffix("1.00 N") || thumb.hasSuffix("OVER"))
        #expect(screen.split(separator: "\n").filter { $0.contains("|") && $0.contains("1.00 N") }.count == 5,
                "five bars with the limit marked")
        #expect(screen.contains("! ") && screen.contains("thumb") && screen.contains("is over the 1.00 N limit"))
        #expect(screen.contains("rate ") && screen.contains("lost 0") && screen.contains("ring overflows 0"))
    }
}
