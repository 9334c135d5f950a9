import TenderfootCalibration
import Foundation

/// What the classifier looks at, measured over the last 1.6 s of blocks: each a physical
/// quantity a trainer would name, so a threshold on it means something on any glove.
public struct TechniqueFeatures: Sendable, Equatable {
    /// Share of the window the hand touched the doll, 0...1.
    public var contactFraction = 0.0
    /// Contacts that ended within the window, and their mean length in seconds.
    public var recentContacts = 0
    public var meanContactSeconds = 0.0
    /// The strongest force oscillation between 4.7 and 25 Hz (last 0.64 s), relative to the mean force.
    public var vibrationShare = 0.0
    /// The strongest force oscillation at 1.6 to 3.1 Hz over the same window, relative to the
    /// mean force: a squeeze's or a circle's rhythm, whose harmonics and leakage reach the
    /// vibration band's lowest bins when it is quick (rubbing at 2 Hz gives 4 % at 4.7 Hz).
    public var slowRhythmShare = 0.0
    /// The strongest periodic motion of the hand between 0.8 and 3.9 Hz while in contact, g.
    public var circlingG = 0.0
    /// The strongest shaking of the hand between 4.7 and 25 Hz while in contact (last 0.64 s), g:
    /// vibration done by shaking the hand, which the IMU on its back feels, whether or not the
    /// fingertips' force swings with it.
    public var shakingG = 0.0
    /// Share of the contact time the thumb opposed another finger.
    public var pinchShare = 0.0
    /// Mean share of the force carried by the most loaded finger while in contact.
    public var dominantShare = 0.0
    /// Seconds since the hand last squeezed and released without lifting, or released a squeeze
    /// and held on (`SqueezeTracker`): kneading does so every cycle, a glide never.
    public var secondsSinceSqueeze = Double.infinity
    /// How long the hand has been touching without a break, seconds (0 when lifted).
    public var currentContactSeconds = 0.0

    public init() {}
}

/// Computes `TechniqueFeatures` from the block history with precomputed tables: a Hann-windowed
/// DFT at a few bins, no trigonometry and no allocation per call. The series are first copied
/// out of the ring, oldest first, into scratch arrays made once, so the DFT runs over plain memory.
struct FeatureExtractor {
    static let vibrationBlocks = 64
    static let vibrationBins = 3...16      // × 100/64 Hz: 4.7 to 25 Hz
    static let slowRhythmBins = 1...2      // × 100/64 Hz: 1.6 and 3.1 Hz
    static let motionBlocks = 128
    static let motionBins = 1...5          // × 100/128 Hz: 0.8 to 3.9 Hz
    /// Blocks after a touch-down whose motion is no shaking: the landing's knock.
    static let landingBlocks = 30

    private let vibrationTable: DFTTable
    private let slowRhythmTable: DFTTable
    private let motionTable: DFTTable
    private let shakingTable: DFTTable
    /// Scratch: the total force over the vibration window, and the hand's motion per axis
    /// (contact-masked, mean removed) over the motion window; oldest first.
    private var force: [Double]
    private var motion: [[Double]]
    private var shaking: [[Double]]
    private var heldOn: [Bool]

    init() {
        vibrationTable = DFTTable(length: Self.vibrationBlocks, bins: Self.vibrationBins)
        slowRhythmTable = DFTTable(length: Self.vibrationBlocks, bins: Self.slowRhythmBins)
        motionTable = DFTTable(length: Self.motionBlocks, bins: Self.motionBins)
        shakingTable = DFTTable(length: Self.vibrationBlocks, bins: Self.vibrationBins)
        force = Array(repeating: 0, count: Self.vibrationBlocks)
        motion = Array(repeating: Array(repeating: 0, count: Self.motionBlocks), count: 3)
        shaking = Array(repeating: Array(repeating: 0, count: Self.vibrationBlocks), count: 3)
        heldOn = Array(repeating: false, count: Self.vibrationBlocks)
    }

