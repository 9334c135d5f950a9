import Foundation
import TenderfootLink
import TenderfootFaces
import TenderfootWire

/// Prints decoded frames and counters as text or as one JSON object per line.
struct FramePrinter {
    let json: Bool

    func print(_ message: Message, sequence: UInt16?) {
        Swift.print(json ? jsonLine(message, sequence: sequence) : textLine(message, sequence: sequence))
    }

    /// Prints waiting non-sample events; returns the error if the link ended with one.
    func printEvents(from connection: GloveConnection) -> LinkError? {
        while let event = connection.nextEvent() {
            switch event {
            case .frame(let frame): print(frame.message, sequence: frame.sequence)
            case .ended(let error): return error
            case .lost, .restored, .refused: break  // a plain connection never reconnects
            }
        }
        return nil
    }

    func printCounters(_ counters: LinkCounters) {
        if json {
            var line = JSONLine()
            line.add("type", "counters")
            for (name, value) in counters.named { line.add(name, value) }
            Swift.print(line.text)
        } else {
            Swift.print("counters " + counters.named.map { "\($0.name)=\($0.value)" }.joined(separator: " "))
        }
    }

    private func jsonLine(_ message: Message, sequence: UInt16?) -> String {
        var line = JSONLine()
        switch message {
        case .sample(let sample):
            line.add("type", "sample")
            line.add("seq", sample.sequence)
            line.add("t_us", sample.deviceTimeMicros)
            line.add("device_t_us", sample.deviceClockMicros)
            line.add("force", sample.force.array)
            line.add("accel", sample.accel.array)
            line.add("gyro", sample.gyro.array)
            return line.text
        case .deviceInfo(let info):
            line.add("type", "device_info")
            line.add("seq", sequence)
            line.add("firmware", info.firmware.description)
            line.add("serial", info.serialNumber)
            line.add("model", info.model)
            line.add("force_channels", info.forceChannels)
            line.add("adc_bits", info.adcBits)
            line.add("accelerometer", info.hasAccelerometer)
            line.add("gyroscope", info.hasGyroscope)
            line.add("rate_hz", info.sampleRateHz)
            line.add("max_rate_hz", info.maxSampleRateHz)
            line.add("accel_lsb_per_g", info.accelLSBPerG)
            line.add("gyro_lsb_per_dps_x10", info.gyroLSBPerDPSx10)
        case .status(let status):
            line.add("type", "status")
            line.add("seq", sequence)
            line.add("uptime_ms", status.uptimeMillis)
            line.add("state", status.state == .streaming ? "streaming" : status.state == .idle ? "idle" : "\(status.state.rawValue)")
            line.add("rate_hz", status.sampleRateHz)
            line.add("samples_since_start", status.samplesSinceStart)
            line.add("adc_overruns", status.adcOverruns)
            line.add("tx_queue_drops", status.transmitQueueDrops)
            line.add("battery_mv", status.batteryMillivolts)
        case .ack(let ack):
            line.add("type", "ack")
            line.add("seq", sequence)
            line.add("command_seq", ack.commandSequence)
            line.add("command", FrameType(rawValue: ack.commandType)?.commandName ?? "\(ack.commandType)")
            line.add("result", ack.result.description)
        case .log(let log):
            line.add("type", "log")
            line.add("seq", sequence)
            line.add("level", log.level.name)
            line.add("text", log.text)
        case .identify, .start, .stop, .getStatus:
            line.add("type", "command")
            line.add("seq", sequence)
            line.add("command", message.type.commandName)
        }
        return line.text
    }

    private func textLine(_ message: Message, sequence: UInt16?) -> String {
        switch message {
        case .sample(let s):
            return "sample seq=\(s.sequence) t_us=\(s.deviceTimeMicros) device_t_us=\(s.deviceClockMicros) force=\(s.force.array) accel=\(s.accel.array) gyro=\(s.gyro.array)"
        case .deviceInfo(let i):
            return "glove \(i.serialNumber) \"\(i.model)\" firmware \(i.firmware), \(i.forceChannels) force channels, \(i.adcBits)-bit ADC, \(i.sampleRateHz) Hz (max \(i.maxSampleRateHz))"
        case .status(let s):
            return "status uptime_ms=\(s.uptimeMillis) state=\(s.state == .streaming ? "streaming" : "idle") rate_hz=\(s.sampleRateHz) samples=\(s.samplesSinceStart) adc_overruns=\(s.adcOverruns) tx_queue_drops=\(s.transmitQueueDrops) battery_mv=\(s.batteryMillivolts)"
        case .ack(let a):
            return "ack seq=\(sequence.map(String.init) ?? "-") command=\(FrameType(rawValue: a.commandType)?.commandName ?? "\(a.commandType)") command_seq=\(a.commandSequence) result=\(a.result)"
        case .log(let l):
            return "log \(l.level.name): \(l.text)"
        case .identify, .start, .stop, .getStatus:
            return "command \(message.type.commandName)"
        }
    }
}

extension LogLevel {
    var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        default: "level\(rawValue)"
        }
    }
}
