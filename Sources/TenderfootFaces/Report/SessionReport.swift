import Foundation
import TenderfootAnalysis
import TenderfootRules
import TenderfootSession

/// `tenderfoot report`'s page: one self-contained HTML file about one session, with an
/// instructor's session side by side when one is given.
public struct SessionReport {
    public var review: SessionReview
    public var instructor: SessionReview?
    /// The recording's file name, shown in the title.
    public var name: String

    public init(review: SessionReview, instructor: SessionReview? = nil, name: String) {
        self.review = review
        self.instructor = instructor
        self.name = name
    }

    public var html: String {
        var body = heading + score + improvements
        body += section("Timeline", id: "timeline-section",
                        "<p>Technique bands, warnings (click one for its detail), each fingertip's force with the fingertip limit for the technique and age, and the direction of every leg stroke (▲ up the leg, ▼ down).</p>" + TimelineChart(review: review).svg)
        body += strokesSection + structureSection + summarySection
        if let instructor { body += comparison(instructor) }
        body += warningsSection + notesSection + scoringSection
        return HTML.page(title: "Tenderfoot report — \(name)", body: body, script: Self.script)
    }

    private func section(_ title: String, id: String, _ content: String) -> String {
        "<section id=\"\(id)\"><h2>\(HTML.escape(title))</h2>\(content)</section>\n"
    }

