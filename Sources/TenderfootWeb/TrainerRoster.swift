import TenderfootLink

/// The gloves a server shows: one for a trainer, each glove of a classroom as it joins. A glove
/// joining again (its session started anew) takes its place under the same id.
public final class TrainerRoster: Sendable {
    private let channels = Locked<[TrainerChannel]>([])
    /// The classroom page is the home page (else the one glove's trainer).
    public let isClassroom: Bool

    public init(classroom: Bool) {
        isClassroom = classroom
    }

    public func add(_ channel: TrainerChannel) {
        channels.withLock { channels in
            if let index = channels.firstIndex(where: { $0.id == channel.id }) {
                channels[index] = channel
            } else {
                // A glove takes its seat, whenever it joins: the roster's order, not the joining one.
                let place = channels.firstIndex { Self.seat($0.id) > Self.seat(channel.id) } ?? channels.endIndex
                channels.insert(channel, at: place)
            }
        }
    }

    /// A classroom's ids are its seats, numbered in the roster's order; another id sits after them.
    private static func seat(_ id: String) -> Int { Int(id) ?? .max }

    /// The glove with `id`, if it has joined.
    public func channel(_ id: String) -> TrainerChannel? { channels.withLock { $0.first { $0.id == id } } }

    /// Every glove, in seat order (the roster's).
    public var all: [TrainerChannel] { channels.withLock { $0 } }
}
