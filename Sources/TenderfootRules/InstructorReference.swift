import Foundation
import TenderfootAnalysis
import TenderfootCalibration

/// An instructor doing the techniques correctly, measured: the forces per technique and the
/// speed of the strokes, and the rules derived from them for one age band. Each derived limit is
/// the instructor's 99th percentile times a margin (1.25 by default), so a trainee working like
/// the instructor is never warned and one pressing a quarter harder than the expert's firmest
/// moments is. Each derived limit names the instructor (it is not a provisional default: its
/// warnings do not say "provisional"); techniques the instructor did not show for at least
/// `minimumSeconds` keep the base rules' limits, and `notDerived` says why for each.
///
/// Samples are attributed to a technique once the analysis has closed the episode they fall in
/// (episodes are back-dated to their first touch), so the samples of the open episode wait in
/// `pending`, in device-time order.
public struct InstructorReference: Sendable {
    public static let defaultMargin = 1.25
    public static let percentile = 0.99
    /// A technique shown for less than this in all (seconds) is too little to derive its limit from.
    public static let minimumSeconds = 2.0
    /// Strokes needed before their speed sets the speed limit.
    public static let minimumStrokes = 3

    /// What was measured for one technique.
    public struct Measured: Sendable, Equatable {
        public var technique: Technique
        /// How long the instructor did it, seconds.
        public var seconds: Double
        /// The instructor's 99th percentile, newtons: the most loaded fingertip and the total.
        public var fingertipNewtons: Double
        public var totalNewtons: Double
    }

    private var pending: [(micros: UInt64, fingertip: Double, total: Double)] = []
    private var fingertip: [Technique: [Double]] = [:]
    private var total: [Technique: [Double]] = [:]
    private var strokeSpeeds: [Double] = []
    private var shownSeconds: [Technique: Double] = [:]
    /// Every episode's time, the short ones too: what the analysis saw, counted or not.
    private var seenSeconds: [Technique: Double] = [:]

    public init() {}

    /// One calibrated sample; only samples in contact count.
    public mutating func add(_ newtons: FingerNewtons, deviceTimeMicros: UInt64) {
        let most = newtons.largest
        guard most > ContactTracker.onNewtons else { return }
        pending.append((deviceTimeMicros, most, newtons.total))
    }

    /// One event of the analysis: a closed episode takes its samples, a stroke its speed.
    public mutating func take(_ event: AnalysisEvent) {
        switch event {
        case .episodeEnded(let episode):
            let end = episode.endMicros ?? episode.startMicros
            let seconds = Double(end &- episode.startMicros) / 1e6
            seenSeconds[episode.technique, default: 0] += seconds
            // A shorter episode is the hand changing between techniques: its samples teach nothing.
            if seconds >= Coach.confirmSeconds {
                shownSeconds[episode.technique, default: 0] += seconds
                for sample in pending where sample.micros >= episode.startMicros && sample.micros <= end {
                    fingertip[episode.technique, default: []].append(sample.fingertip)
                    total[episode.technique, default: []].append(sample.total)
                }
            }
            pending.removeAll { $0.micros <= end }
        case .stroke(let stroke) where stroke.technique == .stroking:
            strokeSpeeds.append(stroke.speedCmS)
        default:
            break
        }
    }

    /// What was measured, per technique the instructor showed long enough, in the article's order.
    public var measured: [Measured] {
        Technique.massage.compactMap { technique in
            guard let forces = fingertip[technique], let seconds = shownSeconds[technique], seconds >= Self.minimumSeconds else {
                return nil
            }
            return Measured(technique: technique, seconds: seconds,
                            fingertipNewtons: Self.quantile(forces), totalNewtons: Self.quantile(total[technique] ?? []))
        }
    }

    /// The techniques the analysis saw that got no limit, each with why: too little time in
    /// all, or only in moments too short to count as the technique.
    public var notDerived: [(technique: Technique, reason: String)] {
        let derived = Set(measured.map(\.technique))
        return Technique.massage.compactMap { technique in
            guard !derived.contains(technique), let seen = seenSeconds[technique] else { return nil }
            let counted = shownSeconds[technique] ?? 0
            let need = String(format: "%g", Self.minimumSeconds)
            let reason = counted == 0
                ? String(format: "seen for %.1f s, but never for %g s at a stretch, which a technique needs to count; do it steadily for %@ s or more",
                         seen, Coach.confirmSeconds, need)
                : String(format: "shown for %.1f s in all; %@ s are needed", counted, need)
            return (technique, reason)
        }
    }

    /// The instructor's stroke speed at the 99th percentile, cm/s (nil with too few strokes).
    public var strokeSpeedCmS: Double? {
        strokeSpeeds.count >= Self.minimumStrokes ? Self.quantile(strokeSpeeds) : nil
    }

    /// The base rules with this reference's limits for a baby of `months`: force per technique
    /// shown, and the stroke speed. Throws when nothing was shown long enough to derive from.
    public func rules(from base: RuleBook, months: Double, margin: Double = defaultMargin,
                      instructor: String, recorded: Date) throws(RulesError) -> RuleBook {
        let shown = measured
        guard !shown.isEmpty else {
            throw RulesError(description: "the reference holds no technique shown for \(Self.minimumSeconds) s or more — "
                             + "do each technique for a few seconds while the glove streams")
        }
        var book = base
        let band = base.band(months: months)
        let day = ISO8601DateFormatter.string(from: recorded, timeZone: .current, formatOptions: [.withFullDate])
        book.name = "Reference of \(instructor), \(day)"
        book.sources["reference"] = "An instructor's reference recorded with `tenderfoot reference` on \(day) (\(instructor)): "
            + "each limit is the instructor's 99th percentile times \(String(format: "%.2f", margin))"
        var limits = book.force.limits[band.id] ?? [:]
        for technique in shown {
            limits[technique.technique.rawValue] = RuleBook.Limit(fingertipNewtons: Self.rounded(technique.fingertipNewtons * margin),
                                                                  totalNewtons: Self.rounded(technique.totalNewtons * margin),
                                                                  instructor: instructor)
        }
        book.force.limits[band.id] = limits
        let names = shown.map(\.technique.rawValue).joined(separator: ", ")
        book.force.why = "\(band.label): \(names) from \(instructor)'s own forces (marked \"instructor\"); the other limits are "
            + "provisional defaults: " + (base.force.why ?? "no published figures")
        book.force.cite.append(Citation(source: "reference", quote: "\(band.label): \(names) from the instructor's own forces"))
        if let speed = strokeSpeedCmS {
            book.speed.maxCmS = Self.rounded(speed * margin)
            book.speed.cite.append(Citation(source: "reference", quote: "the instructor's stroking speed"))
        }
        // What is written must load: check it as a file would be.
        let data: Data
        do { data = try JSONEncoder().encode(book) } catch {
            throw RulesError(description: "cannot encode the derived rules: \(error)")
        }
        return try RuleBook.parse(data, name: book.name)
    }

    static func quantile(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * percentile).rounded()))]
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