    mutating func features(_ history: BlockHistory, contacts: ContactLog, nowMicros: UInt64) -> TechniqueFeatures {
        var result = TechniqueFeatures()
        let window = history.filled
        guard window > 0 else { return result }
        let inContact = history.contactCount
        result.contactFraction = inContact / Double(window)
        if inContact > 0 {
            result.pinchShare = history.pinchSum / inContact
            result.dominantShare = history.dominantSum / inContact
        }
        let since = nowMicros &- UInt64(Double(BlockHistory.capacity) * BlockHistory.blockSeconds * 1e6)
        (result.recentContacts, result.meanContactSeconds) = contacts.summary(endedAfter: since)

        // Vibration: oscillation of the total force, relative to its mean, while the fingers stay
        // on (contact all through, never under a third of the mean: a press's ramp is no vibration).
        if window >= Self.vibrationBlocks {
            var mean = 0.0, lowest = Double.infinity, touching = true
            for age in 0..<Self.vibrationBlocks {
                let slot = history.slot(age: age)
                mean += history.total[slot]
                lowest = min(lowest, history.total[slot])
                touching = touching && history.contact[slot] > 0
            }
            mean /= Double(Self.vibrationBlocks)
            if touching && mean > 2 * ContactTracker.onNewtons && lowest > mean / 3 {
                for index in 0..<Self.vibrationBlocks {
                    force[index] = history.total[history.slot(age: Self.vibrationBlocks - 1 - index)] - mean
                }
                result.vibrationShare = vibrationTable.strongestAmplitude(of: force) / mean
                result.slowRhythmShare = slowRhythmTable.strongestAmplitude(of: force) / mean
            }
        }
        // Circling and shaking: periodic motion of the hand while it touches.
        if window >= Self.motionBlocks {
            result.circlingG = Self.strongestMotion(
                history, blocks: Self.motionBlocks, table: motionTable, into: &motion,
                counts: { history.contact[history.slot(age: Self.motionBlocks - 1 - $0)] > 0 }, motionAt: { history.motion[history.slot(age: $0)] })
        }
        if window >= Self.vibrationBlocks + Self.landingBlocks {
            // As it shakes while held on: the window's air time and each touch-down's first 0.3 s
            // (a landing's knock rings through every band) are masked out, and do not dilute it.
            // The hand's slower motion (a circle, a glide) is taken out first (less its mean over
            // the 0.11 s around), so the mask's edges cut no step into it that rings in the band.
            var held = 0, run = 0
            for age in stride(from: Self.vibrationBlocks + Self.landingBlocks - 1, through: 0, by: -1) {
                let slot = history.slot(age: age)
                run = history.contact[slot] > 0 ? run + 1 : 0
                if age < Self.vibrationBlocks { heldOn[Self.vibrationBlocks - 1 - age] = run > Self.landingBlocks; if run > Self.landingBlocks { held += 1 } }
            }
            let share = max(0.25, Double(held) / Double(Self.vibrationBlocks))
            let counted = heldOn
            let filled = history.filled
            result.shakingG = Self.strongestMotion(history, blocks: Self.vibrationBlocks, table: shakingTable, into: &shaking,
                                                   counts: { counted[$0] }, motionAt: { age in
                let around = max(0, age - 5)...min(filled - 1, age + 5)
                var mean = Vector.zero
                for neighbour in around { mean += history.motion[history.slot(age: neighbour)] }
                return history.motion[history.slot(age: age)] - mean / Double(around.count)
            }) / share
        }
        return result
    }

    /// The strongest periodic motion of the hand over the last `blocks` blocks at `table`'s bins,
    /// over the blocks that `counts` (index 0 the oldest; the others masked out, the mean of the
    /// counted removed), g; `motionAt(age)` is the block's motion as measured; `series` is scratch.
    private static func strongestMotion(_ history: BlockHistory, blocks: Int, table: DFTTable, into series: inout [[Double]],
                                        counts: (Int) -> Bool, motionAt: (Int) -> Vector) -> Double {
        var mean = Vector.zero, count = 0.0
        for index in 0..<blocks where counts(index) {
            mean += motionAt(blocks - 1 - index); count += 1
        }
        guard count > 0 else { return 0 }
        mean /= count
        for index in 0..<blocks {
            let counted = counts(index)
            let value = counted ? motionAt(blocks - 1 - index) : .zero
            for axis in 0..<3 { series[axis][index] = counted ? value[axis] - mean[axis] : 0 }
        }
        var strongest = 0.0
        for bin in 0..<table.binCount {
            var power = 0.0
            for axis in 0..<3 {
                let amplitude = table.amplitude(bin: bin, of: series[axis])
                power += amplitude * amplitude
            }
            strongest = max(strongest, power)
        }
        return strongest.squareRoot()
    }
}

/// Hann-windowed DFT coefficients for a few bins of a fixed-length series, computed once.
struct DFTTable {
    let length: Int
    let binCount: Int
    /// cos and sin times the window, bin-major: [bin * length + index].
    private let cosines: [Double]
    private let sines: [Double]
    private let scale: Double

    init(length: Int, bins: ClosedRange<Int>) {
        self.length = length
        binCount = bins.count
        var cosines: [Double] = [], sines: [Double] = []
        var windowSum = 0.0
        for index in 0..<length { windowSum += 0.5 - 0.5 * cos(2 * .pi * Double(index) / Double(length - 1)) }
        for bin in bins {
            for index in 0..<length {
                let w = 0.5 - 0.5 * cos(2 * .pi * Double(index) / Double(length - 1))
                let phase = 2 * .pi * Double(bin) * Double(index) / Double(length)
                cosines.append(w * cos(phase))
                sines.append(w * sin(phase))
            }
        }
        self.cosines = cosines
        self.sines = sines
        scale = 2 / windowSum
    }

    /// The amplitude of the sinusoid at `bin` (0-based within the table's bins) in `series` (`length` values, oldest first).
    func amplitude(bin: Int, of series: [Double]) -> Double {
        precondition(series.count == length, "a series of the table's length")
        var re = 0.0, im = 0.0
        cosines.withUnsafeBufferPointer { cosines in
            sines.withUnsafeBufferPointer { sines in
                series.withUnsafeBufferPointer { values in
                    let base = bin * length
                    for index in 0..<length {
                        re += values[index] * cosines[base + index]
                        im += values[index] * sines[base + index]
                    }
                }
            }
        }
        return (re * re + im * im).squareRoot() * scale
    }

    /// The largest amplitude over the table's bins in `series`.
    func strongestAmplitude(of series: [Double]) -> Double {
        var strongest = 0.0
        for bin in 0..<binCount { strongest = max(strongest, amplitude(bin: bin, of: series)) }
        return strongest
    }
}
