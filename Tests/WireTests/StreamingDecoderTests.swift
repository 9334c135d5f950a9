import Testing
import TestSupport
import TenderfootSimulator
@testable import TenderfootWire

/// A random but valid message of any type.
func randomMessage(_ rng: inout SplitMix64) -> Message {
    func u16() -> UInt16 { UInt16.random(in: 0...UInt16.max, using: &rng) }
    func i16() -> Int16 { Int16.random(in: Int16.min...Int16.max, using: &rng) }
    func u32() -> UInt32 { UInt32.random(in: 0...UInt32.max, using: &rng) }
    func text(_ maxCount: Int) -> String {
        String((0..<Int.random(in: 0...maxCount, using: &rng)).map { _ in
            Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng)))
        })
    }
    switch Int.random(in: 0..<9, using: &rng) {
    case 0:
        return .sample(Sample(sequence: 0, deviceTimeMicros: UInt64(u32()),
                              force: FingerCounts((0..<5).map { _ in UInt16.random(in: 0...4095, using: &rng) }),
                              accel: Axes(x: i16(), y: i16(), z: i16()), gyro: Axes(x: i16(), y: i16(), z: i16())))
    case 1:
        return .deviceInfo(DeviceInfo(
            firmware: FirmwareVersion(UInt8.random(in: 0...255, using: &rng), 0, UInt8.random(in: 0...255, using: &rng)),
            hasAccelerometer: Bool.random(using: &rng), hasGyroscope: Bool.random(using: &rng),
            sampleRateHz: u16(), maxSampleRateHz: u16(), accelLSBPerG: u16(), gyroLSBPerDPSx10: u16(),
            serialNumber: text(16), model: text(16)))
    case 2:
        return .status(DeviceStatus(uptimeMillis: u32(), state: DeviceState(rawValue: UInt8.random(in: 0...1, using: &rng)),
                                    sampleRateHz: u16(), samplesSinceStart: u32(), adcOverruns: u32(),
                                    transmitQueueDrops: u32(), batteryMillivolts: u16()))
    case 3:
        return .ack(Ack(commandSequence: u16(), commandType: UInt8.random(in: 0...255, using: &rng),
                        result: AckResult(rawValue: UInt8.random(in: 0...3, using: &rng))))
    case 4:
        return .log(LogMessage(level: LogLevel(rawValue: UInt8.random(in: 0...3, using: &rng)), text: text(199)))
    case 5: return .identify
    case 6: return .start(rateHz: u16())
    case 7: return .stop
    default: return .getStatus
    }
}

/// A stream of random frames with consecutive sequence numbers starting at `first`.
func randomStream(count: Int, first: UInt16, seed: UInt64) -> (frames: [Frame], bytes: [UInt8]) {
    var rng = SplitMix64(seed: seed)
    var frames: [Frame] = []
    var bytes: [UInt8] = []
    var time: UInt64 = UInt64.random(in: 0...UInt64(UInt32.max), using: &rng)
    for index in 0..<count {
        let sequence = first &+ UInt16(truncatingIfNeeded: index)
        var message = randomMessage(&rng)
        if case .sample(var sample) = message {
            time += UInt64.random(in: 500...2000, using: &rng)  // device time moves forward, wrapping on the wire
            sample.deviceTimeMicros = time
            sample.deviceClockMicros = UInt32(truncatingIfNeeded: time)
            sample.sequence = sequence
            message = .sample(sample)
        }
        frames.append(Frame(sequence: sequence, message: message))
        FrameEncoder.encode(message, sequence: sequence, appendingTo: &bytes)
    }
    return (frames, bytes)
}

