import Foundation
import Testing
import TestSupport

/// `report` and `sessions --progress` pages, opened in a real browser: headless Chromium lays
/// them out and runs their script, and the tests read what it drew back from the DOM.
@Suite(.serialized, .enabled(if: Chromium.available || Chromium.required, "needs chromium (make test installs it)"))
struct ReportTests {
    /// The page's own account of what the browser drew (its `data-rendered` attribute).
    func rendered(_ dom: String) throws -> [String: Any] {
        let marker = "data-rendered=\""
        let start = try #require(dom.range(of: marker)?.upperBound)
        let end = try #require(dom[start...].firstIndex(of: "\""))
        let json = String(dom[start..<end]).replacingOccurrences(of: "&quot;", with: "\"")
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func theReportRendersInABrowserWithEveryPart() throws {
        try #require(Chromium.available, "TENDERFOOT_REQUIRE_CHROMIUM=1 but chromium is not installed")
        let file = Fixtures.temporary(".tfrec")
        let made = try BuiltBinary.run(["simulate", "--scenario", "first-session", "--serial", "TFG-DEMO-0001", "--calibration",
                                        Fixtures.repositoryPath("Calibration/TFG-DEMO-0001.json"), "--record", file, "--trainee", "Ana"])
        #expect(made.status == 0, "\(made.stderr)")
        let instructor = try ReplayTests.recording("six-months", seed: 9, trainee: "Instructor Eva")
        let html = Fixtures.temporary(".html")
        let report = try BuiltBinary.run(["report", file, "-o", html, "--instructor", instructor, "--age-months", "2"])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        // Self-contained: nothing fetched from anywhere.
        #expect(!page.contains("src=\"http") && !page.contains("href=\"http") && !page.contains("@import") && !page.contains("url("))

        let dom = try Chromium.dom(html)
        let drawn = try rendered(dom)
        #expect(drawn["timelineWidth"] as? Int == 1060 && drawn["timelineHeight"] as? Int == 392)
        #expect(drawn["fingerLines"] as? Int == 5, "a force line per finger, drawn")
        #expect((drawn["bands"] as? Int ?? 0) >= 5, "technique bands along the timeline")
        let warnings = drawn["warningRows"] as? Int ?? 0
        #expect(warnings >= 3 && drawn["markers"] as? Int == warnings, "a marker on the timeline per warning")
        #expect((drawn["strokesUp"] as? Int ?? 0) >= 5 && (drawn["strokesDown"] as? Int ?? 0) >= 1, "the scenario's strokes down the leg")
        let score = try #require(Int((drawn["score"] as? String ?? "").split(separator: " ").first ?? ""))
        #expect(score > 40 && score < 100)
        #expect(report.stdout.hasPrefix("Score \(score)/100"))
        // The content a trainee reads.
        #expect(dom.contains("Tenderfoot session report") && dom.contains("trainee <b>Ana</b>"))
        #expect(dom.contains("Press more gently") && dom.contains("Stroke the legs from the bottom up")
                && dom.contains("Leave out vibration at this age"), "the scenario's three mistakes are the three things to improve")
        #expect(dom.contains("the baby's skin is thin and delicate"), "with the article's advice")
        #expect(dom.contains("vibration is for babies from 3 months; this baby is 2 months."), "an age written with its unit")
        #expect(!dom.contains(" 1 strokes "), "one stroke is a stroke")
        #expect(dom.contains("href=\"#warning-1\"") && dom.contains("id=\"warning-1\""), "each marker links to its warning's detail")
        #expect(dom.contains("id=\"technique-table\"") && dom.contains("strokes/min"))
        #expect(dom.contains("id=\"structure-done\"") && dom.contains("recommended"))
        #expect(dom.contains("Compared with Instructor Eva") && dom.contains("median force ratio"))
        #expect(dom.contains("How the score is computed") && dom.contains("provisional"))

        let png = Fixtures.temporary(".png")
        try Chromium.screenshot(html, to: png)
        let size = try #require(Chromium.pngSize(png), "chromium wrote a PNG")
        #expect(size.width == 1200 && size.height == 2400)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        #expect(bytes > 100_000, "a page with charts and tables, not a blank one (\(bytes) bytes)")
        print("report screenshot: \(png) (\(bytes) bytes), drawn: \(drawn)")
    }

