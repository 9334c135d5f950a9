import Foundation
import TenderfootCalibration
import TenderfootLink
import TenderfootSession
import TenderfootWire

/// A session published live on the Lab Streaming Layer, so LabRecorder (or any inlet) records
/// it beside other instruments on one clock: a stream of the samples (newtons per fingertip
/// and their total, g, deg/s: the channels of an XDF export) and a marker stream of the
/// analysed events (each the JSON object `live --json` prints). Their time stamps are liblsl's
/// clock, mapped from the glove's time through the arrival times of its bytes
/// (`ArrivalOffset`), so a sample is stamped when it reached the host, not when it was published.
public final class LSLOutlets: BesidePublisher, @unchecked Sendable {
    private let library: LSLLibrary
    private let samples: LSLLibrary.Handle
    private let events: LSLLibrary.Handle
    private let imu: IMUScale
    /// Whether a sample's own arrival time maps its time (live); else the time it is published
    /// (a replay, whose arrival times are the recording's, long past).
    private let usesArrivalTimes: Bool
    private var offset = ArrivalOffset()       // the publishing thread only
    private var thread: StoppableThread?

    /// Makes the two outlets with liblsl from `libraryPath` (nil: the system's).
    public init(libraryPath: String?, details: SessionDetails, glove: RecordingHeader.Glove, imu: IMUScale,
                usesArrivalTimes: Bool = true) throws(LSLError) {
        library = try LSLLibrary.load(libraryPath)
        self.imu = imu
        self.usesArrivalTimes = usesArrivalTimes
        let describe = { (isSamples: Bool) in
            { (child: (LSLLibrary.Handle, String) -> LSLLibrary.Handle?, value: (LSLLibrary.Handle, String, String) -> Void,
               root: LSLLibrary.Handle) in
                if let channels = child(root, "channels") {
                    for channel in isSamples ? XDFExport.channels : [("event", "", "Marker")] {
                        guard let element = child(channels, "channel") else { continue }
                        value(element, "label", channel.0)
                        if !channel.1.isEmpty { value(element, "unit", channel.1) }
                        value(element, "type", channel.2)
                    }
                }
                if let acquisition = child(root, "acquisition") {
                    value(acquisition, "manufacturer", "Tenderfoot")
                    value(acquisition, "model", glove.model)
                    value(acquisition, "serial_number", glove.serial)
                    value(acquisition, "firmware", glove.firmware)
                }
                if let session = child(root, "session") {
                    for (key, text) in details.fields { value(session, key, text) }
                }
            }
        }
        samples = try library.outlet(name: "Tenderfoot \(glove.serial)", type: "Force", channels: XDFExport.channels.count,
                                     rateHz: Double(glove.rateHz), format: .float32, sourceID: "tenderfoot-\(glove.serial)",
                                     describe: describe(true))
        do {
            events = try library.outlet(name: "Tenderfoot \(glove.serial) events", type: "Markers", channels: 1, rateHz: 0,
                                        format: .string, sourceID: "tenderfoot-\(glove.serial)-events", describe: describe(false))
        } catch {
            library.destroy(samples)
            throw error
        }
    }

    /// Loads liblsl from `libraryPath` (nil: the system's) to say early whether `--lsl` can work.
    public static func check(libraryPath: String?) throws(LSLError) {
        _ = try LSLLibrary.load(libraryPath)
    }

    /// How long the outlets stay open after the last sample while an inlet is connected:
    /// liblsl sends from a queue of its own and has no flush, and an outlet destroyed at once
    /// loses the samples still queued (seen: the last one or two of a replay).
    static let lingerSeconds = 0.5

    deinit {
        stop()
        if library.hasConsumers(samples) || library.hasConsumers(events) {
            usleep(UInt32(Self.lingerSeconds * 1e6))
        }
        library.destroy(samples)
        library.destroy(events)
    }

    /// Waits up to `seconds` for an inlet on the sample stream (a replay waits, so that nothing
    /// it publishes is missed); whether one came.
    public func waitForInlet(seconds: Double) -> Bool { library.waitForConsumer(samples, seconds: seconds) }

    /// Publishes what `subscription` receives, on a thread of its own, until `stop`.
    public func start(_ subscription: SessionSubscription) {
        thread = StoppableThread(name: "tenderfoot-lsl") { [self] thread in
            while !thread.isStopRequested {
                publish(subscription.takeEvents(timeout: 0.005))
            }
            publish(subscription.takeEvents(timeout: 0))
        }
    }

    /// Publishes what is left and stops.
    public func stop() {
        thread?.stop()
        thread = nil
    }

    /// Publishes `batch`: each sample and each analysed event, time-stamped on liblsl's clock.
    func publish(_ batch: [SessionEvent]) {
        guard !batch.isEmpty else { return }
        // The host's wall clock to liblsl's, read together once a batch (both are cheap clocks).
        let wallNow = RawByteTap.hostMicros()
        let toLSL = library.localClock - Double(wallNow) / 1e6
        var values = [Float](repeating: 0, count: XDFExport.channels.count)
        for event in batch {
            if case .sample(let sample, let newtons) = event {
                offset.observe(device: sample.deviceTimeMicros,
                               arrival: usesArrivalTimes && sample.arrivalMicros != 0 ? sample.arrivalMicros : wallNow)
                XDFExport.channelValues(sample, newtons, imu) { channel, value in values[channel] = Float(value) }
                let stamp = offset.hostSeconds(sample.deviceTimeMicros) + toLSL
                values.withUnsafeBufferPointer { library.push(samples, $0, at: stamp) }
            } else if let line = RecordingExport.eventLine(event), let micros = XDFExport.eventMicros(event) {
                library.push(events, text: line, at: offset.hostSeconds(micros) + toLSL)
            }
        }
    }
}

/// The offset from the glove's time to the host's clock (µs), as the least delay seen: the
/// smallest bound over the last one to two seconds of glove time (`LeastDelayWindows`: this
/// window's and the last one's), so it follows a glove clock that drifts against the host's.
struct ArrivalOffset {
    private var windows = LeastDelayWindows()
    private var previousLeast: Int64?

    mutating func observe(device: UInt64, arrival: UInt64) {
        if let closed = windows.observe(device: device, arrival: arrival) { previousLeast = closed.offsetMicros }
    }

    /// The offset now: the least of this window's and the last one's bounds.
    var micros: Int64? {
        guard let least = windows.current?.offsetMicros else { return nil }
        return previousLeast.map { min($0, least) } ?? least
    }

    /// The host's time of glove time `device`, seconds since 1970 (0 before any sample).
    func hostSeconds(_ device: UInt64) -> Double {
        guard let micros else { return 0 }
        return Double(Int64(bitPattern: device) &+ micros) / 1e6
    }
}
