import TenderfootWire

/// Where a session takes a glove's samples and events from: one `GloveConnection`, or a
/// `ReconnectingGlove` that moves to a new connection when the glove comes back after an unplug.
///
/// `popSamples` is for the one consumer thread; the rest may be used from any thread.
public protocol GloveFeed: AnyObject, Sendable {
    var portName: String { get }
    /// Moves waiting samples into `buffer`; returns how many (0 if none are waiting).
    func popSamples(into buffer: UnsafeMutableBufferPointer<Sample>) -> Int
    /// The next non-sample event, waiting up to `timeout` for one.
    func nextEvent(timeout: Duration) -> LinkEvent?
    /// True once the glove has stopped for good and every sample has been popped.
    var isDrained: Bool { get }
    var counters: LinkCounters { get }
}

extension GloveConnection: GloveFeed {}
