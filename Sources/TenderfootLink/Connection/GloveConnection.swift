import Foundation
import Synchronization
import TenderfootRing
import TenderfootWire

/// One open glove: a reader thread that decodes its byte stream, the lock-free
/// ring that carries the samples to the consumer, and the command client that
/// sends IDENTIFY, START, STOP and GET_STATUS and matches each ACK by sequence number.
///
/// Threads: the reader thread (created here) is the ring's only producer; one
/// consumer thread calls `popSamples`. Commands, `counters` and `nextEvent` may
/// be used from any thread. When the device vanishes the reader ends; samples
/// already in the ring stay there to be popped, and `nextEvent` reports why.
public final class GloveConnection: @unchecked Sendable {
    public var portName: String { transport.portName }
    /// Decoded samples, reader thread to consumer.
    public let samples: SPSCRing<Sample>

    /// How long to wait for an ACK to one command.
    public static let commandTimeout: Duration = .milliseconds(500)
    /// How long a port may send nothing valid before it is declared not a glove.
    public static let identifyWindow: Duration = .seconds(2)

    /// What the reader does when the ring is full.
    public enum Overflow: Sendable {
        /// Drop the samples and count them (a live glove cannot be paused).
        case drop
        /// Wait until the consumer makes room (a recording can: nothing is lost, however fast it is read).
        case wait
    }

    private let transport: ByteTransport
    private let overflow: Overflow
    private let tap: RawByteTap?
    private let decoder = FrameDecoder()          // reader thread only
    private let writeLock = NSLock()              // guards hostSequence and writes
    private var hostSequence: UInt16 = 0

    private let state = NSCondition()             // guards everything below
    private var replies: [Frame] = []             // for matching command answers
    private var events: [LinkEvent] = []          // for the application
    private var published = LinkCounters()
    private var readerEnded = false
    private var reader: StoppableThread!
    private let closed = Atomic<Bool>(false)
    private static let maxQueued = 1024

    /// Starts reading from `transport`; with `tap`, every byte received is also handed to it (for recording).
    public init(transport: ByteTransport, ringCapacity: Int = 16_384, overflow: Overflow = .drop, tap: RawByteTap? = nil) {
        self.transport = transport
        self.overflow = overflow
        self.tap = tap
        self.samples = SPSCRing(capacity: ringCapacity)
        reader = StoppableThread(name: "tenderfoot-reader", qualityOfService: .userInteractive) { [self] thread in
            readLoop(thread)
        }
    }

    /// Opens the serial port at `path` and starts reading.
    public convenience init(serialPort path: String, backend: SerialBackend = .automatic, tap: RawByteTap? = nil) throws(LinkError) {
        self.init(transport: try SerialLink.open(path, backend: backend), tap: tap)
    }

    /// Opens `port` — `usb:SERIAL` or `usb:auto` for the USB vendor interface, else a serial
    /// port's path — and starts reading.
    public convenience init(port: String, backend: SerialBackend = .automatic, tap: RawByteTap? = nil) throws(LinkError) {
        if let serial = USBTransport.serial(fromPort: port) {
            self.init(transport: try USBTransport(serial: serial), tap: tap)
        } else {
            try self.init(serialPort: port, backend: backend, tap: tap)
        }
    }

    // MARK: Reader thread