@Suite struct StreamingDecoderTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func roundTripOfRandomFrames(seed: UInt64) {
        let (frames, bytes) = randomStream(count: 2000, first: UInt16(truncatingIfNeeded: seed * 9000), seed: seed)
        let decoder = FrameDecoder()
        // The first sample's time is taken as it is; later ones unwrap past 2^32.
        #expect(decoder.feed(bytes) == frames)
        #expect(decoder.counters.frames == 2000)
        #expect(decoder.counters.dropped == 0 && decoder.counters.lostBySequenceGap == 0)
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func byteByByteRandomSplitsAndAllAtOnceAgree(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var (_, bytes) = randomStream(count: 500, first: 65000, seed: seed)
        // Sprinkle garbage and extra delimiters in, so the comparison covers the error paths too.
        for _ in 0..<40 {
            let at = Int.random(in: 0...bytes.count, using: &rng)
            bytes.insert(contentsOf: (0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
        }
        let whole = FrameDecoder()
        let expected = whole.feed(bytes)

        let single = FrameDecoder()
        var singles: [Frame] = []
        for byte in bytes { singles += single.feed([byte]) }

        let split = FrameDecoder()
        var splits: [Frame] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Int.random(in: 1...97, using: &rng))
            splits += split.feed(Array(bytes[start..<end]))
            start = end
        }
        #expect(singles == expected)
        #expect(splits == expected)
        #expect(single.counters == whole.counters)
        #expect(split.counters == whole.counters)
        #expect(whole.counters.frames > 400)
    }

