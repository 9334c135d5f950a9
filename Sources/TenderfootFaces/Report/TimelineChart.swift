import Foundation
import TenderfootAnalysis
import TenderfootRules
import TenderfootSession

/// The session's timeline as inline SVG: technique bands, warning markers (each a link to its
/// row in the warnings table), per-finger force with the age's fingertip limit for the
/// technique being done, and the leg strokes' directions, on one time axis.
struct TimelineChart {
    let review: SessionReview
    static let width = 1060.0
    static let left = 56.0
    static let plotWidth = width - left - 12
    static let bandTop = 8.0, bandHeight = 18.0
    static let markerTop = 32.0
    static let forceTop = 52.0, forceHeight = 240.0
    static let strokeTop = 318.0, strokeHeight = 40.0
    static let height = 392.0

    private var seconds: Double { max(review.seconds, 0.01) }

    func x(_ micros: UInt64) -> Double { Self.left + review.at(micros) / seconds * Self.plotWidth }

    var svg: String {
        var out = "<svg id=\"timeline\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += bands + markers + forces + strokes + axis
        out += "</svg>"
        return out
    }

    private var bands: String {
        var out = "<g class=\"bands\"><text x=\"4\" y=\"\(Self.bandTop + 13)\">technique</text>"
        for episode in review.episodes {
            let start = x(episode.startMicros), end = x(episode.endMicros ?? episode.startMicros)
            let width = max(1, end - start)
            out += "<rect class=\"band\" data-technique=\"\(episode.technique.rawValue)\" x=\"\(HTML.number(start, 1))\" y=\"\(Self.bandTop)\" width=\"\(HTML.number(width, 1))\" height=\"\(Self.bandHeight)\" fill=\"\(Palette.technique(episode.technique))\"><title>\(episode.technique.rawValue) \(HTML.clock(review.at(episode.startMicros)))–\(HTML.clock(review.at(episode.endMicros ?? episode.startMicros)))</title></rect>"
            if width > 52 {
                out += "<text x=\"\(HTML.number(start + 3, 1))\" y=\"\(Self.bandTop + 13)\" style=\"fill:#fff\">\(episode.technique.rawValue)</text>"
            }
        }
        return out + "</g>"
    }

    private var markers: String {
        var out = "<g class=\"markers\"><text x=\"4\" y=\"\(Self.markerTop + 12)\">warnings</text>"
        for (index, item) in review.warnings.enumerated() {
            let at = x(item.warning.deviceTimeMicros)
            let y = Self.markerTop
            out += "<a href=\"#warning-\(index + 1)\"><path class=\"marker\" d=\"M\(HTML.number(at, 1)) \(y + 14) l-6 -12 h12 z\" fill=\"\(Palette.rule(item.warning.rule))\"><title>\(HTML.escape("\(HTML.clock(review.at(item.warning.deviceTimeMicros))) \(item.warning.rule.rawValue): \(item.warning.summary)"))</title></path></a>"
        }
        return out + "</g>"
    }

    /// The highest force on the chart's scale: the session's peak or twice the gentlest limit.
    private var scale: Double {
        let peak = review.techniques.map { $0.peak.array.max() ?? 0 }.max() ?? 0
        let limit = review.rules.limit(nil, months: review.ageMonths).fingertipNewtons
        return max(peak * 1.1, limit * 2, 0.5)
    }

    private func y(_ newtons: Double) -> Double { Self.forceTop + Self.forceHeight * (1 - min(newtons, scale) / scale) }

