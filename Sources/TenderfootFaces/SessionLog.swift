import Foundation
import TenderfootAnalysis
import TenderfootSession

/// A practice session as plain lines, for output that is not a terminal (a pipe, a file, a CI
/// log), where the live screen's redrawing would be noise: the screen's heading once, then a
/// line for each warning as it starts and ends, each technique as it begins, and the glove
/// going and coming back. Times are from the session's first sample, as on the screen.
public struct SessionLog {
    /// Gives the heading and the warning lines, so that both read as on the screen.
    public var screen: LiveScreen
    private var headed = false

    public init(screen: LiveScreen) {
        self.screen = screen
    }

    /// The lines for `events`, which happened by `snapshot` (the heading first, once).
    public mutating func lines(_ events: [SessionEvent], snapshot: LiveSnapshot) -> [String] {
        var out: [String] = []
        if !headed {
            headed = true
            out = screen.headerLines(provisionalLimits: snapshot.provisionalLimits) + [""]
        }
        let start = snapshot.firstDeviceMicros ?? 0
        func at(_ micros: UInt64) -> String { LiveScreen.clock(Double(micros - min(micros, start)) / 1e6) }
        for event in events {
            switch event {
            case .warningStarted(let warning):
                out.append(LiveScreen.warningLine(warning, durationMicros: 0, sessionStartMicros: start))
            case .warningEnded(let warning, let duration):
                out.append("  \(at(warning.deviceTimeMicros + duration)) ended: \(warning.rule.rawValue): \(warning.subject) (for "
                           + String(format: "%.1f s)", Double(duration) / 1e6))
            case .analysis(.episodeStarted(let episode)):
                out.append("  \(at(episode.startMicros)) \(episode.technique.rawValue)")
            case .rezeroed(let time, _):
                out.append("  \(at(time)) zero refreshed (hand lifted)")
            case .gloveLost(let error, let time):
                out.append("  \(at(time)) GLOVE LOST (\(error)): waiting for the same glove to come back")
            case .gloveBack(let port, let after):
                out.append("  the glove is back on \(port) after " + String(format: "%.1f s", Double(after) / 1e6))
            case .otherGlove(let port, let serial):
                out.append("  another glove (\(serial)) on \(port) was not taken")
            case .gloveRestarted(let time, _), .samplesDropped(let time, _, _):
                if let notice = event.linkNotice { out.append("  \(at(time)) \(notice)") }
            case .linkEnded(let problem?) where problem.isEndOfRecording:
                break  // a replay's end: the summary line says it
            case .linkEnded(let problem?):
                out.append("The glove stopped: \(problem)")
            case .linkEnded(nil), .sample, .settled, .status, .analysis(.episodeEnded), .analysis(.stroke), .limitChanged:
                break
            }
        }
        return out
    }
}
