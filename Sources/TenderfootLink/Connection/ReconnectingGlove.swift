import Foundation
import TenderfootWire

/// A glove session that survives an unplug: when the connection ends because the glove went
/// away, it says so (`.lost`), keeps the samples already received, and looks every quarter
/// second for the same glove — by serial number, never another one — on its old port, on any
/// serial port, and on USB; when it is back it identifies it, starts it at the same rate,
/// reads on through the same tap (so a recording goes on), and says so (`.restored`). A glove
/// with another serial number is closed again and reported (`.refused`) once per port. Where
/// libusb has hot-plug callbacks, a glove plugged in wakes the search at once.
public final class ReconnectingGlove: GloveFeed, @unchecked Sendable {
    public let serialNumber: String
    public let rateHz: UInt16
    private let backend: SerialBackend
    private let tap: RawByteTap?
    private let firstPort: String
    /// How often to look for the glove while it is away.
    public static let searchInterval: Duration = .milliseconds(250)

    private struct State {
        var current: GloveConnection
        /// Connections that ended, with samples still to pop, oldest first.
        var draining: [GloveConnection] = []
        /// Counts of the connections already closed.
        var closedCounters = LinkCounters()
        var events: [LinkEvent] = []
        var searching = false
        var closed = false
        var refusedPorts: Set<String> = []
    }
    private let state: Locked<State>
    private let wake = NSCondition()

    /// Takes over `connection`, already identified as glove `serialNumber` and streaming at `rateHz`.
    public init(_ connection: GloveConnection, serialNumber: String, rateHz: UInt16, backend: SerialBackend = .automatic,
                tap: RawByteTap? = nil) {
        self.serialNumber = serialNumber
        self.rateHz = rateHz
        self.backend = backend
        self.tap = tap
        firstPort = connection.portName
        state = Locked(State(current: connection))
    }

    public var portName: String { state.withLock { $0.current.portName } }

    public func popSamples(into buffer: UnsafeMutableBufferPointer<Sample>) -> Int {
        let (draining, current) = state.withLock { ($0.draining.first, $0.current) }
        if let draining {
            let count = draining.popSamples(into: buffer)
            if count == 0 { dropDrainedConnections() }
            return count
        }
        return current.popSamples(into: buffer)
    }

    /// Closes the old connections whose every sample has been popped, keeping their counts.
    private func dropDrainedConnections() {
        let done = state.withLock { state -> [GloveConnection] in
            var done: [GloveConnection] = []
            while let first = state.draining.first, first.isDrained {
                state.closedCounters = state.closedCounters.adding(first.counters)
                done.append(state.draining.removeFirst())
            }
            return done
        }
        for connection in done { connection.close() }
    }

    public func nextEvent(timeout: Duration) -> LinkEvent? {
        if let queued = takeQueuedEvent() { return queued }
        let current = state.withLock { $0.current }
        guard let event = current.nextEvent(timeout: timeout) else { return takeQueuedEvent() }
        guard case .ended(let error?) = event, case .deviceVanished = error else { return event }
        // The glove went away: keep its samples, look for it again.
        let start = state.withLock { state -> Bool in
            guard !state.closed, state.current === current, !state.searching else { return false }
            state.searching = true
            return true
        }
        if start {
            Thread.detachNewThread { [self] in search() }
            return .lost(error)
        }
        return nil
    }

    /// The next event of the search, once every sample from before it has been popped: a session
    /// learns that the glove is back only after the last sample of the old connection.
    private func takeQueuedEvent() -> LinkEvent? {
        dropDrainedConnections()
        return state.withLock { state in
            guard state.draining.isEmpty, !state.events.isEmpty else { return nil }
            return state.events.removeFirst()
        }
    }

    public var isDrained: Bool {
        state.withLock { state in
            !state.searching && state.draining.isEmpty && state.events.isEmpty && state.current.isDrained
        }
    }

    public var counters: LinkCounters {
        let (closed, draining, current) = state.withLock { ($0.closedCounters, $0.draining, $0.current) }
        return draining.reduce(closed) { $0.adding($1.counters) }.adding(current.counters)
    }

    /// Stops the glove streaming (if it is there).
    public func stop() throws(LinkError) {
        try state.withLock { $0.current }.stop()
    }

    /// Stops looking for the glove and closes every connection.
    public func close() {
        let connections = state.withLock { state -> [GloveConnection] in
            state.closed = true
            return state.draining + [state.current]
        }
        wake.lock()
        wake.broadcast()
        wake.unlock()
        for connection in connections { connection.close() }
    }

    // MARK: Looking for the glove

    private func search() {
        let hotplug = LibUSBHotplug()
        while !state.withLock({ $0.closed }) {
            for port in candidatePorts() {
                if let connection = adopt(port) {
                    state.withLock { state in
                        state.draining.append(state.current)
                        state.current = connection
                        state.searching = false
                        state.events.append(.restored(port: connection.portName))
                    }
                    return
                }
            }
            if let hotplug {
                _ = hotplug.wait(timeoutMillis: Int(Self.searchInterval.seconds * 1000))
            } else {
                wake.lock()
                _ = wake.wait(until: Date().addingTimeInterval(Self.searchInterval.seconds))
                wake.unlock()
            }
        }
        state.withLock { $0.searching = false }
    }

    /// Where the glove may be now: its old port if it is a path that exists again, the serial
    /// ports that carry its serial number, and its USB interface if libusb sees it and no serial
    /// port does.
    private func candidatePorts() -> [String] {
        var ports: [String] = []
        if USBTransport.serial(fromPort: firstPort) == nil && PosixIO.exists(firstPort) { ports.append(firstPort) }
        let serial = (try? DeviceDiscovery.serialPorts()) ?? []
        for port in serial where port.serialNumber == serialNumber && !ports.contains(port.name) { ports.append(port.name) }
        if !serial.contains(where: { $0.serialNumber == serialNumber }),
           DeviceDiscovery.usbGloves().contains(where: { $0.serialNumber == serialNumber }) {
            ports.append("usb:\(serialNumber)")
        }
        let unknown = serial.filter { $0.isGlove && $0.serialNumber != serialNumber && !ports.contains($0.name) }.map(\.name)
        return ports + unknown.filter { port in state.withLock { !$0.refusedPorts.contains(port) } }
    }

    /// Opens `port`; keeps it if the glove there is ours and starts streaming.
    private func adopt(_ port: String) -> GloveConnection? {
        guard let connection = try? GloveConnection(port: port, backend: backend, tap: tap) else { return nil }
        do {
            let info = try connection.identify()
            guard info.serialNumber == serialNumber else {
                connection.close()
                state.withLock { state in
                    if state.refusedPorts.insert(port).inserted {
                        state.events.append(.refused(port: port, serial: info.serialNumber))
                    }
                }
                return nil
            }
            try connection.start(rateHz: rateHz)
            return connection
        } catch {
            connection.close()
            return nil
        }
    }
}
