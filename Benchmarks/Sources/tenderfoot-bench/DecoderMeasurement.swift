import TenderfootWire

/// The wire decoder on a realistic stream: SAMPLE frames with a STATUS every 500, fed in 4 KiB reads.
enum DecoderMeasurement {
    static func stream(frames: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(frames * 36)
        for i in 0..<frames {
            let sequence = UInt16(truncatingIfNeeded: i)
            if i % 500 == 499 {
                FrameEncoder.encode(.status(DeviceStatus(uptimeMillis: UInt32(i), state: .streaming, sampleRateHz: 1000,
                                                         samplesSinceStart: UInt32(i), adcOverruns: 0,
                                                         transmitQueueDrops: 0, batteryMillivolts: 0)),
                                    sequence: sequence, appendingTo: &bytes)
                continue
            }
            let force = FingerCounts((0..<5).map { UInt16((i * 13 + $0 * 700) % 4096) })
            let sample = Sample(sequence: sequence, deviceTimeMicros: UInt64(i) * 1000, force: force,
                                accel: Axes(x: Int16(i % 300), y: -120, z: 8100), gyro: Axes(x: 3, y: Int16(i % 77), z: -9))
            FrameEncoder.encode(.sample(sample), sequence: sequence, appendingTo: &bytes)
        }
        return bytes
    }

    /// Decodes `stream` in 4 KiB chunks; returns the nanoseconds and the samples decoded.
    static func decode(_ stream: [UInt8], with decoder: FrameDecoder = FrameDecoder()) -> (nanos: UInt64, samples: UInt64) {
        var samples: UInt64 = 0
        let start = nowNanos()
        stream.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 4096)
                decoder.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<end])) { frame in
                    if case .sample(let sample) = frame.message { samples &+= UInt64(sample.force.thumb) &+ 1 }
                }
                offset = end
            }
        }
        return (nowNanos() - start, decoder.counters.samples)
    }
}