    private func readLoop(_ thread: StoppableThread) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)
        let batch = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 256)
        defer { buffer.deallocate(); batch.deallocate() }
        var bytesRead: UInt64 = 0
        var ending: LinkError?
        while !thread.isStopRequested {
            let count: Int
            do {
                count = try transport.read(into: buffer, timeoutMillis: 50)
            } catch {
                ending = error
                break
            }
            guard count > 0 else { continue }
            bytesRead += UInt64(count)
            // One arrival time for the decoder and the recording, so a replay's time line is the live one.
            let arrival = transport.arrivalMicros ?? RawByteTap.hostMicros()
            tap?.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), hostMicros: arrival)
            var batched = 0
            decoder.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), arrivalMicros: arrival) { frame in
                if case .sample(let sample) = frame.message {
                    batch[batched] = sample
                    batched += 1
                    if batched == batch.count {
                        hand(UnsafeBufferPointer(batch), thread)
                        batched = 0
                    }
                } else {
                    receivedControl(frame)
                }
            }
            if batched > 0 { hand(UnsafeBufferPointer(rebasing: batch[0..<batched]), thread) }
            publish(bytesRead: bytesRead)
        }
        state.lock()
        published.decoder = decoder.counters
        published.bytesRead = bytesRead
        readerEnded = true
        append(.ended(ending), to: &events)
        state.broadcast()
        state.unlock()
    }

    /// Pushes `items` into the ring: with `.drop` whatever fits, with `.wait` all of them, waiting for room.
    private func hand(_ items: UnsafeBufferPointer<Sample>, _ thread: StoppableThread) {
        guard overflow == .wait else {
            samples.push(contentsOf: items)
            return
        }
        var done = samples.tryPush(contentsOf: items)
        while done < items.count && !thread.isStopRequested {
            usleep(200)
            done += samples.tryPush(contentsOf: UnsafeBufferPointer(rebasing: items[done...]))
        }
    }

    private func publish(bytesRead: UInt64) {
        state.lock()
        published.decoder = decoder.counters
        published.bytesRead = bytesRead
        state.unlock()
    }

    private func receivedControl(_ frame: Frame) {
        state.lock()
        append(frame, to: &replies)
        append(.frame(frame), to: &events)
        state.broadcast()
        state.unlock()
    }

    private func append<T>(_ item: T, to queue: inout [T]) {
        if queue.count == Self.maxQueued { queue.removeFirst(queue.count / 2) }
        queue.append(item)
    }

    // MARK: Consumer

    /// Moves waiting samples into `buffer`; returns how many (0 if none are waiting). Consumer thread only.
    public func popSamples(into buffer: UnsafeMutableBufferPointer<Sample>) -> Int {
        samples.pop(into: buffer)
    }

    /// True once the reader has stopped and every sample it pushed has been popped.
    public var isDrained: Bool {
        state.lock(); defer { state.unlock() }
        return readerEnded && samples.count == 0
    }

    /// The next non-sample event, waiting up to `timeout` for one.
    public func nextEvent(timeout: Duration = .zero) -> LinkEvent? {
        let deadline = Date().addingTimeInterval(timeout.seconds)
        state.lock(); defer { state.unlock() }
        while events.isEmpty {
            if !state.wait(until: deadline) { break }
        }
        return events.isEmpty ? nil : events.removeFirst()
    }

    /// Counts so far, from any thread.
    public var counters: LinkCounters {
        state.lock()
        var counters = published
        state.unlock()
        counters.ringOverflows = samples.droppedCount
        return counters
    }

    // MARK: Commands

    /// Asks the glove who it is. Retries for up to 2 s; a port that sends no valid frame in that time is not a glove.
    public func identify() throws(LinkError) -> DeviceInfo {
        let deadline = ContinuousClock.now + Self.identifyWindow
        repeat {
            let sequence = try send(.identify)
            let answer = try awaitAnswer(to: sequence, command: .identify) { frame in
                if case .deviceInfo(let info) = frame.message { info } else { nil }
            }
            if let info = answer.value {
                guard info.isReferenceGlove else {
                    throw .notTheReferenceGlove(port: portName, serial: info.serialNumber, forceChannels: info.forceChannels,
                                                adcBits: info.adcBits)
                }
                return info
            }
        } while ContinuousClock.now < deadline
        throw counters.decoder.frames == 0 ? .notAGlove(portName) : .noAnswer(port: portName, command: "IDENTIFY")
    }

    /// Starts streaming at `rateHz`, or changes the rate while streaming.
    public func start(rateHz: UInt16) throws(LinkError) {
        try command(.start(rateHz: rateHz))
    }

    public func stop() throws(LinkError) {
        try command(.stop)
    }

    /// Asks for the glove's STATUS.
    public func status() throws(LinkError) -> DeviceStatus {
        let sequence = try send(.getStatus)
        let answer = try awaitAnswer(to: sequence, command: .getStatus) { frame in
            if case .status(let status) = frame.message { status } else { nil }
        }
        guard let status = answer.value else { throw .noAnswer(port: portName, command: "GET_STATUS") }
        return status
    }

    private func command(_ message: Message) throws(LinkError) {
        let sequence = try send(message)
        let answer: (acked: Bool, value: Never?) = try awaitAnswer(to: sequence, command: message.type, then: nil)
        if !answer.acked { throw .noAnswer(port: portName, command: message.type.commandName) }
    }

    /// Sends a host frame with the next sequence number and returns that number.
    @discardableResult
    public func send(_ message: Message) throws(LinkError) -> UInt16 {
        writeLock.lock(); defer { writeLock.unlock() }
        let sequence = hostSequence
        hostSequence &+= 1
        let bytes = FrameEncoder.encode(message, sequence: sequence)
        do {
            try bytes.withUnsafeBytes { try transport.write($0) }
        } catch {
            throw error as! LinkError  // transport.write throws nothing else
        }
        return sequence
    }

    /// Waits up to `commandTimeout` for the ACK of command `sequence`, then, if
    /// `follow` is given, for the first later frame it accepts. Throws if the
    /// glove refused the command or the reader ended.
    private func awaitAnswer<T>(to sequence: UInt16, command: FrameType,
                                then follow: ((Frame) -> T?)?) throws(LinkError) -> (acked: Bool, value: T?) {
        let deadline = Date().addingTimeInterval(Self.commandTimeout.seconds)
        state.lock(); defer { state.unlock() }
        var acked = false
        while true {
            if !acked, let index = replies.firstIndex(where: { $0.isAck(of: sequence) }) {
                guard case .ack(let ack) = replies[index].message else { preconditionFailure("isAck checked it") }
                replies.removeSubrange(...index)
                guard ack.result == .ok else { throw .commandRejected(command: command.commandName, result: ack.result) }
                acked = true
                guard follow != nil else { return (true, nil) }
            }
            if acked, let follow {
                for (index, frame) in replies.enumerated() {
                    if let value = follow(frame) {
                        replies.removeSubrange(...index)
                        return (true, value)
                    }
                }
            }
            if readerEnded { throw endReason ?? .deviceVanished(portName) }
            if !state.wait(until: deadline) { return (acked, nil) }
        }
    }

    private var endReason: LinkError? {
        for case .ended(let reason) in events { return reason }
        return nil
    }

    // MARK: Closing

    /// Stops the reader thread and closes the port (once, however often it is called). Samples
    /// still in the ring can be popped afterwards.
    public func close() {
        reader.stop()
        if !closed.exchange(true, ordering: .acquiringAndReleasing) { transport.close() }
    }
}

extension Frame {
    func isAck(of sequence: UInt16) -> Bool {
        if case .ack(let ack) = message { ack.commandSequence == sequence } else { false }
    }
}

extension FrameType {
    /// The command's name as the spec writes it.
    public var commandName: String {
        switch self {
        case .identify: "IDENTIFY"
        case .start: "START"
        case .stop: "STOP"
        case .getStatus: "GET_STATUS"
        default: "\(self)"
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
