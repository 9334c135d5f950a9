import TenderfootWire

/// What a connection has received and lost so far: the decoder's counts and the ring's overflows.
public struct LinkCounters: Equatable, Sendable {
    public var decoder = DecoderCounters()
    /// Samples dropped because the analysis side fell behind and the ring was full.
    public var ringOverflows: UInt64 = 0
    public var bytesRead: UInt64 = 0

    public init() {}

    /// These counts added to `other`'s: a session's total over its connections.
    public func adding(_ other: LinkCounters) -> LinkCounters {
        var sum = self
        sum.decoder = decoder.adding(other.decoder)
        sum.ringOverflows += other.ringOverflows
        sum.bytesRead += other.bytesRead
        return sum
    }

    /// Every count with its stable name, for reports and JSON.
    public var named: [(name: String, value: UInt64)] {
        decoder.named + [("ring_overflows", ringOverflows), ("bytes", bytesRead)]
    }
}

/// Something other than a sample that came from the glove, in order of arrival.
public enum LinkEvent: Equatable, Sendable {
    /// A DEVICE_INFO, STATUS, ACK or LOG frame.
    case frame(Frame)
    /// The reader stopped: nil when the connection was closed, or why it ended.
    case ended(LinkError?)
    /// The glove went away (why); the session waits for it to come back.
    case lost(LinkError)
    /// The glove came back on `port` (the same serial number, identified and streaming again).
    case restored(port: String)
    /// A glove appeared on `port` while waiting, but it is another one (`serial`): not taken.
    case refused(port: String, serial: String)
}
