/// Which fingertips touch the doll, with hysteresis and a debounce: a finger comes into contact
/// once it has read above `onNewtons` for `settleSeconds`, and leaves it once it has read below
/// `offNewtons` as long. ADC noise on a lifted finger (a few counts RMS) crosses the sensor's
/// noise floor for single samples, which read as its activation force; such a spike, or a
/// dropout as short during a light touch, never makes a contact of its own.
public struct ContactTracker: Sendable {
    /// Above the FSR's activation (about 0.2 N on the Interlink 402 class) by a margin of noise.
    public static let onNewtons = 0.15
    public static let offNewtons = 0.08
    /// Longer than a noise spike (one or two samples at 500 to 1000 Hz), far shorter than a tap
    /// (about a tenth of a second).
    public static let settleSeconds = 0.006
    private var state: (Bool, Bool, Bool, Bool, Bool) = (false, false, false, false, false)
    /// Per finger, since when its reading has disagreed with its state (device µs), or nil.
    private var disagreeing: (UInt64?, UInt64?, UInt64?, UInt64?, UInt64?) = (nil, nil, nil, nil, nil)

    public init() {}

    /// Takes one sample's forces (thumb to little) at device time `micros`; returns whether any
    /// finger is in contact.
    @discardableResult
    public mutating func update(_ newtons: (Double, Double, Double, Double, Double), at micros: UInt64) -> Bool {
        func next(_ on: inout Bool, _ since: inout UInt64?, _ force: Double) {
            let reads = on ? force >= Self.offNewtons : force > Self.onNewtons
            guard reads != on else { since = nil; return }
            let start = since ?? micros
            since = start
            if Double(micros &- start) / 1e6 >= Self.settleSeconds {
                on = reads
                since = nil
            }
        }
        next(&state.0, &disagreeing.0, newtons.0)
        next(&state.1, &disagreeing.1, newtons.1)
        next(&state.2, &disagreeing.2, newtons.2)
        next(&state.3, &disagreeing.3, newtons.3)
        next(&state.4, &disagreeing.4, newtons.4)
        return any
    }

    /// Whether each fingertip (thumb to little) is in contact.
    public var fingers: (Bool, Bool, Bool, Bool, Bool) { state }
    public var any: Bool { state.0 || state.1 || state.2 || state.3 || state.4 }
    /// How many fingertips are in contact.
    public var count: Int {
        (state.0 ? 1 : 0) + (state.1 ? 1 : 0) + (state.2 ? 1 : 0) + (state.3 ? 1 : 0) + (state.4 ? 1 : 0)
    }
    /// The thumb opposing another finger: the pinch of kneading.
    public var pinch: Bool { state.0 && (state.1 || state.2 || state.3) }
}
