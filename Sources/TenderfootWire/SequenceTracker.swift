/// What a frame's sequence number says about the frames before it.
public enum SequenceVerdict: Equatable, Sendable {
    /// The first frame seen, or the one expected.
    case inOrder
    /// `count` frames (1...32767) are missing before this one.
    case gap(count: Int)
    /// Any other jump: the sender restarted; the receiver resynchronises.
    case restart
}

/// Follows one sender's sequence counter (+1 per frame, modulo 65536), as the spec says.
public struct SequenceTracker: Sendable {
    private var expected: UInt16 = 0
    private var hasExpectation = false

    public init() {}

    public mutating func observe(_ sequence: UInt16) -> SequenceVerdict {
        defer { expected = sequence &+ 1; hasExpectation = true }
        guard hasExpectation else { return .inOrder }
        let jump = Int(sequence &- expected)
        switch jump {
        case 0: return .inOrder
        case 1...32767: return .gap(count: jump)
        default: return .restart
        }
    }
}
