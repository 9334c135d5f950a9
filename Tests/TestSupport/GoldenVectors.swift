import Foundation
import TenderfootWire

/// One line of Tests/Vectors/wire-v1.vectors: a named frame, its fields and its bytes on the wire.
public struct GoldenVector: Sendable {
    public var name: String
    public var fields: [String: String]
    public var wire: [UInt8]

    public func int<T: FixedWidthInteger>(_ key: String, as: T.Type = T.self) -> T {
        guard let text = fields[key], let value = T(text) else { fatalError("\(name): no integer field \(key)") }
        return value
    }

    public func list<T: FixedWidthInteger>(_ key: String, as: T.Type = T.self) -> [T] {
        guard let text = fields[key] else { fatalError("\(name): no list field \(key)") }
        return text.split(separator: ",").map { T(String($0))! }
    }

    /// The message the fields describe (good frames only).
    public var message: Message {
        switch fields["type"] {
        case "sample":
            return .sample(Sample(sequence: int("seq"), deviceTimeMicros: int("t_us"),
                                  force: FingerCounts(list("force")), accel: Axes(list("accel")),
                                  gyro: Axes(list("gyro"))))
        case "device_info":
            let fw = fields["fw"]!.split(separator: ".").map { UInt8(String($0))! }
            let imu: UInt8 = int("imu")
            return .deviceInfo(DeviceInfo(
                firmware: FirmwareVersion(fw[0], fw[1], fw[2]), forceChannels: int("channels"),
                adcBits: int("adc_bits"), hasAccelerometer: imu & 1 != 0, hasGyroscope: imu & 2 != 0,
                sampleRateHz: int("rate"), maxSampleRateHz: int("max_rate"), accelLSBPerG: int("accel_lsb"),
                gyroLSBPerDPSx10: int("gyro_lsb10"), serialNumber: fields["serial"]!,
                model: fields["model"]!.replacingOccurrences(of: "_", with: " ")))
        case "status":
            return .status(DeviceStatus(
                uptimeMillis: int("uptime_ms"), state: DeviceState(rawValue: int("state")), sampleRateHz: int("rate"),
                samplesSinceStart: int("samples"), adcOverruns: int("overruns"),
                transmitQueueDrops: int("tx_drops"), batteryMillivolts: int("battery_mv")))
        case "ack":
            return .ack(Ack(commandSequence: int("cmd_seq"), commandType: int("cmd_type"),
                            result: AckResult(rawValue: int("result"))))
        case "log":
            return .log(LogMessage(level: LogLevel(rawValue: int("level")),
                                   text: String(decoding: hexBytes(fields["text_hex"]!), as: UTF8.self)))
        case "identify": return .identify
        case "start": return .start(rateHz: int("rate"))
        case "stop": return .stop
        case "get_status": return .getStatus
        default: fatalError("\(name): unknown type \(fields["type"] ?? "none")")
        }
    }

    /// All vectors in the committed file.
    public static func load() throws -> [GoldenVector] {
        let text = try String(contentsOf: vectorsFile, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let tokens = line.split(separator: " ")
            var fields: [String: String] = [:]
            for token in tokens.dropFirst() {
                let parts = token.split(separator: "=", maxSplits: 1)
                fields[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            return GoldenVector(name: String(tokens[0]), fields: fields, wire: hexBytes(fields["wire"] ?? ""))
        }
    }

    public static let vectorsFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/wire-v1.vectors")
}

public func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
