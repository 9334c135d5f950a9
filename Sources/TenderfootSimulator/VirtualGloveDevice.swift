import TenderfootWire

/// The glove's firmware behaviour on the wire, without I/O: it takes host bytes
/// and the time, and produces exactly the frames the firmware would send.
///
/// IDENTIFY, START, STOP and GET_STATUS are answered with an ACK (then
/// DEVICE_INFO or STATUS); while streaming it emits a SAMPLE per period from its
/// `SampleSource` and a STATUS once a second; one sequence counter covers every
/// frame; START takes 1...maxSampleRateHz (anything else is ACKed with "bad argument")
/// and, while streaming, changes the rate; no SAMPLE follows a STOP's ACK.
public final class VirtualGloveDevice<Source: SampleSource> {
    public private(set) var info: DeviceInfo
    public private(set) var isStreaming = false
    public private(set) var injected = InjectedFaults()
    /// SAMPLE frames sent intact.
    public private(set) var samplesSent = 0
    /// Every sample sent intact, in order (when `recordsSentSamples`).
    public private(set) var sentSamples: [Sample] = []
    public var recordsSentSamples = false

    private var source: Source
    private let faults: FaultInjection
    private var random: SplitMix64
    private let decoder = FrameDecoder()
    private var sequence: UInt16 = 0
    private var sampleNumber: UInt64 = 0          // since the glove started, for fault injection
    private var samplesSinceStart: UInt32 = 0
    private var scheduleStart: UInt64 = 0         // device time of sample 0 at the current rate
    private var scheduleIndex: UInt64 = 0
    private var nextStatus: UInt64 = 0
    private var nowMicros: UInt64 = 0

    public init(info: DeviceInfo, source: Source, faults: FaultInjection = .none) {
        self.info = info
        self.source = source
        self.faults = faults
        self.random = SplitMix64(seed: faults.seed)
        decoder.unknownTypeHandler = { [unowned self] sequence, type in
            self.pendingUnknown.append((sequence, type))
        }
    }

    private var pendingUnknown: [(UInt16, UInt8)] = []

    /// The device time at which something is next due to be sent, if anything is.
    public var nextDeadline: UInt64? {
        guard isStreaming else { return nil }
        return min(sampleTime(scheduleIndex), nextStatus)
    }

    /// Takes bytes from the host at device time `now` and appends the answers to `out`.
    public func receive(_ bytes: UnsafeRawBufferPointer, at now: UInt64, into out: inout [UInt8]) {
        advance(to: now, into: &out)
        decoder.feed(bytes) { frame in handle(frame, into: &out) }
        for (sequence, type) in pendingUnknown {
            send(.ack(Ack(commandSequence: sequence, commandType: type, result: .unknownCommand)), into: &out)
        }
        pendingUnknown.removeAll(keepingCapacity: true)
    }

    /// Appends every SAMPLE and STATUS due up to device time `now`.
    public func advance(to now: UInt64, into out: inout [UInt8]) {
        nowMicros = max(nowMicros, now)
        guard isStreaming else { return }
        while true {
            let due = sampleTime(scheduleIndex)
            if nextStatus <= min(due, nowMicros) {
                send(.status(status), into: &out)
                nextStatus += 1_000_000
                continue
            }
            guard due <= nowMicros else { break }
            emitSample(at: due, into: &out)
            scheduleIndex += 1
        }
    }

    private func sampleTime(_ index: UInt64) -> UInt64 {
        scheduleStart + index * 1_000_000 / UInt64(info.sampleRateHz)
    }

    private var status: DeviceStatus {
        DeviceStatus(uptimeMillis: UInt32(truncatingIfNeeded: nowMicros / 1000),
                     state: isStreaming ? .streaming : .idle, sampleRateHz: info.sampleRateHz,
                     samplesSinceStart: samplesSinceStart, adcOverruns: 0,
                     transmitQueueDrops: 0, batteryMillivolts: 0)
    }

    private func handle(_ frame: Frame, into out: inout [UInt8]) {
        let result: AckResult
        var follow: Message?
        switch frame.message {
        case .identify:
            result = .ok
            follow = .deviceInfo(info)
        case .start(let rate):
            if rate >= 1 && rate <= info.maxSampleRateHz {
                result = .ok
                if !isStreaming {
                    samplesSinceStart = 0
                    nextStatus = nowMicros + 1_000_000
                }
                info.sampleRateHz = rate
                isStreaming = true
                scheduleStart = nowMicros
                scheduleIndex = 0
            } else {
                result = .badArgument
            }
        case .stop:
            result = .ok
            isStreaming = false
        case .getStatus:
            result = .ok
            follow = .status(status)
        case .sample, .deviceInfo, .status, .ack, .log:
            result = .unknownCommand
        }
        send(.ack(Ack(commandSequence: frame.sequence, commandType: frame.message.type.rawValue, result: result)), into: &out)
        if let follow { send(follow, into: &out) }
    }

    private func emitSample(at time: UInt64, into out: inout [UInt8]) {
        let reading = source.reading(index: UInt64(samplesSinceStart), deviceTimeMicros: time)
        let sample = Sample(sequence: sequence, deviceTimeMicros: time, force: reading.force,
                            accel: reading.accel, gyro: reading.gyro)
        samplesSinceStart &+= 1
        sampleNumber += 1
        if faults.garbageEvery.map({ sampleNumber % UInt64($0) == 0 }) == true {
            injected.garbage += 1
            for _ in 0..<Int.random(in: 1...40, using: &random) { out.append(UInt8.random(in: 1...255, using: &random)) }
            out.append(0)
        }
        if faults.dropEvery.map({ sampleNumber % UInt64($0) == 0 }) == true {
            injected.dropped += 1
            sequence &+= 1
            return
        }
        if faults.corruptEvery.map({ sampleNumber % UInt64($0) == 0 }) == true {
            injected.corrupted += 1
            var raw = FrameEncoder.rawFrame(.sample(sample), sequence: sequence)
            let bit = Int.random(in: 0..<(raw.count * 8), using: &random)
            raw[bit / 8] ^= 1 << (bit % 8)
            out += FrameEncoder.frameBytes(raw)
            sequence &+= 1
            return
        }
        samplesSent += 1
        if recordsSentSamples { sentSamples.append(sample) }
        send(.sample(sample), into: &out)
    }

    private func send(_ message: Message, into out: inout [UInt8]) {
        FrameEncoder.encode(message, sequence: sequence, appendingTo: &out)
        sequence &+= 1
    }
}
