/// The frame types of protocol v1, device-to-host (0x01...0x05) and host-to-device (0x10...0x13).
public enum FrameType: UInt8, Sendable, CaseIterable {
    case sample = 0x01
    case deviceInfo = 0x02
    case status = 0x03
    case ack = 0x04
    case log = 0x05
    case identify = 0x10
    case start = 0x11
    case stop = 0x12
    case getStatus = 0x13

    /// The body lengths this type allows, in bytes.
    public var bodyLengths: ClosedRange<Int> {
        switch self {
        case .sample: 26...26
        case .deviceInfo: 46...46
        case .status: 22...22
        case .ack: 4...4
        case .log: 1...200
        case .identify, .stop, .getStatus: 0...0
        case .start: 2...2
        }
    }
}

/// Sizes fixed by the protocol.
public enum WireLimits {
    /// The protocol version this code speaks.
    public static let version: UInt8 = 1
    /// Version, type and sequence number.
    public static let headerCount = 4
    public static let crcCount = 2
    /// The longest decoded frame.
    public static let maxDecodedCount = 250
    /// A receiver discards a run longer than this without a delimiter.
    public static let maxEncodedRun = 256
}