    private var forces: String {
        let trace = review.trace
        let columns = Int(Self.plotWidth)
        var out = "<g class=\"forces\">"
        out += "<rect x=\"\(Self.left)\" y=\"\(Self.forceTop)\" width=\"\(Self.plotWidth)\" height=\"\(Self.forceHeight)\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        for tick in stride(from: 0.0, through: scale, by: Self.step(scale)) {
            out += "<line x1=\"\(Self.left)\" x2=\"\(Self.left + Self.plotWidth)\" y1=\"\(HTML.number(y(tick), 1))\" y2=\"\(HTML.number(y(tick), 1))\" stroke=\"#eee\"/>"
            out += "<text x=\"\(Self.left - 4)\" y=\"\(HTML.number(y(tick) + 4, 1))\" text-anchor=\"end\">\(HTML.number(tick, 1)) N</text>"
        }
        // The fingertip limit each sample was judged by, as the session's own limit events say.
        var limitPath = ""
        for (index, step) in review.limits.enumerated() {
            let start = max(step.startMicros, review.firstMicros)
            let end = index + 1 < review.limits.count ? review.limits[index + 1].startMicros : review.lastMicros
            guard end >= start else { continue }
            let level = HTML.number(y(step.limit.fingertipNewtons), 1)
            limitPath += "\(limitPath.isEmpty ? "M" : "L")\(HTML.number(x(start), 1)) \(level) L\(HTML.number(x(end), 1)) \(level) "
        }
        if trace.binCount > 0 {
            for finger in 0..<5 {
                var points = ""
                for column in 0..<columns {
                    let from = trace.binCount * column / columns, to = max(from + 1, trace.binCount * (column + 1) / columns)
                    guard from < trace.binCount else { break }
                    let highest = trace.peak[finger][from..<min(to, trace.binCount)].max() ?? 0
                    points += "\(HTML.number(Self.left + Double(column) + 0.5, 1)),\(HTML.number(y(Double(highest)), 1)) "
                }
                out += "<polyline class=\"finger\" data-finger=\"\(RuleWarning.fingerNames[finger])\" fill=\"none\" stroke=\"\(Palette.fingers[finger])\" stroke-width=\"1\" points=\"\(points)\"/>"
            }
        }
        out += "<path class=\"limit\" d=\"\(limitPath)\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"><title>fingertip limit for the technique and age (provisional)</title></path>"
        var legendX = Self.left + 6
        for finger in 0..<5 {
            out += "<rect x=\"\(HTML.number(legendX, 1))\" y=\"\(Self.forceTop + 6)\" width=\"10\" height=\"10\" fill=\"\(Palette.fingers[finger])\"/><text x=\"\(HTML.number(legendX + 13, 1))\" y=\"\(Self.forceTop + 15)\">\(RuleWarning.fingerNames[finger])</text>"
            legendX += 64
        }
        out += "<line x1=\"\(HTML.number(legendX, 1))\" x2=\"\(HTML.number(legendX + 18, 1))\" y1=\"\(Self.forceTop + 11)\" y2=\"\(Self.forceTop + 11)\" stroke=\"#d62728\" stroke-dasharray=\"6 3\"/><text x=\"\(HTML.number(legendX + 22, 1))\" y=\"\(Self.forceTop + 15)\">fingertip limit</text>"
        return out + "</g>"
    }

    private var strokes: String {
        var out = "<g class=\"strokes\"><text x=\"4\" y=\"\(Self.strokeTop + 24)\">strokes</text>"
        out += "<line x1=\"\(Self.left)\" x2=\"\(Self.left + Self.plotWidth)\" y1=\"\(Self.strokeTop + Self.strokeHeight / 2)\" y2=\"\(Self.strokeTop + Self.strokeHeight / 2)\" stroke=\"#eee\"/>"
        let middle = Self.strokeTop + Self.strokeHeight / 2
        let judged = Set(review.judgedLegStrokes.map(\.startMicros))
        for stroke in review.strokes where stroke.region == .leg {
            let at = x(stroke.startMicros)
            let label = HTML.escape("\(HTML.clock(review.at(stroke.startMicros))) \(stroke.technique.rawValue) \(stroke.direction?.rawValue ?? "across") \(HTML.number(stroke.lengthCm, 1)) cm at \(HTML.number(stroke.speedCmS, 1)) cm/s")
            // An arrow only for a stroke whose direction was judged: the same strokes the text counts.
            switch judged.contains(stroke.startMicros) ? stroke.direction : nil {
            case .up?:
                out += "<path class=\"stroke-up\" d=\"M\(HTML.number(at, 1)) \(middle - 14) l-5 10 h10 z M\(HTML.number(at - 1, 1)) \(middle - 5) h2 v14 h-2 z\" fill=\"#1b7a2e\"><title>\(label)</title></path>"
            case .down?:
                out += "<path class=\"stroke-down\" d=\"M\(HTML.number(at, 1)) \(middle + 14) l-5 -10 h10 z M\(HTML.number(at - 1, 1)) \(middle - 9) h2 v14 h-2 z\" fill=\"#b00020\"><title>\(label)</title></path>"
            case nil:
                out += "<circle class=\"stroke-across\" cx=\"\(HTML.number(at, 1))\" cy=\"\(middle)\" r=\"3\" fill=\"#999\"><title>\(label)</title></circle>"
            }
        }
        return out + "</g>"
    }

    private var axis: String {
        var out = "<g class=\"axis\">"
        let step = Self.step(seconds / 1.2, steps: 10)
        for tick in stride(from: 0.0, through: seconds, by: step) {
            let at = Self.left + tick / seconds * Self.plotWidth
            out += "<line x1=\"\(HTML.number(at, 1))\" x2=\"\(HTML.number(at, 1))\" y1=\"\(Self.forceTop + Self.forceHeight)\" y2=\"\(Self.forceTop + Self.forceHeight + 5)\" stroke=\"#888\"/>"
            out += "<text x=\"\(HTML.number(at, 1))\" y=\"\(Self.forceTop + Self.forceHeight + 16)\" text-anchor=\"middle\">\(HTML.clock(tick))</text>"
        }
        return out + "</g>"
    }

    /// A round step giving about `steps` ticks over `range`.
    static func step(_ range: Double, steps: Double = 5) -> Double {
        let raw = max(range, 1e-6) / steps
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where raw <= factor * magnitude { return factor * magnitude }
        return 10 * magnitude
    }
}