    @Test func randomGarbageNeverCrashesAndTheNextGoodFrameDecodes() {
        var rng = SplitMix64(seed: 99)
        let good = FrameEncoder.encode(.stop, sequence: 7)
        for round in 0..<2000 {
            let garbage = (0..<Int.random(in: 0...600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let decoder = FrameDecoder()
            let frames = decoder.feed(garbage + [0] + good)
            #expect(frames.last == Frame(sequence: 7, message: .stop), "round \(round)")
        }
    }

    @Test func everySingleBitFlipIsCountedAsExactlyOneCRCError() {
        // A flipped bit in the decoded frame (before COBS): CRC-16 catches every single-bit error.
        let message = Message.sample(Sample(sequence: 3, deviceTimeMicros: 1234, force: FingerCounts([1, 2, 3, 4, 5]),
                                            accel: Axes([6, 7, 8]), gyro: Axes([9, 10, 11])))
        let raw = FrameEncoder.rawFrame(message, sequence: 3)
        let before = FrameEncoder.encode(.stop, sequence: 2)
        let after = FrameEncoder.encode(.stop, sequence: 4)
        for bit in 0..<(raw.count * 8) {
            var flipped = raw
            flipped[bit / 8] ^= 1 << (bit % 8)
            let decoder = FrameDecoder()
            let frames = decoder.feed(before + FrameEncoder.frameBytes(flipped) + after)
            #expect(frames.map(\.sequence) == [2, 4], "bit \(bit)")
            #expect(decoder.counters.crc == 1 && decoder.counters.dropped == 1, "bit \(bit)")
            #expect(decoder.counters.lostBySequenceGap == 1, "bit \(bit): number 3 is missing from the stream")
        }
    }

    @Test func truncatedFramesAreDroppedAndCounted() {
        let frame = FrameEncoder.encode(.getStatus, sequence: 1)
        let next = FrameEncoder.encode(.stop, sequence: 2)
        for cut in 1..<(frame.count - 1) {
            let decoder = FrameDecoder()
            let frames = decoder.feed(Array(frame.prefix(cut)) + [0] + next)
            #expect(frames == [Frame(sequence: 2, message: .stop)], "cut at \(cut)")
            #expect(decoder.counters.dropped == 1, "cut at \(cut)")
        }
    }

    @Test func anOverlongRunIsDiscardedUpToTheNextDelimiter() {
        let decoder = FrameDecoder()
        let run = [UInt8](repeating: 0x42, count: 1000)
        let frames = decoder.feed(run + [0] + FrameEncoder.encode(.stop, sequence: 1))
        #expect(frames.count == 1)
        #expect(decoder.counters.overlong == 1)
        #expect(decoder.counters.overlongBytes == 1000)
        // 256 bytes without a delimiter are still a run (too long to be a frame, so a length error).
        let edge = FrameDecoder()
        _ = edge.feed([UInt8](repeating: 0x42, count: 256) + [0])
        #expect(edge.counters.overlong == 0 && edge.counters.length + edge.counters.cobs == 1)
    }

    @Test func emptyFramesAreIgnored() {
        let decoder = FrameDecoder()
        let frames = decoder.feed([0, 0, 0] + FrameEncoder.encode(.stop, sequence: 1) + [0, 0])
        #expect(frames.count == 1)
        #expect(decoder.counters.dropped == 0)
    }

    @Test func wrongVersionsAndUnknownTypesAreCounted() {
        let decoder = FrameDecoder()
        var raw = FrameEncoder.rawFrame(.stop, sequence: 1)
        raw[0] = 2
        raw.replaceSubrange(raw.count - 2 ..< raw.count, with: crcBytes(raw.dropLast(2)))
        var unknown = FrameEncoder.rawFrame(.stop, sequence: 2)
        unknown[1] = 0x66
        unknown.replaceSubrange(unknown.count - 2 ..< unknown.count, with: crcBytes(unknown.dropLast(2)))
        let frames = decoder.feed(FrameEncoder.frameBytes(raw) + FrameEncoder.frameBytes(unknown)
                                  + FrameEncoder.encode(.stop, sequence: 3))
        #expect(frames == [Frame(sequence: 3, message: .stop)])
        #expect(decoder.counters.version == 1 && decoder.counters.unknownType == 1)
        #expect(decoder.counters.lostBySequenceGap == 0)
    }

    @Test func sequenceGapsWrapAroundAndRestarts() {
        let decoder = FrameDecoder()
        var bytes: [UInt8] = []
        for sequence: UInt16 in [65533, 65534, 65535, 0, 1] { FrameEncoder.encode(.stop, sequence: sequence, appendingTo: &bytes) }
        FrameEncoder.encode(.stop, sequence: 5, appendingTo: &bytes)          // 2, 3, 4 lost
        FrameEncoder.encode(.stop, sequence: 6 &+ 32768, appendingTo: &bytes) // a jump of 32768: restart
        FrameEncoder.encode(.stop, sequence: 6 &+ 32769, appendingTo: &bytes)
        FrameEncoder.encode(.stop, sequence: 6 &+ 32769, appendingTo: &bytes) // a repeat: restart
        FrameEncoder.encode(.stop, sequence: 6 &+ 32770 &+ 32767, appendingTo: &bytes) // the largest gap
        let frames = decoder.feed(bytes)
        #expect(frames.count == 10)
        #expect(decoder.counters.lostBySequenceGap == 3 + 32767)
        #expect(decoder.counters.senderRestarts == 2)
    }

    @Test func deviceTimeIsUnwrappedTo64Bits() {
        let decoder = FrameDecoder()
        var bytes: [UInt8] = []
        let raws: [UInt32] = [UInt32.max - 1500, UInt32.max - 500, 499, 1499, 2499]
        for (index, raw) in raws.enumerated() {
            let sample = Sample(sequence: UInt16(index), deviceTimeMicros: UInt64(raw), force: .zero, accel: .zero, gyro: .zero)
            FrameEncoder.encode(.sample(sample), sequence: UInt16(index), appendingTo: &bytes)
        }
        let times = decoder.feed(bytes).compactMap { frame -> UInt64? in
            if case .sample(let sample) = frame.message { return sample.deviceTimeMicros } else { return nil }
        }
        let base = UInt64(UInt32.max - 1500)
        #expect(times == [base, base + 1000, base + 2000, base + 3000, base + 4000])
    }

    /// A reboot: sequence numbers and the clock start again at 0. The time goes on from the last
    /// sample by the glove's time since its boot.
    @Test func afterASenderRestartDeviceTimeGoesOnFromWhereItWas() {
        let decoder = FrameDecoder()
        var bytes: [UInt8] = []
        for (sequence, raw) in [(100, 5_000_000), (101, 5_001_000), (0, 200), (1, 1200)] as [(UInt16, UInt32)] {
            let sample = Sample(sequence: sequence, deviceTimeMicros: UInt64(raw), force: .zero, accel: .zero, gyro: .zero)
            FrameEncoder.encode(.sample(sample), sequence: sequence, appendingTo: &bytes)
        }
        let times = decoder.feed(bytes).compactMap { frame -> UInt64? in
            if case .sample(let sample) = frame.message { return sample.deviceTimeMicros } else { return nil }
        }
        #expect(times == [5_000_000, 5_001_000, 5_001_200, 5_002_200])
        #expect(decoder.counters.senderRestarts == 1)
    }

    /// The decoded times of `samples` (sequence number, the device's clock), and the decoder: fed
    /// in one read, or one read per sample arriving at the host times `arrivals`.
    static func times(_ samples: [(UInt16, UInt32)], arrivals: [UInt64]? = nil)
        -> (times: [UInt64], raw: [UInt32], decoder: FrameDecoder, restarted: [Bool]) {
        // restarted: whether each sample says one restart came before it.
        let decoder = FrameDecoder()
        var reads: [(bytes: [UInt8], arrival: UInt64?)] = []
        for (index, (sequence, raw)) in samples.enumerated() {
            let sample = Sample(sequence: sequence, deviceTimeMicros: UInt64(raw), force: .zero, accel: .zero, gyro: .zero)
            if reads.isEmpty || arrivals != nil { reads.append(([], arrivals?[index])) }
            FrameEncoder.encode(.sample(sample), sequence: sequence, appendingTo: &reads[reads.count - 1].bytes)
        }
        var times: [UInt64] = [], raw: [UInt32] = [], restarted: [Bool] = []
        for read in reads {
            for frame in decoder.feed(read.bytes, arrivalMicros: read.arrival) {
                if case .sample(let sample) = frame.message {
                    times.append(sample.deviceTimeMicros); raw.append(sample.deviceClockMicros); restarted.append(sample.senderRestartsBefore == 1)
                }
            }
        }
        return (times, raw, decoder, restarted)
    }

    /// With the bytes' arrival times known (live, and a recording's host times), a reboot's time
    /// line goes on by the host's time between the last sample before it and the first after:
    /// the reboot's real length. A step back seen within one read goes on by one sample period,
    /// and a host clock that itself stepped back gives one sample period too.
    @Test func aRebootGoesOnByTheHostsArrivalTimes() {
        let host: UInt64 = 1_780_000_000_000_000
        let samples: [(UInt16, UInt32)] = [(40_000, 90_000_000), (40_001, 90_002_000), (0, 1000), (1, 3000)]
        let rebooted = Self.times(samples, arrivals: [host, host + 2000, host + 1_502_000, host + 1_504_000])
        #expect(rebooted.times == [90_000_000, 90_002_000, 91_502_000, 91_504_000])
        #expect(rebooted.decoder.counters.senderRestarts == 1 && rebooted.decoder.counters.lostBySequenceGap == 0)

        let oneRead = Self.times([(1, 40_000_000), (2, 40_002_000), (3, 30_004_000)], arrivals: nil)
        #expect(oneRead.times == [40_000_000, 40_002_000, 40_004_000], "no arrival times: the last step")
        let sameArrival = Self.times([(1, 40_000_000), (2, 40_002_000), (3, 30_004_000)], arrivals: [host, host, host])
        #expect(sameArrival.times == [40_000_000, 40_002_000, 40_004_000], "one arrival: at least the last step")
        let hostBack = Self.times([(1, 40_000_000), (2, 40_002_000), (0, 100)], arrivals: [host, host + 2000, host - 60_000_000])
        #expect(hostBack.times == [40_000_000, 40_002_000, 40_004_000], "the host's clock went back: the last step")
    }

    /// A glove that reboots at any sequence number: the time line never goes back, the reboot is
    /// counted once as a restart, and no frame is counted lost (at 32769 and above the sequence
    /// rule reads the jump back to 0 as a gap; the clock going back makes it a restart).
    @Test func aRebootAtEverySequencePositionKeepsTheTimeLineGoingForward() {
        for position in stride(from: 0, through: 65535, by: 7) + [32767, 32768, 32769, 40000, 65535] {
            let last = UInt16(truncatingIfNeeded: position)
            let before: [(UInt16, UInt32)] = (0..<3).map { (last &- UInt16(2 - $0), 90_000_000 + UInt32($0) * 2000) }
            let after: [(UInt16, UInt32)] = (0..<3).map { (UInt16($0), 1000 + UInt32($0) * 2000) }
            let (times, raw, decoder, restarted) = Self.times(before + after)
            #expect(restarted == [false, false, false, true, false, false], "the first sample after the reboot says so, once")
            #expect(times.count == 6)
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "reboot after sequence \(position): \(times)")
            #expect(times[3] == times[2] + 1000, "goes on by the glove's time since boot")
            #expect(raw == (before + after).map(\.1), "each sample keeps the glove's own clock")
            #expect(decoder.counters.senderRestarts == 1, "reboot after sequence \(position)")
            #expect(decoder.counters.lostBySequenceGap == 0, "reboot after sequence \(position)")
        }
    }

    /// A reboot first seen on a frame that is no sample (its sequence begins again) is said by
    /// the next sample, and its clock going back is that same restart, not a second one.
    @Test func aRebootSeenBeforeItsFirstSampleIsSaidByThatSampleOnce() {
        var bytes: [UInt8] = []
        for (sequence, clock) in [(40_000, 90_000_000), (40_001, 90_002_000)] as [(UInt16, UInt32)] {
            FrameEncoder.encode(.sample(Sample(sequence: sequence, deviceTimeMicros: UInt64(clock), force: .zero, accel: .zero, gyro: .zero)),
                                sequence: sequence, appendingTo: &bytes)
        }
        FrameEncoder.encode(.stop, sequence: 0, appendingTo: &bytes)
        for (sequence, clock) in [(1, 1000), (2, 3000)] as [(UInt16, UInt32)] {
            FrameEncoder.encode(.sample(Sample(sequence: sequence, deviceTimeMicros: UInt64(clock), force: .zero, accel: .zero, gyro: .zero)),
                                sequence: sequence, appendingTo: &bytes)
        }
        // Whole, and byte by byte: the same.
        for reads in [[bytes], bytes.map { [$0] }] {
            let decoder = FrameDecoder()
            var said: [Bool] = []
            for read in reads {
                for frame in decoder.feed(read) { if case .sample(let sample) = frame.message { said.append(sample.senderRestartsBefore == 1) } }
            }
            #expect(said == [false, false, true, false])
            #expect(decoder.counters.senderRestarts == 1)
        }
    }

    /// The glove's clock stepping back 10 s (to 30 s, longer than a boot) or forward 10 s, sequence
    /// numbers in order: back is a restart and the time goes on by the last step; forward is a
    /// real gap in time, kept.
    @Test func aClockSteppingBackOrForwardNeverMovesTheTimeLineBack() {
        let back = Self.times([(1, 40_000_000), (2, 40_002_000), (3, 30_004_000), (4, 30_006_000)])
        #expect(back.times == [40_000_000, 40_002_000, 40_004_000, 40_006_000])
        #expect(back.decoder.counters.senderRestarts == 1)
        let forward = Self.times([(1, 20_000_000), (2, 20_002_000), (3, 30_004_000), (4, 30_006_000)])
        #expect(forward.times == [20_000_000, 20_002_000, 30_004_000, 30_006_000])
        #expect(forward.decoder.counters.senderRestarts == 0)
        // Wrapping past 2^32 is no step back.
        let wrap = Self.times([(1, UInt32.max - 999), (2, 1000)])
        #expect(wrap.times == [UInt64(UInt32.max) - 999, UInt64(UInt32.max) + 1001])
    }

    /// A sender restart whose clock went on keeps the real gap; a restarting frame dropped for its
    /// body's length takes nothing from its body.
    @Test func aRestartWhoseClockWentOnKeepsTheRealGap() {
        let restarted = Self.times([(500, 7_000_000), (501, 7_002_000), (0, 7_006_000), (1, 7_008_000)])
        #expect(restarted.times == [7_000_000, 7_002_000, 7_006_000, 7_008_000])
        #expect(restarted.decoder.counters.senderRestarts == 1)

        let decoder = FrameDecoder()
        var bytes: [UInt8] = []
        let first = Sample(sequence: 500, deviceTimeMicros: 7_000_000, force: .zero, accel: .zero, gyro: .zero)
        FrameEncoder.encode(.sample(first), sequence: 500, appendingTo: &bytes)
        // A SAMPLE frame with sequence 0 whose body is two bytes short: dropped, its "time" never read.
        var short: [UInt8] = [1, FrameType.sample.rawValue, 0, 0] + [UInt8](repeating: 0x11, count: 24)
        short += crcBytes(short)
        short.withUnsafeBytes { COBS.encode($0, appendingTo: &bytes) }
        bytes.append(0)
        let next = Sample(sequence: 1, deviceTimeMicros: 7_004_000, force: .zero, accel: .zero, gyro: .zero)
        FrameEncoder.encode(.sample(next), sequence: 1, appendingTo: &bytes)
        let times = decoder.feed(bytes).compactMap { frame -> UInt64? in
            if case .sample(let sample) = frame.message { return sample.deviceTimeMicros } else { return nil }
        }
        #expect(decoder.counters.length == 1 && decoder.counters.senderRestarts == 1)
        #expect(times == [7_000_000, 7_004_000])
    }
}

func crcBytes(_ bytes: some Sequence<UInt8>) -> [UInt8] {
    let crc = CRC16.checksum(bytes)
    return [UInt8(crc & 0xFF), UInt8(crc >> 8)]
}
