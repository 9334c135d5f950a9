import Foundation
import TenderfootLibrary

/// `sessions --progress`'s page: one trainee's score over their sessions as a chart, and the
/// main faults of each session, so a trainee and an instructor see what is getting better.
public struct ProgressReport {
    public var trainee: String
    public var sessions: [LibrarySession]

    public init(trainee: String, sessions: [LibrarySession]) {
        self.trainee = trainee
        self.sessions = sessions
    }

    public var html: String {
        var body = "<h1>Progress of \(HTML.escape(trainee))</h1>"
        body += "<p class=\"meta\">\(sessions.count) session\(sessions.count == 1 ? "" : "s") in the library"
        if let first = sessions.first, let last = sessions.last {
            body += ", \(HTML.escape(String(first.created.prefix(10)))) to \(HTML.escape(String(last.created.prefix(10))))"
            body += " · score \(first.score) → \(last.score)"
        }
        body += ". Tenderfoot trains technique on a doll; it makes no medical claims.</p>"
        body += "<section id=\"chart\"><h2>Score</h2>\(chart)</section>"
        body += "<section id=\"faults\"><h2>Main faults, session by session</h2>\(faultTable)</section>"
        body += "<section id=\"sessions\"><h2>Sessions</h2>\(sessionTable)</section>"
        return HTML.page(title: "Tenderfoot progress — \(trainee)", body: body, script: Self.script)
    }

    private var chart: String {
        let width = 900.0, height = 260.0, left = 44.0, top = 12.0, plotWidth = width - left - 16, plotHeight = height - top - 34
        var out = "<svg id=\"progress\" width=\"\(Int(width))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        func y(_ score: Double) -> Double { top + plotHeight * (1 - score / 100) }
        for tick in stride(from: 0, through: 100, by: 20) {
            out += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(y(Double(tick)))\" y2=\"\(y(Double(tick)))\" stroke=\"#eee\"/><text x=\"\(left - 4)\" y=\"\(y(Double(tick)) + 4)\" text-anchor=\"end\">\(tick)</text>"
        }
        let step = sessions.count > 1 ? plotWidth / Double(sessions.count - 1) : 0
        var points = ""
        for (index, session) in sessions.enumerated() {
            let x = left + (sessions.count > 1 ? Double(index) * step : plotWidth / 2)
            points += "\(HTML.number(x, 1)),\(HTML.number(y(Double(session.score)), 1)) "
            out += "<circle class=\"point\" cx=\"\(HTML.number(x, 1))\" cy=\"\(HTML.number(y(Double(session.score)), 1))\" r=\"4\" fill=\"#1f77b4\"><title>\(HTML.escape(String(session.created.prefix(16)))): \(session.score)</title></circle>"
            out += "<text x=\"\(HTML.number(x, 1))\" y=\"\(height - 8)\" text-anchor=\"middle\">\(HTML.escape(label(session)))</text>"
        }
        out += "<polyline id=\"score-line\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"\(points)\"/>"
        return out + "</svg>"
    }

    /// A session's name on the chart and in the table: its day ("12-01"), with its time
    /// ("12-01 14:05", "12-01 14:05:31") as far as it takes to tell it from another session,
    /// and its place among those of the same second ("12-01 14:05:31 (2)") when even that does not.
    func label(_ session: LibrarySession) -> String {
        func stamp(_ other: LibrarySession, _ length: Int) -> Substring { other.created.dropFirst(5).prefix(length) }
        let shown = [5, 11, 14].first { length in !sessions.contains { $0.id != session.id && stamp($0, length) == stamp(session, length) } }
        let text = String(stamp(session, shown ?? 14)).replacingOccurrences(of: "T", with: " ")
        guard shown == nil else { return text }
        let same = sessions.filter { stamp($0, 14) == stamp(session, 14) }
        return text + " (\((same.firstIndex { $0.id == session.id } ?? 0) + 1))"
    }

    /// Every fault found in any session, with a mark for each session that had it.
    private var faultTable: String {
        var faults: [String] = []
        for session in sessions { for fault in session.faults where !faults.contains(fault) { faults.append(fault) } }
        guard !faults.isEmpty else { return "<p class=\"good\">No faults in any session.</p>" }
        var out = "<table><tr><th>fault</th>" + sessions.map { "<th>\(HTML.escape(label($0)))</th>" }.joined() + "</tr>"
        for fault in faults {
            out += "<tr class=\"fault\"><td>\(HTML.escape(fault))</td>"
            for session in sessions {
                out += session.faults.contains(fault) ? "<td class=\"bad\">●</td>" : "<td class=\"good\">–</td>"
            }
            out += "</tr>"
        }
        return out + "</table>"
    }

    private var sessionTable: String {
        var out = "<table><tr><th>date</th><th>glove</th><th>age</th><th>length</th><th>score</th><th>warnings</th><th>recording</th></tr>"
        for session in sessions {
            out += "<tr class=\"session\"><td>\(HTML.escape(String(session.created.prefix(16)).replacingOccurrences(of: "T", with: " ")))</td><td>\(HTML.escape(session.glove))</td>"
            out += "<td>\(HTML.escape(session.ageBand))</td><td class=\"n\">\(HTML.clock(session.seconds))</td><td class=\"n\">\(session.score)</td>"
            out += "<td class=\"n\">\(session.warnings)</td><td>\(HTML.escape(URL(fileURLWithPath: session.path).lastPathComponent))</td></tr>"
        }
        return out + "</table>"
    }

    static let script = """
    window.addEventListener('load', function () {
      var line = document.getElementById('score-line');
      document.body.setAttribute('data-rendered', JSON.stringify({
        points: document.querySelectorAll('circle.point').length,
        lineLength: Math.round(line.getTotalLength()),
        faults: document.querySelectorAll('tr.fault').length
      }));
    });
    """
}
