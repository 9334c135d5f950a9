import TenderfootAnalysis
import TenderfootCalibration
import TenderfootLink
import TenderfootRules

/// Everything a report says about one session, worked out from its events and forces: the
/// timeline (forces, technique episodes, strokes, warnings), the summary per technique, the
/// session's structure against the recommended one, the score and what to improve.
public struct SessionReview: Sendable {
    /// A warning and how long it lasted (nil: still going when the session ended).
    public struct Warning: Sendable {
        public var warning: RuleWarning
        public var durationMicros: UInt64?
    }

    public var header: RecordingHeader
    public var rules: RuleBook
    public var ageMonths: Double
    public var firstSession: Bool
    public var trace: ForceTrace
    public var episodes: [Episode]
    public var strokes: [Stroke]
    public var warnings: [Warning]
    /// The force limits the session was judged by, each from its device time on (`.limitChanged`).
    public var limits: [(startMicros: UInt64, limit: JudgedLimit)]
    /// Device time of the first and last sample.
    public var firstMicros: UInt64
    public var lastMicros: UInt64
    public var samples: Int
    /// Massage time (the technique episodes together) and the time allowed for the age, seconds.
    public var massageSeconds: Double
    public var allowedSeconds: Double
    public var techniques: [TechniqueSummary]
    public var structure: SessionStructure
    public var score: SessionScore
    /// What was wrong with the file (cut off, damaged parts skipped), one line each.
    public var notes: [String]
    /// Why the glove's stream ended, if not by the recording's end (a glove unplugged mid-session).
    public var linkEnded: String?

    public var seconds: Double { Double(lastMicros &- firstMicros) / 1e6 }

    /// Seconds from the session's start to device time `micros`.
    public func at(_ micros: UInt64) -> Double { Double(micros &- min(micros, firstMicros)) / 1e6 }

    /// Leg strokes whose direction was judged (stroking, long enough).
    public var judgedLegStrokes: [Stroke] {
        strokes.filter { $0.region == .leg && $0.technique == .stroking && $0.direction != nil && $0.lengthCm >= rules.direction.minLengthCm }
    }
}

/// Collects a session's events into a `SessionReview`: feed it every event of a replay with
/// samples (`LiveSession.Options.emitSamples`), in order, then `finish`.
public struct SessionReviewBuilder {
    private var trace = ForceTrace()
    private var episodes: [Episode] = []
    private var strokes: [Stroke] = []
    private var warnings: [SessionReview.Warning] = []
    private var limits: [(startMicros: UInt64, limit: JudgedLimit)] = []
    private var first: UInt64?
    private var last: UInt64 = 0
    private var samples = 0
    private var ended: String?

    public init() {}

    public mutating func take(_ event: SessionEvent) {
        switch event {
        case .sample(let sample, let newtons):
            if first == nil { first = sample.deviceTimeMicros }
            last = sample.deviceTimeMicros
            samples += 1
            trace.add(newtons, at: sample.deviceTimeMicros)
        case .analysis(.episodeEnded(let episode)):
            episodes.append(episode)
        case .analysis(.stroke(let stroke)):
            strokes.append(stroke)
        case .warningStarted(let warning):
            warnings.append(.init(warning: warning, durationMicros: nil))
        case .warningEnded(let warning, let duration):
            if let index = warnings.lastIndex(where: {
                $0.warning.rule == warning.rule && $0.warning.subject == warning.subject && $0.durationMicros == nil
            }) {
                warnings[index] = .init(warning: warning, durationMicros: duration)
            }
        case .linkEnded(let error):
            if error?.isEndOfRecording != true { ended = error.map { "\($0)" } }
        case .limitChanged(let limit, let time):
            limits.append((time, limit))
        case .analysis(.episodeStarted), .status, .rezeroed, .gloveLost, .gloveBack, .otherGlove, .gloveRestarted, .samplesDropped, .settled:
            break
        }
    }

    /// The review of the session, judged for `ageMonths` by `rules`.
    public mutating func finish(header: RecordingHeader, rules: RuleBook, ageMonths: Double, firstSession: Bool,
                                notes: [String]) -> SessionReview {
        trace.finish()
        let massage = episodes.reduce(0.0) { $0 + Double(($1.endMicros ?? $1.startMicros) &- $1.startMicros) / 1e6 }
        let allowed = rules.minutes(months: ageMonths, firstSession: firstSession) * 60
        let techniques = TechniqueSummary.make(episodes: episodes, strokes: strokes, trace: trace)
        let structure = SessionStructure(episodes: episodes, rules: rules, ageMonths: ageMonths)
        var review = SessionReview(
            header: header, rules: rules, ageMonths: ageMonths, firstSession: firstSession, trace: trace, episodes: episodes,
            strokes: strokes, warnings: warnings, limits: limits, firstMicros: first ?? 0, lastMicros: last, samples: samples,
            massageSeconds: massage, allowedSeconds: allowed, techniques: techniques, structure: structure,
            score: SessionScore(total: 0, parts: [], improvements: []), notes: notes, linkEnded: ended)
        review.score = SessionScore(review)
        return review
    }
}

extension SessionReview {
    /// Replays `recording` as fast as it goes, with its samples, and reviews it.
    public static func of(_ recording: Recording, name: String, rules: RuleBook, ageMonths: Double? = nil) -> SessionReview {
        let options = LiveSession.Options.replaying(recording.header, rules: rules, ageMonths: ageMonths, emitSamples: true)
        var builder = SessionReviewBuilder()
        ReplayPipeline.run(recording, name: name, options: options) { builder.take($0) }
        return builder.finish(header: recording.header, rules: rules, ageMonths: options.ageMonths, firstSession: options.firstSession,
                              notes: recording.notes(lastDeviceMicros: nil))
    }
}
