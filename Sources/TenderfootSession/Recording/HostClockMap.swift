import TenderfootWire

/// Maps a recording's session time (the glove's clock, unwrapped: a sample's `deviceTimeMicros`)
/// to the host's clock (µs since 1970, UTC) from the times its bytes arrived.
///
/// A sample reaches the host after it was taken, by the link's latency and the reader's
/// batching: each arrival bounds the offset (host − device) from above. Over each second of
/// session time (`LeastDelayWindows`) the smallest bound is taken (the least delayed sample in it), and between
/// windows the offset is interpolated, so a glove clock that runs fast or slow against the
/// host's is followed. The recording's wire chunks are decoded once for it (the same decoder,
/// so the same session times as a replay); one point per window is kept.
public struct HostClockMap: Sendable {
    /// Session time of each window's point, and the offset (host − device) there, µs.
    public private(set) var points: [(deviceMicros: UInt64, offsetMicros: Int64)] = []

    /// The map of `recording`; empty when it holds no samples.
    public init(_ recording: Recording) {
        let decoder = FrameDecoder()
        var windows = LeastDelayWindows()
        for chunk in recording.wireChunks {
            let arrival = chunk.hostMicros
            chunk.payload.withUnsafeBytes { bytes in
                decoder.feed(bytes, arrivalMicros: arrival) { frame in
                    guard case .sample(let sample) = frame.message else { return }
                    if let closed = windows.observe(device: sample.deviceTimeMicros, arrival: arrival) { points.append(closed) }
                }
            }
        }
        if let open = windows.current { points.append(open) }
    }

    /// The host's time of the session time `deviceMicros`, µs since 1970 (nil without points).
    public func hostMicros(_ deviceMicros: UInt64) -> UInt64? {
        offsetMicros(deviceMicros).map { UInt64(bitPattern: Int64(bitPattern: deviceMicros) &+ $0) }
    }

    /// The offset (host − device) at `deviceMicros`, µs: interpolated between the points, the
    /// nearest one's beyond them.
    public func offsetMicros(_ deviceMicros: UInt64) -> Int64? {
        guard let first = points.first, let last = points.last else { return nil }
        if deviceMicros <= first.deviceMicros { return first.offsetMicros }
        if deviceMicros >= last.deviceMicros { return last.offsetMicros }
        // The last point at or before it (points are in session time order).
        var low = 0, high = points.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if points[middle].deviceMicros <= deviceMicros { low = middle } else { high = middle }
        }
        let a = points[low], b = points[high]
        let share = Double(deviceMicros - a.deviceMicros) / Double(max(1, b.deviceMicros - a.deviceMicros))
        return a.offsetMicros + Int64((Double(b.offsetMicros - a.offsetMicros) * share).rounded())
    }
}

/// The least delay of samples over windows of a second of glove time: each sample's arrival
/// bounds the offset (host − device) from above, and each window keeps its smallest bound and
/// the glove time of the sample that gave it. A recording's map keeps every window
/// (`HostClockMap`); a live outlet the last two (`ArrivalOffset`).
public struct LeastDelayWindows: Sendable {
    public static let windowMicros: UInt64 = 1_000_000
    private var open: (start: UInt64, point: (deviceMicros: UInt64, offsetMicros: Int64))?

    public init() {}

    /// Takes one sample's glove time and arrival (host clock, µs); returns the window it closed
    /// when it began another (a glove time past the window, or before it).
    public mutating func observe(device: UInt64, arrival: UInt64) -> (deviceMicros: UInt64, offsetMicros: Int64)? {
        let bound = Int64(bitPattern: arrival &- device)
        if let window = open, device >= window.start, device < window.start &+ Self.windowMicros {
            if bound < window.point.offsetMicros { open = (window.start, (device, bound)) }
            return nil
        }
        let closed = open?.point
        open = (device, (device, bound))
        return closed
    }

    /// The window still open: its least-delayed sample's glove time and offset.
    public var current: (deviceMicros: UInt64, offsetMicros: Int64)? { open?.point }
}
