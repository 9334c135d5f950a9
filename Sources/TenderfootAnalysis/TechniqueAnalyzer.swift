import Foundation
import TenderfootCalibration
import TenderfootWire

/// The glove's motion calibration the analysis needs: gyroscope bias, the size of gravity as
/// the accelerometer reads it, and the doll's leg axis in glove axes (foot to hip).
public struct MotionSetup: Sendable, Equatable {
    public var gyroBiasDPS: Vector
    public var gravityG: Double
    /// Unit vector, glove axes. Without a calibrated axis, the fingertips' direction (+x): the
    /// article's strokes lead the hand up the leg fingers first ("clasping the area of the ankle
    /// joints with the palm of the hand and leading the arms upwards").
    public var legAxis: Vector
    /// Whether the gyroscope's bias was measured (by calibration); if not, it is found from the
    /// moments the hand is still (`GyroBiasTracker`).
    public var biasMeasured: Bool
    /// Whether the leg axis was calibrated (else it is learned from the session's strokes).
    public var axisCalibrated: Bool

    public init(gyroBiasDPS: Vector? = nil, gravityG: Double = 1, legAxis: Vector? = nil) {
        self.gyroBiasDPS = gyroBiasDPS ?? .zero
        biasMeasured = gyroBiasDPS != nil
        axisCalibrated = legAxis != nil
        self.gravityG = gravityG
        self.legAxis = (legAxis ?? Vector(1, 0, 0)).normalized
    }

    /// From a glove's calibration (defaults when its motion was not calibrated).
    public init(_ motion: CalibrationProfile.Motion?) {
        guard let motion, motion.gyroBiasDPS.count == 3 else { self.init(); return }
        let bias = Vector(motion.gyroBiasDPS[0], motion.gyroBiasDPS[1], motion.gyroBiasDPS[2])
        self.init(gyroBiasDPS: bias, gravityG: motion.gravityG, legAxis: motion.legAxis.flatMap { $0.count == 3 ? Vector($0[0], $0[1], $0[2]) : nil })
    }
}

/// Follows what the hand does, sample by sample, on the analysis thread: contacts, the
/// technique being done (with a confidence), and each stroke's path, direction and speed.
/// Everything it keeps is allocated at creation; a sample costs no allocation.
public struct TechniqueAnalyzer: Sendable {
    /// No contact for this long ends an episode (longer than the pause between two strokes).
    public static let restSeconds = 2.5
    /// A new technique must be seen this long before the episode changes.
    public static let switchSeconds = 0.4
    /// Hand tilted further than this from palm-down (degrees) counts as working on the sole.
    public static let soleTiltDegrees = 50.0
    /// A stroke whose hand turned its heading more than this (degrees) gets no direction.
    public static let steadyTurnDegrees = 45.0
    /// A touch may begin another technique when it follows a lift of `liftedSeconds`, or any
    /// lift after a contact of `heldSeconds` (longer than a tap): for `freshSeconds` the technique
    /// before it is not trusted (see `isSettled`).
    public static let liftedSeconds = 0.35
    public static let heldSeconds = 0.5
    public static let freshSeconds = 0.5

    public let imu: IMUScale
    public let motion: MotionSetup
    private var contact = ContactTracker()
    private var gravity: GravityTracker
    private var meter = WholeGlideMeter()
    private var stillBias = GyroBiasTracker()
    /// A contact that ended as a stroke, waiting for the air time after it to be measured whole.
    private var waitingStroke: (technique: Technique, startMicros: UInt64, endMicros: UInt64, peak: FingerNewtons)?
    private var history = BlockHistory()
    private var contacts = ContactLog()
    private var extractor = FeatureExtractor()
    private var block = BlockAccumulator()
    private var squeeze = SqueezeTracker()
    private var legLine = LegLine()
    private var lastMicros: UInt64?
    private var touchDown: (micros: UInt64, up: Vector)?
    private var strokePeak = FingerNewtons.zero
    private var lastLiftOff: UInt64?
    private var freshUntil: UInt64 = 0
    private var lastContactSeconds = 0.0
    private var pending: (technique: Technique, since: UInt64)?
    /// What the window reads while the episode is kept against it (`touchCouldShow`).
    private var heldAgainst: Technique?
    private var confidence = (sum: 0.0, count: 0.0)

