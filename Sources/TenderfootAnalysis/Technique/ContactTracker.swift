/// Which fingertips touch the doll, with hysteresis: a finger comes into contact above
/// `onNewtons` and leaves it below `offNewtons`, so noise around one threshold never makes a
/// stutter of contacts.
public struct ContactTracker: Sendable {
    /// Above the FSR's activation (about 0.2 N on the Interlink 402 class) by a margin of noise.
    public static let onNewtons = 0.15
    public static let offNewtons = 0.08
    public private(set) var fingers: (Bool, Bool, Bool, Bool, Bool) = (false, false, false, false, false)

    public init() {}

    /// Takes one sample's forces (thumb to little); returns whether any finger is in contact.
    @discardableResult
    public mutating func update(_ newtons: (Double, Double, Double, Double, Double)) -> Bool {
        func next(_ on: Bool, _ force: Double) -> Bool { on ? force >= Self.offNewtons : force > Self.onNewtons }
        fingers = (next(fingers.0, newtons.0), next(fingers.1, newtons.1), next(fingers.2, newtons.2),
                   next(fingers.3, newtons.3), next(fingers.4, newtons.4))
        return any
    }

    public var any: Bool { fingers.0 || fingers.1 || fingers.2 || fingers.3 || fingers.4 }
    /// How many fingertips are in contact.
    public var count: Int {
        (fingers.0 ? 1 : 0) + (fingers.1 ? 1 : 0) + (fingers.2 ? 1 : 0) + (fingers.3 ? 1 : 0) + (fingers.4 ? 1 : 0)
    }
    /// The thumb opposing another finger: the pinch of kneading.
    public var pinch: Bool { fingers.0 && (fingers.1 || fingers.2 || fingers.3) }
}
