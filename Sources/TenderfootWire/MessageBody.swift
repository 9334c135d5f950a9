/// Body layouts of every frame type, exactly as in the v1 spec (all fields little-endian).
extension Message {
    /// The longest LOG text, in UTF-8 bytes.
    public static let maxLogTextCount = 199

    /// Writes this message's body at `base`, which has room for the largest body. Returns its length.
    @usableFromInline
    func unsafeWriteBody(to base: UnsafeMutableRawPointer) -> Int {
        var out = UnsafeByteWriter(base)
        switch self {
        case .sample(let sample):
            out.put(UInt32(truncatingIfNeeded: sample.deviceTimeMicros))
            for finger in 0..<5 { out.put(sample.force[finger]) }
            out.put(sample.accel.x); out.put(sample.accel.y); out.put(sample.accel.z)
            out.put(sample.gyro.x); out.put(sample.gyro.y); out.put(sample.gyro.z)
        case .deviceInfo(let info):
            out.put(info.firmware.major); out.put(info.firmware.minor); out.put(info.firmware.patch)
            out.put(info.forceChannels)
            out.put(info.adcBits)
            out.put(UInt8((info.hasAccelerometer ? 1 : 0) | (info.hasGyroscope ? 2 : 0)))
            out.put(info.sampleRateHz)
            out.put(info.maxSampleRateHz)
            out.put(info.accelLSBPerG)
            out.put(info.gyroLSBPerDPSx10)
            out.putPadded(info.serialNumber, width: 16)
            out.putPadded(info.model, width: 16)
        case .status(let status):
            out.put(status.uptimeMillis)
            out.put(status.state.rawValue)
            out.put(UInt8(0))
            out.put(status.sampleRateHz)
            out.put(status.samplesSinceStart)
            out.put(status.adcOverruns)
            out.put(status.transmitQueueDrops)
            out.put(status.batteryMillivolts)
        case .ack(let ack):
            out.put(ack.commandSequence)
            out.put(ack.commandType)
            out.put(ack.result.rawValue)
        case .log(let log):
            precondition(log.text.utf8.count <= Self.maxLogTextCount, "LOG text longer than 199 bytes")
            out.put(log.level.rawValue)
            out.putBytes(log.text.utf8)
        case .start(let rate):
            out.put(rate)
        case .identify, .stop, .getStatus:
            break
        }
        return out.offset
    }

    /// Reads a body of `type` whose length is already known to be valid. A
    /// sample's time is the raw 32-bit device time; the decoder unwraps it.
    @usableFromInline
    static func unsafeParse(type: FrameType, sequence: UInt16, body: UnsafeRawBufferPointer) -> Message {
        var input = UnsafeByteReader(body.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
        switch type {
        case .sample:
            let time: UInt32 = input.get()
            let force = FingerCounts(thumb: input.get(), index: input.get(), middle: input.get(),
                                     ring: input.get(), little: input.get())
            let accel = Axes(x: input.get(), y: input.get(), z: input.get())
            let gyro = Axes(x: input.get(), y: input.get(), z: input.get())
            return .sample(Sample(sequence: sequence, deviceTimeMicros: UInt64(time),
                                  force: force, accel: accel, gyro: gyro))
        case .deviceInfo:
            let firmware = FirmwareVersion(input.get(), input.get(), input.get())
            let channels: UInt8 = input.get()
            let bits: UInt8 = input.get()
            let imu: UInt8 = input.get()
            return .deviceInfo(DeviceInfo(
                firmware: firmware, forceChannels: channels, adcBits: bits,
                hasAccelerometer: imu & 1 != 0, hasGyroscope: imu & 2 != 0,
                sampleRateHz: input.get(), maxSampleRateHz: input.get(),
                accelLSBPerG: input.get(), gyroLSBPerDPSx10: input.get(),
                serialNumber: input.getPadded(width: 16), model: input.getPadded(width: 16)))
        case .status:
            let uptime: UInt32 = input.get()
            let state = DeviceState(rawValue: input.get())
            let _: UInt8 = input.get()  // reserved
            return .status(DeviceStatus(
                uptimeMillis: uptime, state: state, sampleRateHz: input.get(),
                samplesSinceStart: input.get(), adcOverruns: input.get(),
                transmitQueueDrops: input.get(), batteryMillivolts: input.get()))
        case .ack:
            return .ack(Ack(commandSequence: input.get(), commandType: input.get(),
                            result: AckResult(rawValue: input.get())))
        case .log:
            let level = LogLevel(rawValue: input.get())
            return .log(LogMessage(level: level, text: input.getRemainingText(count: body.count - 1)))
        case .identify: return .identify
        case .start: return .start(rateHz: input.get())
        case .stop: return .stop
        case .getStatus: return .getStatus
        }
    }
}