    /// The technique being done now (nil with no contact), with the latest confidence.
    public private(set) var episode: Episode?
    /// False for the first moments of a touch after the hand was lifted: the episode's technique
    /// is the one before the lift, and the hand may have begun another (the rules then apply the
    /// stricter of its limits and the gentlest technique's).
    public var isSettled: Bool { (lastMicros ?? 0) >= freshUntil }
    /// The technique whose limits apply now: the episode's, unless the hand's contact now cannot
    /// be that technique (three or more fingertips on the doll are no press; then none, and the
    /// gentlest technique's limits apply), or the episode is kept through a touch that cannot show
    /// it yet (`touchCouldShow`): then what the window reads now, since the hand may have begun
    /// another (a stroke after vibration is judged as a stroke; vibration taken up again after a
    /// re-grip is judged as vibration once its swing shows).
    public var limitTechnique: Technique? {
        let technique = contact.any ? heldAgainst ?? episode?.technique : episode?.technique
        return technique == .pressing && contact.count >= 3 ? nil : technique
    }
    public private(set) var guess: TechniqueGuess?
    public private(set) var features = TechniqueFeatures()

    /// No event this analyzer reports from now on is dated before this device time: an episode
    /// starts at most `switchSeconds` back (a first one back at its touch-down), ends at most
    /// `restSeconds` and a block back (or where a pending technique began), and a stroke starts at
    /// its touch-down. So every sample before it has its technique for good (an export writes it).
    public var settledMicros: UInt64 {
        guard let now = lastMicros else { return 0 }
        let reach = UInt64((Self.restSeconds + Self.switchSeconds + 2 * BlockHistory.blockSeconds) * 1e6)
        var settled = now > reach ? now - reach : 0
        if let pending { settled = min(settled, pending.since) }
        if let touchDown { settled = min(settled, touchDown.micros) }
        if let waitingStroke { settled = min(settled, waitingStroke.startMicros) }
        return settled
    }

    public init(imu: IMUScale, motion: MotionSetup) {
        self.imu = imu
        self.motion = motion
        gravity = GravityTracker(gravityG: motion.gravityG)
    }

    /// Takes one calibrated sample; calls `report` for each event it completes.
    public mutating func add(_ sample: Sample, newtons: FingerNewtons, report: (AnalysisEvent) -> Void) {
        let now = sample.deviceTimeMicros
        let dt = lastMicros.map { min(0.05, max(1e-5, Double(now &- $0) / 1e6)) } ?? 0.002
        lastMicros = now
        let rate = Vector(imu.degreesPerSecond(sample.gyro.x), imu.degreesPerSecond(sample.gyro.y), imu.degreesPerSecond(sample.gyro.z))
        if !motion.biasMeasured {
            stillBias.add(rate, dt: dt, inContact: contact.any)
            meter.gyroBias = stillBias.bias * (Double.pi / 180)
        }
        let omega = (rate - (motion.biasMeasured ? motion.gyroBiasDPS : stillBias.bias)) * (Double.pi / 180)
        let accel = Vector(imu.g(sample.accel.x), imu.g(sample.accel.y), imu.g(sample.accel.z))
        gravity.update(omega: omega, accelG: accel, dt: dt)
        let linear = gravity.linear(accel)

        let wasInContact = contact.any
        let inContact = contact.update((newtons.thumb, newtons.index, newtons.middle, newtons.ring, newtons.little), at: now)
        if inContact && !wasInContact {
            if lastLiftOff.map({ Double(now &- $0) / 1e6 >= Self.liftedSeconds }) ?? true || lastContactSeconds >= Self.heldSeconds {
                freshUntil = now + UInt64(Self.freshSeconds * 1e6)
            }
            touchDown = (now, gravity.up)
            strokePeak = .zero
        }
        // The meter keeps the rates with the calibrated bias out and takes out a bias found as it goes when it measures.
        let keptRate = (rate - (motion.biasMeasured ? motion.gyroBiasDPS : .zero)) * (Double.pi / 180)
        if let glide = meter.add(accelG: accel, omega: keptRate, dt: dt, micros: now, inContact: inContact) { reportStroke(glide, report: report) }
        if inContact {
            for finger in 0..<5 { strokePeak[finger] = max(strokePeak[finger], newtons[finger]) }
        } else if wasInContact, let start = touchDown {
            liftOff(start: start, at: now, report: report)
        }

        block.add(newtons, motion: linear)
        if block.seconds(to: now) >= BlockHistory.blockSeconds {
            squeeze.add(total: block.meanTotal, inContact: inContact, at: now)
            history.append(total: block.meanTotal, dominantShare: block.dominantShare, contact: inContact,
                           pinch: contact.pinch, motion: block.meanMotion)
            block.reset(at: now)
            classify(now: now, inContact: inContact, report: report)
        }
    }

