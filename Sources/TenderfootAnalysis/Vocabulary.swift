/// The massage techniques of the article the trainer knows.
public enum Technique: String, Codable, Sendable, CaseIterable {
    case stroking, rubbing, kneading, vibration, tapping, pressing
    /// No contact: the hand lifted or resting.
    case rest

    /// The six techniques, without `rest`.
    public static let massage: [Technique] = [.stroking, .rubbing, .kneading, .vibration, .tapping, .pressing]

    /// The position in `allCases`, for tables indexed by technique.
    @inlinable
    public var ordinal: Int {
        switch self {
        case .stroking: 0
        case .rubbing: 1
        case .kneading: 2
        case .vibration: 3
        case .tapping: 4
        case .pressing: 5
        case .rest: 6
        }
    }
}

/// Where on the doll the hand works.
public enum BodyRegion: String, Codable, Sendable {
    /// Along the leg, foot to groin: the direction rule applies.
    case leg
    /// The sole of the foot: strokes may go heel to toes and back.
    case sole
}

/// Which way strokes along the leg go: up is from the foot toward the hip (to the heart).
public enum StrokeDirection: String, Codable, Sendable {
    case up, down
}
