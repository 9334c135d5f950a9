import TenderfootAnalysis
import TenderfootCalibration
import TenderfootRules
import TenderfootSession
import TenderfootWire

/// An export's samples held until the analysis has settled them, then handed on each with its
/// technique (the episode it falls in, as the analysis found it in hindsight) and the warnings
/// that started at it. One pass over a recording: a sample is held until a `.settled` event
/// passes it (usually under 3 s: the analysis back-dates a switch of technique, the end of an
/// episode and a stroke's verdicts to when they began), so memory does not grow with the file.
///
/// A stretch that the analysis has not settled for `capacity` samples (minutes of one touch)
/// hands on its oldest samples with what is known then: a verdict dated earlier than the
/// samples still held is listed on the first of them.
struct SettledRows {
    /// What is written for one sample.
    struct Row {
        var sample: Sample
        var newtons: FingerNewtons
        var technique: Technique?
        var warnings: [RuleWarning]
    }

    /// Samples held at most (1 << 18: 21 MB, over 4 minutes at 1 kHz).
    let capacity: Int
    private var held: [(sample: Sample, newtons: FingerNewtons)] = []
    private var head = 0
    /// Episodes begun and not yet behind the samples handed on, in order; nil end while one goes on.
    private var episodes: [Episode] = []
    /// Warnings begun and not yet listed, by start time.
    private var warnings: [RuleWarning] = []
    /// Episodes ended and warnings started so far.
    private(set) var events = 0

    init(capacity: Int = 1 << 18) {
        self.capacity = capacity
    }

    /// Takes the next event of the replay; calls `write` for each sample it settles.
    mutating func take(_ event: SessionEvent, write: (Row) -> Void) {
        switch event {
        case .sample(let sample, let newtons):
            held.append((sample, newtons))
            if held.count - head > capacity { handOn(before: held[head].sample.deviceTimeMicros + 1, write: write) }
        case .settled(let micros):
            handOn(before: micros, write: write)
        case .analysis(.episodeStarted(let episode)):
            episodes.append(episode)
        case .analysis(.episodeEnded(let episode)):
            events += 1
            if let open = episodes.lastIndex(where: { $0.startMicros == episode.startMicros && $0.endMicros == nil }) {
                episodes[open] = episode
            } else {
                episodes.append(episode)
            }
        case .warningStarted(let warning):
            events += 1
            let index = warnings.lastIndex { $0.deviceTimeMicros <= warning.deviceTimeMicros }.map { $0 + 1 } ?? 0
            warnings.insert(warning, at: index)
        default:
            break
        }
    }

    /// The end of the replay: every sample still held.
    mutating func finish(write: (Row) -> Void) {
        handOn(before: .max, write: write)
    }

    private mutating func handOn(before micros: UInt64, write: (Row) -> Void) {
        var placed = 0
        while head < held.count, held[head].sample.deviceTimeMicros < micros {
            let (sample, newtons) = held[head]
            let time = sample.deviceTimeMicros
            while let first = episodes.first, let end = first.endMicros, end < time { episodes.removeFirst() }
            let technique = episodes.first.flatMap { $0.startMicros <= time ? $0.technique : nil }
            var started: [RuleWarning] = []
            while placed < warnings.count, warnings[placed].deviceTimeMicros <= time {
                started.append(warnings[placed])
                placed += 1
            }
            write(Row(sample: sample, newtons: newtons, technique: technique, warnings: started))
            head += 1
        }
        if placed > 0 { warnings.removeFirst(placed) }
        if head >= 4096 && head * 2 >= held.count {
            held.removeFirst(head)
            head = 0
        }
    }
}
