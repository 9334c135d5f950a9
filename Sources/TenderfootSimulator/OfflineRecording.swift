import Foundation
import TenderfootCalibration
import TenderfootLink
import TenderfootSession
import TenderfootWire

/// A practice session recorded from a virtual glove in simulated time: the glove answers
/// IDENTIFY and START, streams `seconds` of its scenario (looped if the session is longer)
/// and answers STOP, and the file holds exactly the bytes a host would have received, in
/// 10 ms chunks. A recording of an hour takes seconds to make, not an hour.
public struct OfflineRecording {
    public var scenario: Scenario
    public var serial: String
    public var seed: UInt64
    public var rateHz: UInt16
    public var seconds: Double
    /// The calibration the recording says the session used (curves, motion).
    public var calibration: GloveCalibration
    public var ageMonths: Double
    public var trainee: String?
    public var faults: FaultInjection = .none
    /// Where to write the truth of every sample and stroke (JSON lines, as a live virtual glove's
    /// `--truth` does), if anywhere.
    public var truthPath: String?

    public init(scenario: Scenario, serial: String, seed: UInt64, rateHz: UInt16, seconds: Double? = nil,
                calibration: GloveCalibration, ageMonths: Double? = nil, trainee: String? = nil) {
        self.scenario = scenario
        self.serial = serial
        self.seed = seed
        self.rateHz = rateHz
        self.seconds = seconds ?? scenario.seconds
        self.calibration = calibration
        self.ageMonths = ageMonths ?? scenario.ageMonths
        self.trainee = trainee
    }

    /// Writes the recording to `path`; returns how many samples it holds.
    @discardableResult
    public func write(to path: String, existing: OutputFile.Existing = .refuse) throws(RecordingError) -> Int {
        let period = UInt64(max(1, scenario.seconds * Double(rateHz)))
        var scenarioSource = ScenarioSource(scenario: scenario, serialNumber: serial, seed: seed)
        let truth: TruthWriter?
        do { truth = try truthPath.map { try TruthWriter(path: $0) } } catch { throw RecordingError("\(error)") }
        if let truth {
            scenarioSource.truth = { time, seconds, state in truth.record(deviceTimeMicros: time, seconds: seconds, state: state) }
        }
        let source = LoopingSource(scenarioSource, period: period)
        let device = VirtualGloveDevice(info: DeviceInfo(firmware: FirmwareVersion(1, 0, 0), sampleRateHz: 500, maxSampleRateHz: 2000,
                                                         serialNumber: serial, model: "Virtual Glove"),
                                        source: source, faults: faults)
        let boot: UInt64 = 1_000_000
        var header = RecordingHeader(softwareVersion: TenderfootVersion.string, info: device.info, port: "virtual", ageMonths: ageMonths,
                                     calibration: calibration.name, calibrated: calibration.isCalibrated, trainee: trainee)
        header.curves = calibration.fingers
        header.motion = calibration.motion
        header.glove.rateHz = Int(rateHz)
        let file = try RecordingFile(path: path, header: header, existing: existing)
        let hostStart = header.createdHostMicros
        var out: [UInt8] = []
        func command(_ message: Message, sequence: UInt16, at micros: UInt64) {
            FrameEncoder.encode(message, sequence: sequence).withUnsafeBytes { device.receive($0, at: micros, into: &out) }
        }
        command(.identify, sequence: 0, at: boot)
        command(.start(rateHz: rateHz), sequence: 1, at: boot)
        let end = boot + UInt64(seconds * 1e6)
        var now = boot
        while now < end {
            now = min(end, now + 10_000)
            device.advance(to: now, into: &out)
            if now == end { command(.stop, sequence: 2, at: now) }
            file.append(.wire, hostMicros: hostStart + (now - boot), payload: out)
            out.removeAll(keepingCapacity: true)
            if (now - boot) % 1_000_000 == 0 { truth?.flush() }
        }
        try file.finish(hostMicros: hostStart + (end - boot))
        truth?.close()
        if let failure = truth?.failure, let truthPath { throw RecordingError("the truth file \(truthPath): \(failure)") }
        return device.samplesSent
    }
}

/// A sample source played over and over: sample `index` is the inner source's `index % period`.
struct LoopingSource<Inner: SampleSource>: SampleSource {
    var inner: Inner
    let period: UInt64

    init(_ inner: Inner, period: UInt64) {
        self.inner = inner
        self.period = period
    }

    mutating func reading(index: UInt64, deviceTimeMicros: UInt64) -> (force: FingerCounts, accel: Axes, gyro: Axes) {
        inner.reading(index: index % period, deviceTimeMicros: deviceTimeMicros)
    }
}
