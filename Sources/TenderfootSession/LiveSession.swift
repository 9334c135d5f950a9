import Foundation
import TenderfootAnalysis
import TenderfootCalibration
import TenderfootLink
import TenderfootRules
import TenderfootWire

/// The analysis side of a practice session: a thread that takes samples from the glove's ring,
/// judges each with a `SampleJudge`, and publishes events and a snapshot to any number of
/// subscribers (`subscribe`), each with its own queue and its own peaks. Live and replay feed
/// it the same way.
public final class LiveSession: @unchecked Sendable {
    public typealias Options = JudgeOptions

    public let options: Options
    private let connection: GloveFeed
    /// Guards everything below, and wakes subscribers waiting for events (and a session
    /// waiting for room in a subscriber that never drops).
    let state = NSCondition()
    private var subscribers: [SessionSubscription] = []
    private var published: LiveSnapshot
    private var thread: StoppableThread?
    private static let keptWarnings = 6

    public init(connection: GloveFeed, options: Options) {
        self.connection = connection
        self.options = options
        self.published = Self.emptySnapshot(options)
    }

    /// Starts the analysis thread; subscribe first to see every event from the first sample.
    public func start() {
        state.lock(); defer { state.unlock() }
        guard thread == nil else { return }
        thread = StoppableThread(name: "tenderfoot-analysis", qualityOfService: .userInteractive) { [self] thread in
            analyse(thread)
            state.lock()
            state.broadcast()  // wake a face waiting for events: there will be no more
            state.unlock()
        }
    }

    /// A new subscriber: it receives every event from now on in a queue of its own of
    /// `capacity` events. `.drop` (a face) counts what does not fit and never holds the
    /// analysis up; `.wait` (a replay or an export, where every event is the point) makes the
    /// analysis wait for room.
    public func subscribe(capacity: Int = SessionSubscription.defaultCapacity, overflow: SessionSubscription.Overflow = .drop)
        -> SessionSubscription {
        let subscription = SessionSubscription(session: self, capacity: capacity, overflow: overflow)
        state.lock()
        subscribers.append(subscription)
        state.unlock()
        return subscription
    }

    static func emptySnapshot(_ options: Options) -> LiveSnapshot {
        let coach = Coach(book: options.rules, ageMonths: options.ageMonths, firstSession: options.firstSession)
        var snapshot = LiveSnapshot(limit: coach.limit, provisionalLimits: options.rules.force.provisional,
                                    strokeMinLengthCm: options.rules.direction.minLengthCm)
        snapshot.allowedSeconds = coach.allowedSeconds
        return snapshot
    }

