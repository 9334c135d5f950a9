import TenderfootAnalysis
import TenderfootCalibration
import TenderfootRules
import TenderfootWire

/// What a session is judged by: the baby's age, the rules, the glove's calibration and rate.
public struct JudgeOptions: Sendable {
    public var ageMonths: Double
    public var rules: RuleBook
    /// The article's shorter limit for the first sessions applies.
    public var firstSession: Bool
    public var calibration: GloveCalibration
    /// Emit a `.sample` event per sample (for `--json-samples` and exports).
    public var emitSamples = false
    /// The glove's sample rate (sets how many samples make the re-zero's second).
    public var rateHz: Double

    public init(ageMonths: Double, rules: RuleBook, firstSession: Bool = false, calibration: GloveCalibration,
                emitSamples: Bool = false, rateHz: Double) {
        self.ageMonths = ageMonths
        self.rules = rules
        self.firstSession = firstSession
        self.calibration = calibration
        self.emitSamples = emitSamples
        self.rateHz = rateHz
    }
}

/// The one place a decoded sample is judged: re-zero, counts to newtons, technique analysis and
/// the coach, in that order, and the end of the session. Live, replay, the accuracy tests and
/// the benchmark all judge through it, so what is measured is what users run. Everything it
/// keeps is allocated at creation; a sample costs no allocation (the events it reports are
/// enum values handed to a non-escaping closure).
///
/// A class, not a struct: the analyzer reports its events into the coach while both are
/// being changed, which Swift's exclusivity allows between two stored properties of a class.
public final class SampleJudge {
    public let options: JudgeOptions
    private var coach: Coach
    private var analyzer: TechniqueAnalyzer
    private var calibration: GloveCalibration
    private var zero: ZeroTracker
    /// The limit the previous sample was judged by (nil before the first).
    private var judgedBy: JudgedLimit?
    /// The last sample's forces, newtons.
    public private(set) var newtons = FingerNewtons.zero
    /// The last stroke the analysis completed.
    public private(set) var lastStroke: Stroke?
    /// Device time of the last sample judged, and of the last re-zero.
    public private(set) var lastMicros: UInt64 = 0
    public private(set) var lastRezeroMicros: UInt64?
    /// The last `.settled` said (it only moves on), and by how much it must move to be said again.
    private var settledMicros: UInt64 = 0
    private static let settledStepMicros: UInt64 = 10_000

    public init(options: JudgeOptions) {
        self.options = options
        coach = Coach(book: options.rules, ageMonths: options.ageMonths, firstSession: options.firstSession,
                      judgesMotion: options.calibration.motion?.legAxis != nil, approximateForces: !options.calibration.isCalibrated)
        analyzer = Self.analyzer(options)
        calibration = options.calibration
        zero = ZeroTracker(rateHz: options.rateHz)
    }

    private static func analyzer(_ options: JudgeOptions) -> TechniqueAnalyzer {
        TechniqueAnalyzer(imu: options.calibration.imu, motion: MotionSetup(options.calibration.motion))
    }

    /// Judges one sample (its device time already on the session's time line); reports each event in order.
    public func judge(_ sample: Sample, report: (SessionEvent) -> Void) {
        if let tares = zero.check(sample.force, tares: calibration.tares) {
            for finger in 0..<5 { calibration.fingers[finger].tareCounts = tares[finger] }
            report(.rezeroed(deviceTimeMicros: sample.deviceTimeMicros, tareCounts: tares.array))
            lastRezeroMicros = sample.deviceTimeMicros
        }
        let newtons = calibration.newtons(sample.force)
        if options.emitSamples { report(.sample(sample, newtons)) }
        analyzer.add(sample, newtons: newtons) { event in
            report(.analysis(event))
            if case .stroke(let stroke) = event { lastStroke = stroke }
            coach.take(event) { report($0.event) }
        }
        let technique = analyzer.limitTechnique, settled = analyzer.isSettled
        let limit = coach.limit(for: technique, settled: settled)
        if judgedBy != limit {
            // Announced before any warning this sample starts, which names it.
            judgedBy = limit
            report(.limitChanged(limit, deviceTimeMicros: sample.deviceTimeMicros))
        }
        coach.check(newtons, technique: technique, settled: settled, deviceTimeMicros: sample.deviceTimeMicros,
                    sequence: sample.sequence) { report($0.event) }
        if options.emitSamples {
            let horizon = min(analyzer.settledMicros, coach.pendingSinceMicros ?? .max)
            if horizon >= settledMicros &+ Self.settledStepMicros {
                settledMicros = horizon
                report(.settled(beforeMicros: horizon))
            }
        }
        self.newtons = newtons
        lastMicros = sample.deviceTimeMicros
    }

    /// The glove came back after an outage: what the hand was doing before it is over (its
    /// episode ends), and the analysis starts afresh; the coach's session goes on.
    public func resume(report: (SessionEvent) -> Void) {
        closeAnalysis(report: report)
        analyzer = Self.analyzer(options)
    }

    /// The end of the session: the last episode ends, open warnings close, the order is checked.
    public func finish(report: (SessionEvent) -> Void) {
        closeAnalysis(report: report)
        coach.finish(at: lastMicros) { report($0.event) }
    }

    private func closeAnalysis(report: (SessionEvent) -> Void) {
        analyzer.finish { event in
            report(.analysis(event))
            coach.take(event) { report($0.event) }
        }
    }

    /// The limit the last sample was judged by, with its reason.
    public var limit: JudgedLimit { coach.limit }
    /// Whether a force warning is open: fingers 0...4, then the total at 5 (a face's OVER mark).
    public func isOverLimit(_ slot: Int) -> Bool { coach.isOverLimit(slot) }
    /// The technique being done now and how sure the analysis is (nil without contact).
    public var guess: TechniqueGuess? {
        analyzer.episode.map { TechniqueGuess(technique: $0.technique, confidence: analyzer.guess?.confidence ?? 0) }
    }
    /// Massage time so far, seconds, at the last sample.
    public var massageSeconds: Double { coach.massageSeconds(at: lastMicros) }
    /// Massage time allowed for the age, seconds.
    public var allowedSeconds: Double { coach.allowedSeconds }
    /// The session's order: the last technique, and one not yet closed with strokes.
    public var lastTechnique: Technique? { coach.lastTechnique }
    public var anotherTechniqueDone: Bool { coach.anotherTechniqueDone }
    public var unclosed: Technique? { coach.unclosed }
}

extension Coach.Change {
    /// The change as a session event.
    var event: SessionEvent {
        switch self {
        case .started(let warning): .warningStarted(warning)
        case .ended(let warning, let duration): .warningEnded(warning, durationMicros: duration)
        }
    }
}