    private var heading: String {
        let header = review.header
        let band = review.rules.band(months: review.ageMonths).label
        var meta = "Recorded \(HTML.escape(header.created.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")))"
        if let trainee = header.trainee { meta += " · trainee <b>\(HTML.escape(trainee))</b>" }
        meta += " · glove \(HTML.escape(header.glove.serial)) (\(HTML.escape(header.glove.model))) at \(header.glove.rateHz) Hz"
        meta += " · baby \(HTML.escape(AgeWords.months(review.ageMonths))) (\(HTML.escape(band)))"
        meta += " · \(HTML.clock(review.seconds)) recorded, massage \(HTML.clock(review.massageSeconds)) of \(HTML.clock(review.allowedSeconds)) allowed"
        meta += " · calibration: \(HTML.escape(header.calibrated ? header.calibration : "none (nominal sensor curve)"))"
        var out = "<h1>Tenderfoot session report</h1><p class=\"meta\">\(meta)</p>"
        if review.rules.force.provisional {
            out += "<p class=\"provisional\">Force limits are provisional defaults: no published study gives infant massage forces in newtons. Judged by “\(HTML.escape(review.rules.name))”. Tenderfoot trains technique on a doll; it makes no medical claims.</p>"
        }
        if let ended = review.linkEnded { out += "<p class=\"bad\">The glove's stream ended early: \(HTML.escape(ended))</p>" }
        return out
    }

    private var score: String {
        var rows = ""
        for part in review.score.parts {
            let full = part.points >= part.maximum - 0.05
            rows += "<tr><td>\(part.name)</td><td class=\"n \(full ? "good" : "bad")\">\(HTML.number(part.points, 1)) / \(HTML.number(part.maximum, 0))</td><td>\(HTML.escape(part.measured))</td></tr>"
        }
        return section("Score", id: "score",
                       "<div class=\"score\" id=\"score-value\">\(review.score.total)<small> / 100</small></div>"
                       + "<table><tr><th>part</th><th>points</th><th>measured</th></tr>\(rows)</table>"
                       + "<p>How each part is scored is explained at the end of the page.</p>")
    }

    private var improvements: String {
        guard !review.score.improvements.isEmpty else {
            return section("What to improve", id: "improve", "<p class=\"good\">Nothing lost points: keep practising this way.</p>")
        }
        var items = ""
        for item in review.score.improvements {
            items += "<li><b>\(HTML.escape(item.title))</b> (−\(HTML.number(item.pointsLost, 1)) points). \(HTML.escape(item.detail))<br><span class=\"advice\">\(HTML.escape(item.advice))</span></li>"
        }
        return section("The \(review.score.improvements.count == 1 ? "most important thing" : "\(review.score.improvements.count) most important things") to improve", id: "improve", "<ol>\(items)</ol>")
    }

    private var strokesSection: String {
        let judged = review.judgedLegStrokes
        let up = judged.filter { $0.direction == .up }.count
        let legs = review.strokes.filter { $0.region == .leg }.count
        let share = judged.isEmpty ? "no leg strokes long enough to judge" :
            "\(up) of \(judged.count) judged leg strokes went bottom-up (\(Int((Double(up) / Double(judged.count) * 100).rounded())) %)"
        var speeds = ""
        if let stroking = review.techniques.first(where: { $0.technique == .stroking }), let median = stroking.medianStrokeSpeedCmS {
            speeds = "; stroke speed median \(HTML.number(median, 1)) cm/s, fastest \(HTML.number(stroking.fastestStrokeCmS ?? 0, 1)) cm/s (limit \(HTML.number(review.rules.speed.maxCmS, 0)) cm/s)"
        }
        let unjudged = legs - judged.count
        let others = unjudged == 0 ? "" : ", \(unjudged) other leg movement\(unjudged == 1 ? "" : "s") not judged (shorter than \(HTML.number(review.rules.direction.minLengthCm, 0)) cm, across the leg, or not stroking)"
        return section("Leg strokes", id: "strokes",
                       "<p id=\"direction-share\">\(share)\(others); \(review.strokes.count - legs) stroke\(review.strokes.count - legs == 1 ? "" : "s") on the sole\(speeds).</p>")
    }

    private var structureSection: String {
        let structure = review.structure
        func chips(_ list: [Technique]) -> String {
            list.isEmpty ? "<i>none</i>" : list.map { "<span style=\"background:\(Palette.technique($0))\">\($0.rawValue)</span>" }.joined(separator: " → ")
        }
        let rule = review.rules.structure
        return section("Session structure", id: "structure",
                       "<table><tr><th>done</th><td class=\"chips\" id=\"structure-done\">\(chips(structure.done))</td></tr>"
                       + "<tr><th>recommended for \(HTML.escape(review.rules.band(months: review.ageMonths).label))</th><td class=\"chips\" id=\"structure-recommended\">\(chips(structure.recommended))</td></tr></table>"
                       + "<p>Started with \(rule.startWith.rawValue): \(mark(structure.startsRight)) · ended with \(rule.endWith.rawValue): \(mark(structure.endsRight)) · techniques closed with \(rule.closeEachWith.rawValue): \(structure.closed) of \(structure.toClose).</p>"
                       + "<p class=\"advice\">\(HTML.escape(rule.tip))</p>")
    }

    private func mark(_ ok: Bool) -> String { ok ? "<span class=\"good\">yes</span>" : "<span class=\"bad\">no</span>" }

    private var summarySection: String {
        var rows = ""
        for summary in review.techniques {
            let allowed = review.rules.isAllowed(summary.technique, months: review.ageMonths)
            let limit = review.rules.limit(summary.technique, months: review.ageMonths)
            rows += "<tr data-technique=\"\(summary.technique.rawValue)\"><td>\(summary.technique.rawValue)\(allowed ? "" : " <span class=\"bad\">(not for this age)</span>")</td>"
            rows += "<td class=\"n\">\(HTML.number(summary.seconds, 1)) s</td><td class=\"n\">\(Int((summary.seconds / max(review.massageSeconds, 1e-9) * 100).rounded())) %</td>"
            for finger in 0..<5 {
                let over = summary.peak[finger] > limit.fingertipNewtons
                rows += "<td class=\"n\">\(HTML.number(summary.median[finger])) / <span class=\"\(over ? "bad" : "")\">\(HTML.number(summary.peak[finger]))</span></td>"
            }
            rows += "<td class=\"n\">\(HTML.number(summary.medianTotal)) / \(HTML.number(summary.peakTotal))</td>"
            rows += "<td class=\"n\">\(HTML.number(limit.fingertipNewtons)) / \(HTML.number(limit.totalNewtons))</td>"
            rows += "<td class=\"n\">\(rhythm(summary))</td></tr>"
        }
        let fingers = RuleWarning.fingerNames.map { "<th>\($0) N</th>" }.joined()
        let over = review.massageSeconds > review.allowedSeconds
        return section("Summary", id: "summary",
                       "<p>Forces are median while touching / peak, in newtons. Massage time \(HTML.clock(review.massageSeconds)) against \(HTML.clock(review.allowedSeconds)) allowed for this age: \(over ? "<span class=\"bad\">over</span>" : "<span class=\"good\">within</span>").</p>"
                       + "<table id=\"technique-table\"><tr><th>technique</th><th>time</th><th>share</th>\(fingers)<th>total N</th><th>limit N (fingertip / total)</th><th>rhythm</th></tr>\(rows)</table>")
    }

    private func rhythm(_ summary: TechniqueSummary) -> String {
        summary.technique == .stroking ? "\(HTML.number(summary.strokesPerMinute, 0)) strokes/min" : "\(HTML.number(summary.rhythmHz, 1)) Hz"
    }

    private func comparison(_ instructor: SessionReview) -> String {
        var rows = ""
        for technique in Technique.allCases {
            let mine = review.techniques.first { $0.technique == technique }
            let theirs = instructor.techniques.first { $0.technique == technique }
            guard mine != nil || theirs != nil else { continue }
            func cell(_ s: TechniqueSummary?) -> String {
                guard let s else { return "<td>—</td><td>—</td><td>—</td>" }
                return "<td class=\"n\">\(HTML.number(s.medianTotal))</td><td class=\"n\">\(HTML.number(s.peakTotal))</td><td class=\"n\">\(rhythm(s))</td>"
            }
            var ratio = "—"
            if let mine, let theirs, theirs.medianTotal > 0 {
                let value = mine.medianTotal / theirs.medianTotal
                ratio = "<span class=\"\(value > 1.25 ? "bad" : "")\">\(HTML.number(value)) ×</span>"
            }
            rows += "<tr><td>\(technique.rawValue)</td>\(cell(mine))\(cell(theirs))<td class=\"n\">\(ratio)</td></tr>"
        }
        let who = instructor.header.trainee.map { HTML.escape($0) } ?? "the instructor"
        return section("Compared with \(instructor.header.trainee ?? "the instructor")", id: "instructor",
                       "<p>Total force (median while touching and peak, N) and rhythm per technique, this session beside \(who)'s reference session of \(HTML.escape(String(instructor.header.created.prefix(10)))).</p>"
                       + "<table id=\"instructor-table\"><tr><th rowspan=\"2\">technique</th><th colspan=\"3\">this session</th><th colspan=\"3\">\(who)</th><th rowspan=\"2\">median force ratio</th></tr>"
                       + "<tr><th>median</th><th>peak</th><th>rhythm</th><th>median</th><th>peak</th><th>rhythm</th></tr>\(rows)</table>")
    }

    private var warningsSection: String {
        guard !review.warnings.isEmpty else { return section("Warnings", id: "warnings", "<p class=\"good\">No warnings.</p>") }
        var rows = ""
        for (index, item) in review.warnings.enumerated() {
            let warning = item.warning
            let lasted = item.durationMicros.map { "\(HTML.number(Double($0) / 1e6, 1)) s" } ?? "to the end"
            rows += "<tr id=\"warning-\(index + 1)\" class=\"warning\"><td class=\"n\">\(index + 1)</td><td>\(HTML.clock(review.at(warning.deviceTimeMicros)))</td>"
            rows += "<td><span style=\"color:\(Palette.rule(warning.rule))\">■</span> \(warning.rule.rawValue)</td><td>\(HTML.escape(warning.summary))</td>"
            rows += "<td class=\"n\">\(lasted)</td><td class=\"advice\">\(HTML.escape(warning.tip))</td></tr>"
        }
        return section("Warnings", id: "warnings",
                       "<table><tr><th>#</th><th>at</th><th>rule</th><th>what</th><th>lasted</th><th>what to do</th></tr>\(rows)</table>")
    }

    private var notesSection: String {
        guard !review.notes.isEmpty else { return "" }
        return section("About the file", id: "notes", "<ul>" + review.notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>")
    }

    private var scoringSection: String {
        let rows = review.score.parts.map { "<tr><td>\($0.name)</td><td>\(HTML.escape($0.rule))</td></tr>" }.joined()
        return section("How the score is computed", id: "scoring",
                       "<p>The score adds six parts, 100 points in all. Every rule comes from the rules file, which cites its source for each.</p><table>\(rows)</table>")
    }

    /// Once the browser has laid the page out, it records what it drew on the body, so a test
    /// reading the DOM knows the charts rendered (their size) and what they hold.
    static let script = """
    window.addEventListener('load', function () {
      var svg = document.getElementById('timeline');
      var box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
      var lines = document.querySelectorAll('polyline.finger');
      var drawn = 0;
      lines.forEach(function (line) { if (line.getTotalLength() > 0) { drawn += 1; } });
      document.body.setAttribute('data-rendered', JSON.stringify({
        timelineWidth: Math.round(box.width), timelineHeight: Math.round(box.height),
        fingerLines: drawn, bands: document.querySelectorAll('rect.band').length,
        markers: document.querySelectorAll('path.marker').length,
        strokesUp: document.querySelectorAll('path.stroke-up').length,
        strokesDown: document.querySelectorAll('path.stroke-down').length,
        warningRows: document.querySelectorAll('tr.warning').length,
        score: document.getElementById('score-value').textContent.trim()
      }));
    });
    """
}
