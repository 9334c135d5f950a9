import TenderfootAnalysis
import TenderfootCalibration

/// Judges a session against the rule book for the baby's age, as it happens: forces per
/// sample, and techniques, strokes, the session's order and its length from the analysis.
/// Each rule opens one warning while it is broken and closes it when it no longer is.
public struct Coach: Sendable {
    public let book: RuleBook
    public let ageMonths: Double
    public let firstSession: Bool
    /// Whether the doll's leg axis is calibrated, so a stroke's direction is judged from the
    /// first stroke. Without it, a direction is judged once the session's own strokes have drawn
    /// the leg's line (`LegAxisSource.learned`), and not before; speed then too (the IMU measures
    /// a stroke over its whole movement without calibration, once its gyroscope has settled).
    public let judgesMotion: Bool
    private var force: ForceLimitMonitor
    /// The force limit the last sample was judged by, with the reason it applied.
    public private(set) var limit: JudgedLimit
    private var techniqueWarning: RuleWarning?
    private var directionWarning: RuleWarning?
    private var speedWarning: RuleWarning?
    private var durationWarned = false
    private var episodes = 0
    /// The last technique other than the closing one that has not been closed with strokes yet.
    public private(set) var unclosed: Technique?
    public private(set) var lastTechnique: Technique?
    /// Whether a technique other than the closing one has been done: until then, ending the
    /// massage is not yet a step the session can take.
    public private(set) var anotherTechniqueDone = false
    /// Massage time so far: the finished episodes, plus the one going on from `episodeStart`.
    private var finishedMicros: UInt64 = 0
    private var episodeStart: UInt64?
    /// The episode going on, until it has lasted `confirmSeconds`: a shorter one is the hand
    /// changing from one technique to the next, not a technique of its own.
    private var unconfirmed: Episode?
    /// The last episode, if it ended before it was confirmed (and no other began since).
    private var endedUnconfirmed: Episode?
    public static let confirmSeconds = 1.5

    public enum Change: Sendable, Equatable {
        case started(RuleWarning)
        case ended(RuleWarning, durationMicros: UInt64)
    }

    /// The force limits for this age, looked up once (`RuleBook.judgedLimit`): [no technique,
    /// then `Technique.allCases` in order], and the one for a fresh touch.
    private let settledLimits: [JudgedLimit]
    private let freshTouchLimit: JudgedLimit

    /// A coach for a baby of `ageMonths`; `judgesMotion` when the glove's leg axis is calibrated;
    /// `approximateForces` when the glove is not calibrated (its force warnings say so).
    public init(book: RuleBook, ageMonths: Double, firstSession: Bool = false, judgesMotion: Bool = true,
                approximateForces: Bool = false) {
        limit = book.judgedLimit(nil, months: ageMonths)
        settledLimits = [limit] + Technique.allCases.map { book.judgedLimit($0, months: ageMonths) }
        freshTouchLimit = book.judgedLimit(nil, months: ageMonths, settled: false)
        allowedSeconds = book.minutes(months: ageMonths, firstSession: firstSession) * 60
        self.book = book
        self.ageMonths = ageMonths
        self.firstSession = firstSession
        self.judgesMotion = judgesMotion
        force = ForceLimitMonitor(provisional: book.force.provisional, approximate: approximateForces, tip: book.force.tip)
    }

    /// The limit `check` judges a sample by for `technique` (nil: none recognised), `settled` or on a fresh touch.
    public func limit(for technique: Technique?, settled: Bool) -> JudgedLimit {
        settled ? settledLimits[technique.map { $0.ordinal + 1 } ?? 0] : freshTouchLimit
    }

    /// No warning this coach reports from now on is dated before this device time, as far as it
    /// depends on the coach alone: an episode not yet confirmed is judged, later, from its start
    /// (nil: nothing pending). Force and duration warnings are dated at the sample that starts them.
    public var pendingSinceMicros: UInt64? {
        switch (unconfirmed?.startMicros, endedUnconfirmed?.startMicros) {
        case let (a?, b?): min(a, b)
        case let (a, b): a ?? b
        }
    }

    /// Whether a force warning is open now: fingers 0...4 (thumb to little), then the total at 5.
    /// A face's OVER mark is this, so it never disagrees with the warnings.
    public func isOverLimit(_ slot: Int) -> Bool { force.open[slot] != nil }