    @Test func aTraineesProgressIsListedAndDrawn() throws {
        try #require(Chromium.available, "TENDERFOOT_REQUIRE_CHROMIUM=1 but chromium is not installed")
        let library = Fixtures.temporary("-library")
        let environment = ["TENDERFOOT_DATA": library]
        // Three sessions of one trainee, getting better, and one of somebody else.
        let first = try ReplayTests.recording("first-session", seed: 1, trainee: "Mia")
        let second = try ReplayTests.recording(Fixtures.path("press-2m.json"), seed: 2, trainee: "Mia")
        let third = try ReplayTests.recording(Fixtures.path("gentle-2m.json"), seed: 3, trainee: "Mia")
        let other = try ReplayTests.recording("six-months", seed: 4, trainee: "Noah")
        let add = try BuiltBinary.run(["sessions", "--add", first, second, third, other], environment: environment)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.lines.filter { $0.hasPrefix("Added ") }.count == 4)

        let list = try BuiltBinary.run(["sessions"], environment: environment)
        let rows = list.lines.dropFirst()
        #expect(rows.count == 4 && rows.filter { $0.contains(" Mia ") }.count == 3 && rows.contains { $0.contains(" Noah ") })
        #expect(list.lines.first?.contains("score") == true && list.lines.first?.contains("warnings") == true)

        let json = try BuiltBinary.run(["sessions", "--trainee", "mia", "--json"], environment: environment)
        let sessions = json.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(sessions.count == 3)
        #expect(json.lines.allSatisfy { $0.range(of: #""seconds":\d+(\.\d{1,3})?[,}]"#, options: .regularExpression) != nil },
                "times to the millisecond: \(json.lines.first ?? "")")
        let scores = sessions.compactMap { $0["score"] as? Int }
        #expect(scores.count == 3 && scores[2] > scores[0], "the gentle session scores above the first one: \(scores)")

        // Whose progress: with two trainees it must be said; a library of one trainee's is hers.
        let whose = try BuiltBinary.run(["sessions", "--progress"], environment: environment)
        #expect(whose.status != 0 && whose.stderr.contains("--progress needs --trainee NAME: the library has Mia, Noah"), "\(whose.stderr)")
        let noahs = Fixtures.temporary("-noah-library")
        defer { try? FileManager.default.removeItem(atPath: noahs) }
        #expect(try BuiltBinary.run(["sessions", "--add", other, "--library", noahs]).status == 0)
        let only = try BuiltBinary.run(["sessions", "--progress", "--library", noahs])
        #expect(only.status == 0 && only.lines.first?.hasPrefix("Progress of Noah: 1 session") == true, "\(only.stdout)\(only.stderr)")

        let html = Fixtures.temporary(".html")
        let progress = try BuiltBinary.run(["sessions", "--trainee", "Mia", "--progress", "-o", html], environment: environment)
        #expect(progress.status == 0, "\(progress.stderr)")
        #expect(progress.lines.first == "Progress of Mia: 3 sessions, score \(scores[0]) → \(scores[2])")
        #expect(progress.stdout.contains("Press more gently"))
        let drawn = try rendered(try Chromium.dom(html))
        #expect(drawn["points"] as? Int == 3 && (drawn["lineLength"] as? Int ?? 0) > 100)
        #expect((drawn["faults"] as? Int ?? 0) >= 2)
        // Three sessions of one day: each named by as much of its time as tells it apart.
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let headings = page.components(separatedBy: "<th>fault</th>").dropFirst().first.map {
            $0.components(separatedBy: "</tr>")[0].components(separatedBy: "<th>").dropFirst().map { $0.components(separatedBy: "</th>")[0] }
        } ?? []
        #expect(headings.count == 3 && Set(headings).count == 3, "\(headings)")
    }
}