    private func analyse(_ thread: StoppableThread) {
        let judge = SampleJudge(options: options)
        let batch = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 256)
        defer { batch.deallocate() }
        var local = Self.emptySnapshot(options)
        var peaks = (newtons: FingerNewtons.zero, total: 0.0)
        var rateWindow = (start: UInt64(0), count: 0)
        var newEvents: [SessionEvent] = []
        newEvents.reserveCapacity(512)
        // A glove STATUS is reported among the samples by its uptime, not when it arrived: the
        // reader runs ahead of the analysis by up to a ring's worth, and a replay must give the
        // same events in the same order however fast it is read. Control frames reach the event
        // queue before the samples read with them reach the ring, so taking events first, then
        // samples, finds every STATUS held before the first sample after it is analysed. Its
        // uptime counts from the boot that sent it: a STATUS of a boot the samples have not
        // reached waits for them (the reader may be past a reboot), one of an earlier boot is due.
        var heldStatuses: [(status: DeviceStatus, boot: UInt64)] = []
        // The boot the judged samples are of, counted as the session counts restarts, and where
        // its clock began on the decoder's time line. A reconnected glove's frames come through
        // a new decoder, whose restarts count from `connectionBoots`.
        var boot = (count: UInt64(0), originMicros: UInt64(0))
        var connectionBoots: UInt64 = 0
        func releaseStatuses(before bootMicros: UInt64) {
            while let held = heldStatuses.first,
                  held.boot < boot.count || (held.boot == boot.count && UInt64(held.status.uptimeMillis) * 1000 <= bootMicros) {
                newEvents.append(.status(held.status))
                heldStatuses.removeFirst()
            }
        }
        // A glove that comes back after an unplug starts its clock again: its samples go on the
        // session's time line after the last one, with the outage between, and the analysis
        // closes what was going on before it.
        var outageStarted: ContinuousClock.Instant?
        var rebase: UInt64?
        var timeOffset: UInt64 = 0
        var restartsSeen: UInt64 = 0
        var dropsSaid: (total: UInt64, atMicros: UInt64?) = (0, nil)
        while true {
            while let event = connection.nextEvent(timeout: .zero) {
                switch event {
                case .frame(let frame):
                    if case .status(let status) = frame.message { heldStatuses.append((status, connectionBoots + frame.senderRestarts)) }
                case .ended(let error):
                    local.ended = .some(error.map(LinkProblem.init))
                case .lost(let error):
                    newEvents.append(.gloveLost(LinkProblem(error), deviceTimeMicros: judge.lastMicros))
                    outageStarted = .now
                    local.outage = LinkProblem(error)
                case .restored(let port):
                    let outage = outageStarted.map { ContinuousClock.now - $0 } ?? .zero
                    let micros = UInt64(max(0, outage.components.seconds)) * 1_000_000 + UInt64(outage.components.attoseconds / 1_000_000_000_000)
                    newEvents.append(.gloveBack(port: port, afterMicros: micros))
                    rebase = judge.lastMicros + micros
                    connectionBoots = restartsSeen
                    local.outage = nil
                case .refused(let port, let serial):
                    newEvents.append(.otherGlove(port: port, serial: serial))
                }
            }
            let count = connection.popSamples(into: batch)
            if count > 0 {
                let counters = connection.counters
                let now = batch[0].deviceTimeMicros &+ timeOffset
                if counters.ringOverflows > dropsSaid.total, dropsSaid.atMicros.map({ now >= $0 &+ 1_000_000 }) ?? true {
                    newEvents.append(.samplesDropped(deviceTimeMicros: now, count: counters.ringOverflows - dropsSaid.total,
                                                     total: counters.ringOverflows))
                    dropsSaid = (counters.ringOverflows, now)
                }
            }
            for var sample in batch.prefix(count) {
                let decodedMicros = sample.deviceTimeMicros
                if let start = rebase {
                    rebase = nil
                    judge.resume { newEvents.append($0) }
                    timeOffset = start &- sample.deviceTimeMicros
                    rateWindow = (0, 0)
                    boot = (restartsSeen, decodedMicros &- UInt64(sample.deviceClockMicros))
                }
                sample.deviceTimeMicros &+= timeOffset
                if sample.senderRestartsBefore > 0 {
                    restartsSeen += UInt64(sample.senderRestartsBefore)
                    boot = (restartsSeen, decodedMicros &- UInt64(sample.deviceClockMicros))
                    newEvents.append(.gloveRestarted(deviceTimeMicros: sample.deviceTimeMicros, restarts: restartsSeen))
                }
                if !heldStatuses.isEmpty { releaseStatuses(before: decodedMicros &- boot.originMicros) }
                judge.judge(sample) { newEvents.append($0) }
                let newtons = judge.newtons
                for finger in 0..<5 { peaks.newtons[finger] = max(peaks.newtons[finger], newtons[finger]) }
                peaks.total = max(peaks.total, newtons.total)
                local.samples += 1
                if local.firstDeviceMicros == nil { local.firstDeviceMicros = sample.deviceTimeMicros }
                if rateWindow.count == 0 { rateWindow.start = sample.deviceTimeMicros }
                rateWindow.count += 1
                let span = sample.deviceTimeMicros - rateWindow.start
                if span >= 1_000_000 {
                    local.sampleRateHz = Double(rateWindow.count - 1) / (Double(span) / 1e6)
                    rateWindow = (sample.deviceTimeMicros, 1)
                }
            }
            let drained = local.ended != nil && connection.isDrained
            // Asked to stop (the connection closed first), the samples already in the ring are
            // judged before the end: a recording of the session replays to the same events.
            let finishing = drained || thread.isStopRequested && count < batch.count
            if finishing {
                for held in heldStatuses { newEvents.append(.status(held.status)) }
                heldStatuses.removeAll()
                judge.finish { newEvents.append($0) }
            }
            if drained, let ended = local.ended { newEvents.append(.linkEnded(ended)) }
            if count > 0 || finishing || !newEvents.isEmpty {
                local.read(judge)
                publish(local, &newEvents, peaks: count > 0 ? peaks : nil, thread: thread)
                peaks = (FingerNewtons.zero, 0)
            } else {
                publishLink(local)
            }
            if finishing { break }
            if count == 0 { usleep(1000) }
        }
    }

    /// Hands the new events to every subscriber and the snapshot's state to all.
    private func publish(_ local: LiveSnapshot, _ newEvents: inout [SessionEvent], peaks: (newtons: FingerNewtons, total: Double)?,
                         thread: StoppableThread) {
        state.lock()
        defer { state.unlock() }
        for event in newEvents {
            switch event {
            case .warningStarted(let warning):
                published.warnings.append((warning, nil))
                published.warningsGiven += 1
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
        let (warnings, given) = (published.warnings, published.warningsGiven)
        published = local
        (published.warnings, published.warningsGiven) = (warnings, given)
        for subscriber in subscribers {
            subscriber.take(newEvents, peaks: peaks) {
                // Room is made by the subscriber's reader; a stopped session gives up waiting.
                guard !thread.isStopRequested else { return false }
                _ = state.wait(until: Date().addingTimeInterval(0.05))
                return !thread.isStopRequested
            }
        }
        newEvents.removeAll(keepingCapacity: true)
        state.broadcast()
    }

    /// With no new sample, only the link's state (an outage, the end) changes.
    private func publishLink(_ local: LiveSnapshot) {
        state.lock()
        published.outage = local.outage
        published.ended = local.ended
        state.unlock()
    }

    /// The session's shared state now (under the lock), with the link's counters.
    func sharedSnapshot() -> LiveSnapshot {
        published
    }

    var linkHealth: LinkHealth { LinkHealth(connection.counters) }

    /// `isFinished`, for a caller holding `state`.
    var isFinishedUnlocked: Bool { thread?.isFinished ?? false }

    /// True once the glove has stopped and every sample has been analysed.
    public var isFinished: Bool {
        state.lock()
        let thread = self.thread
        state.unlock()
        return thread?.isFinished ?? false
    }

    /// Stops the analysis thread (after the connection is closed, it stops by itself).
    public func stop() {
        state.lock()
        let thread = self.thread
        state.unlock()
        thread?.stop()
    }
}

extension LiveSnapshot {
    /// The judge's state after its last sample.
    mutating func read(_ judge: SampleJudge) {
        limit = judge.limit
        for slot in 0..<6 { overLimit[slot] = judge.isOverLimit(slot) }
        guess = judge.guess
        lastStroke = judge.lastStroke
        massageSeconds = judge.massageSeconds
        lastTechnique = judge.lastTechnique
        unclosed = judge.unclosed
        anotherTechniqueDone = judge.anotherTechniqueDone
        lastRezeroMicros = judge.lastRezeroMicros
        if samples > 0 { deviceSeconds = Double(judge.lastMicros) / 1e6 }
        newtons = judge.newtons
        total = judge.newtons.total
    }
}
