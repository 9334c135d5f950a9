/// What a frame carries: one of the protocol's device-to-host or host-to-device messages.
public enum Message: Equatable, Hashable, Sendable {
    case sample(Sample)
    case deviceInfo(DeviceInfo)
    case status(DeviceStatus)
    case ack(Ack)
    case log(LogMessage)
    case identify
    /// START, or a rate change while streaming.
    case start(rateHz: UInt16)
    case stop
    case getStatus

    public var type: FrameType {
        switch self {
        case .sample: .sample
        case .deviceInfo: .deviceInfo
        case .status: .status
        case .ack: .ack
        case .log: .log
        case .identify: .identify
        case .start: .start
        case .stop: .stop
        case .getStatus: .getStatus
        }
    }
}

/// One protocol v1 frame: a sender's sequence number and a message.
///
/// For a `.sample` message the frame's sequence number is the one on the wire;
/// the decoder sets the sample's own `sequence` to the same value.
public struct Frame: Equatable, Hashable, Sendable {
    public var sequence: UInt16
    public var message: Message
    /// The sender restarts the decoder had seen when it decoded this frame, this one's included:
    /// which boot of the glove sent it (a STATUS's uptime counts from that boot). Set by the decoder.
    public var senderRestarts: UInt64 = 0

    public init(sequence: UInt16, message: Message) {
        self.sequence = sequence
        self.message = message
    }
}