    /// The massage time allowed for this baby, seconds.
    public let allowedSeconds: Double

    /// Massage time at `now`, seconds.
    public func massageSeconds(at now: UInt64) -> Double {
        Double(finishedMicros + (episodeStart.map { now &- $0 } ?? 0)) / 1e6
    }

    /// One calibrated sample, with the technique being done (nil without contact); while the
    /// technique is not `settled` (a fresh touch), the loosest limit of the techniques allowed at
    /// this age applies (`RuleBook.judgedLimit`).
    public mutating func check(_ newtons: FingerNewtons, technique: Technique?, settled: Bool = true, deviceTimeMicros: UInt64,
                               sequence: UInt16, report: (Change) -> Void) {
        // The analysis ends an episode up to `switchSeconds` before it says so (a switch is
        // back-dated to when the new technique began): only past that is an episode surely as long
        // as `confirmSeconds`, as the report's order (`SessionStructure`) will measure it.
        if let episode = unconfirmed,
           Double(deviceTimeMicros &- episode.startMicros) / 1e6 >= Self.confirmSeconds + TechniqueAnalyzer.switchSeconds {
            unconfirmed = nil
            confirm(episode, report: report)
        }
        limit = self.limit(for: technique, settled: settled)
        force.check(newtons, limit: limit, technique: technique, deviceTimeMicros: deviceTimeMicros, sequence: sequence) { change in
            switch change {
            case .started(let warning): report(.started(warning))
            case .ended(let warning, let duration): report(.ended(warning, durationMicros: duration))
            }
        }
        if !durationWarned, massageSeconds(at: deviceTimeMicros) > allowedSeconds {
            durationWarned = true
            let minutes = massageSeconds(at: deviceTimeMicros) / 60
            report(.started(RuleWarning(rule: .duration, subject: "session", deviceTimeMicros: deviceTimeMicros, value: minutes,
                                        peak: minutes, limit: allowedSeconds / 60, unit: "min", technique: technique,
                                        tip: book.duration.tip)))
        }
    }

    /// One event of the analysis.
    public mutating func take(_ event: AnalysisEvent, report: (Change) -> Void) {
        switch event {
        case .episodeStarted(let episode):
            episodeStart = episode.startMicros
            unconfirmed = episode
            endedUnconfirmed = nil
        case .episodeEnded(let episode):
            let end = episode.endMicros ?? episode.startMicros
            finishedMicros += end &- (episodeStart ?? end)
            episodeStart = nil
            endedUnconfirmed = unconfirmed
            unconfirmed = nil
            close(&techniqueWarning, at: end, report: report)
            close(&directionWarning, at: end, report: report)
        case .stroke(let stroke):
            // A stroke's path is measured over its whole movement with or without calibration;
            // its direction needs the leg's line: calibrated, or learned from this session's strokes.
            if (judgesMotion && stroke.axis != .assumed) || stroke.axis == .learned { judgeDirection(stroke, report: report) }
            if stroke.axis != .assumed && stroke.speedSure { judgeSpeed(stroke, report: report) }
        }
    }

    /// The end of the session: closes what is open and checks that it ended with stroking.
    public mutating func finish(at now: UInt64, report: (Change) -> Void) {
        // The session ended during its last technique, or right after it: it still counts for the order.
        if let last = unconfirmed ?? endedUnconfirmed {
            unconfirmed = nil
            endedUnconfirmed = nil
            confirm(last, report: report)
        }
        if let last = lastTechnique, last != book.structure.endWith {
            let warning = structureWarning("end the massage with \(book.structure.endWith.rawValue), from the bottom up", at: now)
            report(.started(warning))
            report(.ended(warning, durationMicros: 0))
        }
        for slot in 0..<6 {
            if let warning = force.open[slot] { report(.ended(warning, durationMicros: now &- warning.deviceTimeMicros)) }
        }
        close(&techniqueWarning, at: now, report: report)
        close(&directionWarning, at: now, report: report)
        close(&speedWarning, at: now, report: report)
    }

    /// An episode that has lasted long enough to be a technique the trainee chose: judged for
    /// the session's order and for the baby's age.
    private mutating func confirm(_ episode: Episode, report: (Change) -> Void) {
        structure(episode, report: report)
        guard !book.isAllowed(episode.technique, months: ageMonths), let rule = book.rule(for: episode.technique) else { return }
        let warning = RuleWarning(rule: .technique, subject: episode.technique.rawValue, deviceTimeMicros: episode.startMicros,
                                  value: ageMonths, peak: ageMonths, limit: rule.fromMonths, unit: "months",
                                  technique: episode.technique, tip: rule.tip ?? book.structure.tip)
        techniqueWarning = warning
        report(.started(warning))
    }

