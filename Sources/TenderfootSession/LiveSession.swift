import Foundation
import TenderfootAnalysis
import TenderfootCalibration
import TenderfootLink
import TenderfootRules
import TenderfootWire

/// The analysis side of a practice session: a thread that takes samples from the glove's ring,
/// converts them to newtons, checks them against the age limits, and publishes events and a
/// snapshot for the faces. Live and replay feed it the same way.
public final class LiveSession: @unchecked Sendable {
    public struct Options: Sendable {
        public var ageMonths: Double
        public var rules: RuleBook
        /// The article's shorter limit for the first sessions applies.
        public var firstSession: Bool
        public var calibration: GloveCalibration
        /// Emit a `.sample` event per sample (for `--json-samples`).
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

    public let options: Options
    private let connection: GloveFeed
    private let state = NSCondition()
    private var pending: [SessionEvent] = []
    private var published: LiveSnapshot
    /// The last sample's forces, and the sample count at the last snapshot: a snapshot with no
    /// new sample since the last one (a paused replay, a stalled glove) shows the last forces, not zero.
    private var latestNewtons = FingerNewtons.zero
    private var samplesAtLastSnapshot: UInt64 = 0
    private var thread: StoppableThread!
    private static let keptWarnings = 6

    public init(connection: GloveFeed, options: Options) {
        self.connection = connection
        self.options = options
        self.published = Self.emptySnapshot(options)
        thread = StoppableThread(name: "tenderfoot-analysis", qualityOfService: .userInteractive) { [self] thread in
            analyse(thread)
            state.lock()
            state.broadcast()  // wake a face waiting for events: there will be no more
            state.unlock()
        }
    }

    static func emptySnapshot(_ options: Options) -> LiveSnapshot {
        var snapshot = LiveSnapshot(limit: options.rules.limit(nil, months: options.ageMonths),
                                    provisionalLimits: options.rules.force.provisional)
        snapshot.allowedSeconds = Coach(book: options.rules, ageMonths: options.ageMonths, firstSession: options.firstSession).allowedSeconds
        return snapshot
    }

    private func analyse(_ thread: StoppableThread) {
        var coach = Coach(book: options.rules, ageMonths: options.ageMonths, firstSession: options.firstSession)
        var analyzer = TechniqueAnalyzer(imu: options.calibration.imu, motion: MotionSetup(options.calibration.motion))
        var calibration = options.calibration
        var zero = ZeroTracker(rateHz: options.rateHz)
        let batch = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 256)
        defer { batch.deallocate() }
        var local = Self.emptySnapshot(options)
        func judge(_ change: Coach.Change) {
            switch change {
            case .started(let warning): newEvents.append(.warningStarted(warning))
            case .ended(let warning, let duration): newEvents.append(.warningEnded(warning, durationMicros: duration))
            }
        }
        var rateWindow = (start: UInt64(0), count: 0)
        var lastMicros: UInt64 = 0
        var newEvents: [SessionEvent] = []
        newEvents.reserveCapacity(512)
        // A glove STATUS is reported among the samples by its uptime, not when it arrived: the
        // reader runs ahead of the analysis by up to a ring's worth, and a replay must give the
        // same events in the same order however fast it is read. Control frames reach the event
        // queue before the samples read with them reach the ring, so taking events first, then
        // samples, finds every STATUS held before the first sample after it is analysed.
        var lastNewtons = FingerNewtons.zero
        var heldStatuses: [DeviceStatus] = []
        func releaseStatuses(before micros: UInt64) {
            while let status = heldStatuses.first, UInt64(status.uptimeMillis) * 1000 <= micros {
                newEvents.append(.status(status))
                heldStatuses.removeFirst()
            }
        }
        // A glove that comes back after an unplug starts its clock again: its samples go on the
        // session's time line after the last one, with the outage between, and the analysis
        // closes what was going on before it.
        var outageStarted: ContinuousClock.Instant?
        var rebase: UInt64?
        var timeOffset: UInt64 = 0
        while true {
            while let event = connection.nextEvent(timeout: .zero) {
                switch event {
                case .frame(let frame):
                    if case .status(let status) = frame.message { heldStatuses.append(status) }
                case .ended(let error):
                    local.ended = .some(error)
                case .lost(let error):
                    newEvents.append(.gloveLost(error, deviceTimeMicros: lastMicros))
                    outageStarted = .now
                    local.outage = error
                case .restored(let port):
                    let outage = outageStarted.map { ContinuousClock.now - $0 } ?? .zero
                    let micros = UInt64(max(0, outage.components.seconds)) * 1_000_000 + UInt64(outage.components.attoseconds / 1_000_000_000_000)
                    newEvents.append(.gloveBack(port: port, afterMicros: micros))
                    rebase = lastMicros + micros
                    local.outage = nil
                case .refused(let port, let serial):
                    newEvents.append(.otherGlove(port: port, serial: serial))
                }
            }
            let count = connection.popSamples(into: batch)
            for var sample in batch.prefix(count) {
                if let start = rebase {
                    rebase = nil
                    analyzer.finish { event in
                        newEvents.append(.analysis(event))
                        coach.take(event, report: judge)
                    }
                    analyzer = TechniqueAnalyzer(imu: options.calibration.imu, motion: MotionSetup(options.calibration.motion))
                    timeOffset = start &- sample.deviceTimeMicros
                    rateWindow = (0, 0)
                }
                sample.deviceTimeMicros &+= timeOffset
                if !heldStatuses.isEmpty { releaseStatuses(before: sample.deviceTimeMicros) }
                if let tares = zero.check(sample.force, tares: calibration.tares) {
                    for finger in 0..<5 { calibration.fingers[finger].tareCounts = tares[finger] }
                    newEvents.append(.rezeroed(deviceTimeMicros: sample.deviceTimeMicros, tareCounts: tares.array))
                    local.lastRezeroMicros = sample.deviceTimeMicros
                }
                let newtons = calibration.newtons(sample.force)
                if options.emitSamples { newEvents.append(.sample(sample, newtons)) }
                analyzer.add(sample, newtons: newtons) { event in
                    newEvents.append(.analysis(event))
                    coach.take(event, report: judge)
                    if case .stroke(let stroke) = event { local.lastStroke = stroke }
                }
                let technique = analyzer.limitTechnique
                coach.check(newtons, technique: technique, settled: analyzer.isSettled, deviceTimeMicros: sample.deviceTimeMicros,
                            sequence: sample.sequence, report: judge)
                local.guess = analyzer.episode.map { TechniqueGuess(technique: $0.technique, confidence: analyzer.guess?.confidence ?? 0) }
                local.limit = coach.limit
                local.massageSeconds = coach.massageSeconds(at: sample.deviceTimeMicros)
                local.lastTechnique = coach.lastTechnique
                local.unclosed = coach.unclosed
                lastMicros = sample.deviceTimeMicros
                for finger in 0..<5 { local.newtons[finger] = max(local.newtons[finger], newtons[finger]) }
                local.total = max(local.total, newtons.total)
                lastNewtons = newtons
                local.samples += 1
                if local.firstDeviceMicros == nil { local.firstDeviceMicros = sample.deviceTimeMicros }
                local.deviceSeconds = Double(sample.deviceTimeMicros) / 1e6
                if rateWindow.count == 0 { rateWindow.start = sample.deviceTimeMicros }
                rateWindow.count += 1
                let span = sample.deviceTimeMicros - rateWindow.start
                if span >= 1_000_000 {
                    local.sampleRateHz = Double(rateWindow.count - 1) / (Double(span) / 1e6)
                    rateWindow = (sample.deviceTimeMicros, 1)
                }
            }
            let drained = local.ended != nil && connection.isDrained
            let finishing = drained || thread.isStopRequested
            if finishing { releaseStatuses(before: .max) }
            if finishing {
                analyzer.finish { event in
                    newEvents.append(.analysis(event))
                    coach.take(event, report: judge)
                }
                coach.finish(at: lastMicros, report: judge)
            }
            if drained { newEvents.append(.linkEnded(local.ended!)) }
            publish(&local, &newEvents, latest: lastNewtons)
            if finishing { break }
            if count == 0 { usleep(1000) }
        }
    }