    private mutating func liftOff(start: (micros: UInt64, up: Vector), at now: UInt64, report: (AnalysisEvent) -> Void) {
        let seconds = Double(now &- start.micros) / 1e6
        contacts.append(endMicros: now, seconds: seconds)
        lastContactSeconds = seconds
        lastLiftOff = now
        touchDown = nil
        // Only stroking makes strokes: rubbing's circles, kneading's squeezes and vibration move
        // the hand too, but they are not strokes, and get no length, direction or arrow.
        let technique = episode?.technique ?? pending?.technique ?? .stroking
        meter.lastContact(isStroke: technique == .stroking && seconds >= 0.25)
        guard technique == .stroking, seconds >= 0.25 else { return }
        waitingStroke = (technique, start.micros, now, strokePeak)
    }

    /// A stroke whose whole movement has been measured: its direction along the leg, length and speed.
    private mutating func reportStroke(_ glide: GlideMeasurement, report: (AnalysisEvent) -> Void) {
        guard let stroke = waitingStroke, stroke.startMicros == glide.touchDownMicros else { return }
        waitingStroke = nil
        let onLeg = glide.isLevel(tiltDegrees: Self.soleTiltDegrees)
        let path = glide.displacementCm(levelSurface: onLeg)
        var direction: StrokeDirection?
        var source = motion.axisCalibrated ? LegAxisSource.calibrated : .assumed
        // Before an uncalibrated gyroscope's bias is known, a stroke's path is not trusted: it
        // neither draws the leg's line nor is judged. A hand that turned a lot while touching was
        // moving between places, not stroking along the leg: its path says nothing about the direction.
        let settled = motion.biasMeasured || stillBias.isKnown
        if onLeg && settled && glide.headingTurnDegrees < Self.steadyTurnDegrees {
            let learned = legLine.line(signedAs: motion.legAxis)
            if learned != nil && !motion.axisCalibrated { source = .learned }
            let legAxis = learned ?? motion.legAxis
            let axis = (legAxis - glide.up * legAxis.dot(glide.up)).normalized
            let along = path.dot(axis)
            // Within as far of the axis as the leg's line may turn from it (a hand yawed from the
            // rig hand's, before its strokes draw the line), the sign along it is the direction.
            if abs(along) >= cos(LegLine.maximumTurnDegrees * .pi / 180) * path.length { direction = along > 0 ? .up : .down }
            legLine.add(path)
        }
        report(.stroke(Stroke(technique: stroke.technique, region: onLeg ? .leg : .sole, startMicros: stroke.startMicros,
                              endMicros: stroke.endMicros, direction: direction, lengthCm: path.length,
                              speedCmS: glide.seconds > 0 ? path.length / glide.seconds : 0, peakNewtons: stroke.peak, axis: source,
                              speedSure: glide.inBackAndForth)))
    }

    /// The stroke waiting for the air time after it, measured with what has been seen: the
    /// episode is changing or the session ends, and a stroke is reported within its episode.
    private mutating func flushStroke(report: (AnalysisEvent) -> Void) {
        guard waitingStroke != nil, let glide = meter.flush() else { return }
        reportStroke(glide, report: report)
    }

