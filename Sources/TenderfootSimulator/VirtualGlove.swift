import Foundation
import TenderfootLink
import TenderfootWire

/// A whole virtual glove: a pseudo-terminal, the firmware's behaviour on it, and a scenario
/// played through this glove's sensors. What `simulate` and `demo` run.
public final class VirtualGlove: @unchecked Sendable {
    /// The port a host opens.
    public let path: String
    private let runner: VirtualGloveRunner<ScenarioSource>
    private let truthWriter: TruthWriter?
    private let link: String?

    public static let firmware = FirmwareVersion(1, 0, 0)

    public init(scenario: Scenario, serial: String, seed: UInt64, truthPath: String?, faults: FaultInjection,
                link: String?) throws {
        let pty = try PseudoTerminal.open()
        path = pty.path
        var source = ScenarioSource(scenario: scenario, serialNumber: serial, seed: seed)
        truthWriter = try truthPath.map { try TruthWriter(path: $0) }
        if let writer = truthWriter {
            source.truth = { time, seconds, state in writer.record(deviceTimeMicros: time, seconds: seconds, state: state) }
        }
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
        let info = DeviceInfo(firmware: Self.firmware, sampleRateHz: 500, maxSampleRateHz: 2000,
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