    private func publish(_ local: inout LiveSnapshot, _ newEvents: inout [SessionEvent], latest: FingerNewtons) {
        state.lock()
        defer { state.unlock() }
        for event in newEvents {
            switch event {
            case .warningStarted(let warning):
                published.warnings.append((warning, nil))
                if published.warnings.count > Self.keptWarnings { published.warnings.removeFirst() }
            case .warningEnded(let warning, let duration):
                if let index = published.warnings.lastIndex(where: {
                    $0.warning.rule == warning.rule && $0.warning.subject == warning.subject && $0.durationMicros == nil
                }) {
                    published.warnings[index] = (warning, duration)
                }
            default: break
            }
        }
        pending += newEvents
        newEvents.removeAll(keepingCapacity: true)
        for finger in 0..<5 { published.newtons[finger] = max(published.newtons[finger], local.newtons[finger]) }
        published.total = max(published.total, local.total)
        latestNewtons = latest
        published.sampleRateHz = local.sampleRateHz
        published.samples = local.samples
        published.deviceSeconds = local.deviceSeconds
        published.firstDeviceMicros = local.firstDeviceMicros
        published.lastRezeroMicros = local.lastRezeroMicros
        published.limit = local.limit
        published.guess = local.guess
        published.lastStroke = local.lastStroke
        published.massageSeconds = local.massageSeconds
        published.lastTechnique = local.lastTechnique
        published.unclosed = local.unclosed
        published.ended = local.ended
        published.outage = local.outage
        local.newtons = FingerNewtons.zero
        local.total = 0
        if !pending.isEmpty { state.broadcast() }
    }

    /// The screen's view now; the per-finger peaks start again from here unless `keepingPeaks`
    /// (a look that is not a screen's frame).
    public func snapshot(keepingPeaks: Bool = false) -> LiveSnapshot {
        state.lock()
        var snapshot = published
        if snapshot.samples == samplesAtLastSnapshot && snapshot.samples > 0 {
            snapshot.newtons = latestNewtons
            snapshot.total = latestNewtons.total
        }
        if !keepingPeaks {
            published.newtons = FingerNewtons.zero
            published.total = 0
            samplesAtLastSnapshot = published.samples
        }
        state.unlock()
        snapshot.counters = connection.counters
        return snapshot
    }

    /// Events since the last call, waiting up to `timeout` for the first.
    public func takeEvents(timeout: TimeInterval = 0) -> [SessionEvent] {
        state.lock(); defer { state.unlock() }
        if pending.isEmpty && timeout > 0 && !thread.isFinished { _ = state.wait(until: Date().addingTimeInterval(timeout)) }
        let events = pending
        pending.removeAll()
        return events
    }

    /// True once the glove has stopped and every sample has been analysed.
    public var isFinished: Bool { thread.isFinished }

    /// Stops the analysis thread (after the connection is closed, it stops by itself).
    public func stop() { thread.stop() }
}