    /// Whether the touch now (or, in the air, the last one) could have shown `held`, a technique
    /// that shows only while held, in `showing` seconds, so that another guess is evidence
    /// against an episode of it: a touch held that long, or in the air after a touch too short to
    /// show it (a glide, a tap). In the air after a longer touch, or early in a touch, it is not: a
    /// re-grip inside vibration or rubbing lifts the hand and lands it again, the window then
    /// holds air, and what is left of it (stroking, or the rubbing thumb's dominance read as a
    /// press) says nothing new.
    private func touchCouldShow(inContact: Bool, showing: Double) -> Bool {
        inContact ? features.currentContactSeconds >= showing : lastContactSeconds < showing
    }

    private mutating func classify(now: UInt64, inContact: Bool, report: (AnalysisEvent) -> Void) {
        heldAgainst = nil
        let resting = !inContact && (lastLiftOff.map { Double(now &- $0) / 1e6 >= Self.restSeconds } ?? true)
        if resting {
            endEpisode(at: lastLiftOff ?? now, report: report)
            pending = nil
            guess = nil
            return
        }
        features = extractor.features(history, contacts: contacts, nowMicros: now)
        features.currentContactSeconds = touchDown.map { Double(now &- $0.micros) / 1e6 } ?? 0
        features.secondsSinceSqueeze = squeeze.secondsSinceSqueeze(at: now)
        let latest = TechniqueClassifier.classify(features)
        guess = latest
        // An episode seen as long as its technique takes to show is kept while it cannot show.
        if let held = episode?.technique, latest.technique != held, let showing = TechniqueClassifier.showingSeconds(held),
           confidence.count * BlockHistory.blockSeconds >= showing, !touchCouldShow(inContact: inContact, showing: showing) {
            // What the window reads is pending from now, and takes over at once if the touch
            // could show the held technique and does not.
            heldAgainst = latest.technique
            if pending?.technique != latest.technique { pending = (latest.technique, now) }
            return
        }
        if latest.technique == episode?.technique {
            pending = nil
            confidence.sum += latest.confidence
            confidence.count += 1
            return
        }
        guard let candidate = pending, candidate.technique == latest.technique else {
            // Back-date a first episode to the touch-down that began it.
            let since = episode == nil ? (touchDown?.micros ?? lastLiftOff ?? now) : now
            pending = (latest.technique, since)
            return
        }
        guard Double(now &- candidate.since) / 1e6 >= Self.switchSeconds else { return }
        endEpisode(at: candidate.since, report: report)
        flushStroke(report: report)
        let started = Episode(technique: candidate.technique, startMicros: candidate.since, endMicros: nil, confidence: latest.confidence)
        episode = started
        confidence = (latest.confidence, 1)
        pending = nil
        report(.episodeStarted(started))
    }

    /// Ends the episode in progress (at the end of a session).
    public mutating func finish(report: (AnalysisEvent) -> Void) {
        flushStroke(report: report)
        endEpisode(at: contact.any ? lastMicros ?? 0 : lastLiftOff ?? lastMicros ?? 0, report: report)
    }

    /// Reports the episode in progress as ended at `micros` (never before it began), with its mean confidence.
    private mutating func endEpisode(at micros: UInt64, report: (AnalysisEvent) -> Void) {
        guard var ended = episode else { return }
        flushStroke(report: report)
        ended.endMicros = max(micros, ended.startMicros)
        ended.confidence = confidence.count > 0 ? confidence.sum / confidence.count : 0
        report(.episodeEnded(ended))
        episode = nil
    }
}

/// Sums one 10 ms block of samples.
struct BlockAccumulator {
    private var forces = FingerNewtons.zero
    private var motion = Vector.zero
    private var count = 0.0
    private var startMicros: UInt64?

    mutating func add(_ newtons: FingerNewtons, motion linear: Vector) {
        for finger in 0..<5 { forces[finger] += newtons[finger] }
        motion += linear
        count += 1
    }

    mutating func seconds(to now: UInt64) -> Double {
        if startMicros == nil { startMicros = now }
        return Double(now &- startMicros!) / 1e6 + 1e-9
    }

    var meanTotal: Double { count > 0 ? forces.total / count : 0 }
    var meanMotion: Vector { count > 0 ? motion / count : .zero }
    var dominantShare: Double {
        let total = forces.total
        guard total > 0 else { return 0 }
        return forces.largest / total
    }

    mutating func reset(at now: UInt64) {
        forces = .zero
        motion = .zero
        count = 0
        startMicros = now
    }
}