    private mutating func structure(_ episode: Episode, report: (Change) -> Void) {
        let rules = book.structure
        defer {
            episodes += 1
            lastTechnique = episode.technique
            anotherTechniqueDone = anotherTechniqueDone || episode.technique != rules.closeEachWith
            unclosed = episode.technique == rules.closeEachWith ? nil : episode.technique
        }
        var advice: String?
        if episodes == 0 && episode.technique != rules.startWith {
            advice = "start the massage with \(rules.startWith.rawValue), not \(episode.technique.rawValue)"
        } else if let open = unclosed, open != episode.technique, episode.technique != rules.closeEachWith {
            advice = "close \(open.rawValue) with a few strokes before \(episode.technique.rawValue)"
        }
        guard let advice else { return }
        let warning = structureWarning(advice, at: episode.startMicros, technique: episode.technique)
        report(.started(warning))
        report(.ended(warning, durationMicros: 0))
    }

    private func structureWarning(_ advice: String, at time: UInt64, technique: Technique? = nil) -> RuleWarning {
        RuleWarning(rule: .structure, subject: advice, deviceTimeMicros: time, value: 0, peak: 0, limit: 0, unit: "",
                    technique: technique, tip: book.structure.tip)
    }

    private mutating func judgeDirection(_ stroke: Stroke, report: (Change) -> Void) {
        // Strokes only: rubbing's circles drift up the leg too slowly for the IMU to tell its way.
        guard stroke.technique == .stroking, stroke.region == .leg, let direction = stroke.direction,
              stroke.lengthCm >= book.direction.minLengthCm else { return }
        track(&directionWarning, broken: direction != book.direction.leg, value: stroke.lengthCm, stroke: stroke, report: report) {
            RuleWarning(rule: .direction, subject: "stroke", deviceTimeMicros: stroke.startMicros, value: stroke.lengthCm,
                        peak: stroke.lengthCm, limit: book.direction.minLengthCm, unit: "cm", technique: stroke.technique,
                        tip: book.direction.tip)
        }
    }

    /// How far over the limit a stroke's measured speed must be before it is called too fast: the
    /// IMU measures a stroke over its whole movement, assuming the hand ends where it began over
    /// the span around it, and a hand that does not (the first or last stroke of a run, a return
    /// slower than the stroke) reads faster than it was: up to 1.6 times on the field recordings'
    /// slow, correct strokes (90th percentile), while a too-fast stroke (2.5 to 4 times the limit)
    /// reads about its speed. A stroke is called too fast when it surely was.
    public static let speedReadingMargin = 1.5

    private mutating func judgeSpeed(_ stroke: Stroke, report: (Change) -> Void) {
        guard stroke.technique == .stroking, stroke.lengthCm >= book.direction.minLengthCm else { return }
        let tooFast = stroke.speedCmS > book.speed.maxCmS * Self.speedReadingMargin
        track(&speedWarning, broken: tooFast, value: stroke.speedCmS, stroke: stroke, report: report) {
            RuleWarning(rule: .speed, subject: "stroke", deviceTimeMicros: stroke.startMicros, value: stroke.speedCmS,
                        peak: stroke.speedCmS, limit: book.speed.maxCmS, unit: "cm/s", technique: stroke.technique,
                        tip: book.speed.tip)
        }
    }

    /// A per-stroke rule: a broken stroke opens the warning or adds to it; a good one closes it.
    private func track(_ slot: inout RuleWarning?, broken: Bool, value: Double, stroke: Stroke,
                       report: (Change) -> Void, make: () -> RuleWarning) {
        if !broken {
            close(&slot, at: stroke.startMicros, report: report)
        } else if var open = slot {
            open.count += 1
            open.peak = max(open.peak, value)
            slot = open
        } else {
            let warning = make()
            slot = warning
            report(.started(warning))
        }
    }

    private func close(_ warning: inout RuleWarning?, at time: UInt64, report: (Change) -> Void) {
        guard let open = warning else { return }
        warning = nil
        report(.ended(open, durationMicros: time &- min(time, open.deviceTimeMicros)))
    }
}
