import Foundation
import TenderfootLink
import TenderfootWire

/// A whole virtual glove: a pseudo-terminal, the firmware's behaviour on it, and a source of
/// readings (a scenario played through this glove's sensors, or the calibration rig). What
/// `simulate` and `demo` run.
public final class VirtualGlove<Source: SampleSource>: @unchecked Sendable {
    /// The port a host opens.
    public let path: String
    private let runner: VirtualGloveRunner<Source>
    /// The host's UTC time (µs since 1970) at which the glove's clock read 0.
    public var bootHostMicros: UInt64 { runner.bootHostMicros }
    private let truthWriter: TruthWriter?
    private let link: String?


    /// A glove reading from `source`; `truth` (if any) is closed when the glove stops.
    public init(source: Source, serial: String, truth: TruthWriter?, faults: FaultInjection, link: String?) throws {
        let pty = try PseudoTerminal.open()
        path = pty.path
        truthWriter = truth
        if let link {
            try? FileManager.default.removeItem(atPath: link)
            do {
                try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: pty.path)
            } catch {
                pty.device.close()
                throw ScenarioError(description: "cannot make the link \(link) — check that its folder exists and is writable")
            }
        }
        self.link = link
        let info = DeviceInfo(firmware: FirmwareVersion(1, 0, 0), sampleRateHz: 500, maxSampleRateHz: 2000,
                              serialNumber: serial, model: "Virtual Glove")
        runner = VirtualGloveRunner(device: VirtualGloveDevice(info: info, source: source, faults: faults),
                                    transport: pty.device, bootMicros: 1_000_000)
    }

    /// Stops the glove, closes its port and its truth file, and removes its link. Returns the
    /// samples it sent intact and the faults it injected.
    @discardableResult
    public func stop() -> (samples: Int, faults: InjectedFaults) {
        runner.stop(unplug: true)
        truthWriter?.close()
        if let link { try? FileManager.default.removeItem(atPath: link) }
        return runner.inspect { ($0.samplesSent, $0.injected) }
    }
}

extension VirtualGlove where Source == ScenarioSource {
    /// A glove playing `scenario` with a hand varied by `seed`, writing the truth to `truthPath` if given.
    public convenience init(scenario: Scenario, serial: String, seed: UInt64, truthPath: String?, faults: FaultInjection,
                            link: String?) throws {
        var source = ScenarioSource(scenario: scenario, serialNumber: serial, seed: seed)
        let writer = try truthPath.map { try TruthWriter(path: $0) }
        if let writer {
            source.truth = { time, seconds, state in writer.record(deviceTimeMicros: time, seconds: seconds, state: state) }
        }
        try self.init(source: source, serial: serial, truth: writer, faults: faults, link: link)
    }
}
