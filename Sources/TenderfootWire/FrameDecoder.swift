/// The incremental decoder for one sender's byte stream.
///
/// Feed it bytes in any split — one at a time, in random chunks, or all at
/// once — and it hands on the same frames in order. It never throws and never
/// traps on bad input: a run that is not a good frame is dropped and counted by
/// reason in `counters`, and decoding resumes after the next 0x00 delimiter.
/// It allocates one 256-byte buffer when created and nothing per frame (a
/// DEVICE_INFO's or LOG's strings aside).
///
/// A sample's time is unwrapped to a 64-bit session time that never goes back
/// (`DeviceClock`): across a restart it goes on by the host's time between the bytes'
/// arrivals, when the caller says when they arrived. Sequence numbers are followed to
/// count lost frames and sender restarts. A reboot at a sequence number of 32769 or more
/// looks like a gap to the sequence rule (the spec's 1...32767); its clock going back makes
/// it a restart, and the frames the gap counted as lost are taken back.
public final class FrameDecoder {
    /// Counts so far. Read them on the thread that feeds the decoder.
    public private(set) var counters = DecoderCounters()

    /// Called with the sequence number and type byte of each frame of a type this
    /// protocol does not define (a device answers those with ACK "unknown command").
    public var unknownTypeHandler: ((UInt16, UInt8) -> Void)?

    /// The encoded bytes of the current run, up to the delimiter.
    private let run: UnsafeMutablePointer<UInt8>
    private var runCount = 0
    /// Inside an overlong run: drop everything up to the next delimiter.
    private var discarding = false
    private var sequence = SequenceTracker()
    private var clock = DeviceClock()
    /// Restarts seen (perhaps on frames that are no samples) that no sample has said yet.
    private var restartsNotYetSampled: UInt8 = 0

    public init() {
        run = .allocate(capacity: WireLimits.maxEncodedRun)
    }

    deinit { run.deallocate() }

    /// Decodes `bytes`, calling `onFrame` for each good frame in order. `arrivalMicros` is when
    /// they reached the host (host clock, µs): a restart's time line goes on by it.
    public func feed(_ bytes: UnsafeRawBufferPointer, arrivalMicros: UInt64? = nil, _ onFrame: (Frame) -> Void) {
        for byte in bytes {
            if byte == 0 {
                endRun(arrivalMicros, onFrame)
            } else if discarding {
                counters.overlongBytes += 1
            } else if runCount == WireLimits.maxEncodedRun {
                counters.overlong += 1
                counters.overlongBytes += UInt64(runCount) + 1
                discarding = true
                runCount = 0
            } else {
                run[runCount] = byte
                runCount += 1
            }
        }
    }

    /// Decodes `bytes` and returns the good frames: a convenience for tests and tools.
    public func feed(_ bytes: [UInt8], arrivalMicros: UInt64? = nil) -> [Frame] {
        var frames: [Frame] = []
        bytes.withUnsafeBytes { feed($0, arrivalMicros: arrivalMicros) { frames.append($0) } }
        return frames
    }

    private func endRun(_ arrivalMicros: UInt64?, _ onFrame: (Frame) -> Void) {
        defer { runCount = 0; discarding = false }
        guard !discarding, runCount > 0 else { return }  // end of an overlong run, or an empty frame
        guard let count = COBS.unsafeDecodeInPlace(run, count: runCount) else {
            counters.cobs += 1
            return
        }
        guard count >= WireLimits.headerCount + WireLimits.crcCount, count <= WireLimits.maxDecodedCount else {
            counters.length += 1
            return
        }
        let crcOffset = count - WireLimits.crcCount
        let stored = UInt16(run[crcOffset]) | UInt16(run[crcOffset + 1]) << 8
        guard CRC16.update(CRC16.initial, UnsafeRawBufferPointer(start: run, count: crcOffset)) == stored else {
            counters.crc += 1
            return
        }
        guard run[0] == WireLimits.version else {
            counters.version += 1
            return
        }

        // From here the sequence number is trustworthy, whatever else is wrong with the frame.
        let number = UInt16(run[2]) | UInt16(run[3]) << 8
        let bodyCount = crcOffset - WireLimits.headerCount
        var countedLost = 0
        var restarted = false
        switch sequence.observe(number) {
        case .inOrder:
            break
        case .gap(let missing):
            counters.lostBySequenceGap += UInt64(missing)
            countedLost = missing
        case .restart:
            counters.senderRestarts += 1
            restarted = true
            if restartsNotYetSampled < .max { restartsNotYetSampled += 1 }
        }

        guard let type = FrameType(rawValue: run[1]) else {
            counters.unknownType += 1
            unknownTypeHandler?(number, run[1])
            return
        }
        guard type.bodyLengths.contains(bodyCount) else {
            counters.length += 1
            return
        }
        var message = Message.unsafeParse(
            type: type, sequence: number,
            body: UnsafeRawBufferPointer(start: run + WireLimits.headerCount, count: bodyCount))
        if case .sample(var sample) = message {
            let time = clock.unwrap(sample.deviceClockMicros, arrivalMicros: arrivalMicros)
            // The clock going back is a restart, unless one already seen (a frame before this
            // sample began the sequence again) is that same restart.
            if time.wentBack && !restarted && restartsNotYetSampled == 0 {
                counters.senderRestarts += 1
                counters.lostBySequenceGap -= UInt64(countedLost)
                restartsNotYetSampled = 1
            }
            sample.senderRestartsBefore = restartsNotYetSampled
            restartsNotYetSampled = 0
            sample.deviceTimeMicros = time.micros
            sample.arrivalMicros = arrivalMicros ?? 0
            message = .sample(sample)
            counters.samples += 1
        }
        counters.frames += 1
        var frame = Frame(sequence: number, message: message)
        frame.senderRestarts = counters.senderRestarts
        onFrame(frame)
    }
}
