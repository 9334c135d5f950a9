/// Deliberate link faults a virtual glove injects into its SAMPLE frames, so
/// tests can check that the host counts each one. Counted by sample number
/// since the glove started (the first sample is number 1).
public struct FaultInjection: Sendable, Equatable {
    /// Every Nth sample is never sent (its sequence number is used up): the host counts it lost.
    public var dropEvery: Int?
    /// One bit of every Nth sample frame is flipped before COBS: the host counts a CRC error.
    public var corruptEvery: Int?
    /// Random bytes and a delimiter go out before every Nth sample: the host counts one dropped run.
    public var garbageEvery: Int?
    public var seed: UInt64

    public init(dropEvery: Int? = nil, corruptEvery: Int? = nil, garbageEvery: Int? = nil, seed: UInt64 = 1) {
        self.dropEvery = dropEvery
        self.corruptEvery = corruptEvery
        self.garbageEvery = garbageEvery
        self.seed = seed
    }

    public static let none = FaultInjection()
}

/// How many faults a virtual glove injected.
public struct InjectedFaults: Sendable, Equatable {
    public var dropped = 0
    public var corrupted = 0
    public var garbage = 0
    public init() {}
}
