import TenderfootLink
import TenderfootSimulator
import TenderfootWire

/// A sample source whose every value follows from the sample's index, so a test
/// can check received samples exactly.
public struct PatternSource: SampleSource {
    public init() {}
    public func reading(index: UInt64, deviceTimeMicros: UInt64) -> (force: FingerCounts, accel: Axes, gyro: Axes) {
        Self.expected(index: index)
    }

    public static func expected(index: UInt64) -> (force: FingerCounts, accel: Axes, gyro: Axes) {
        let force = FingerCounts((0..<5).map { UInt16((index &* 7 &+ UInt64($0) &* 409) % 4096) })
        let accel = Axes(x: Int16(truncatingIfNeeded: index), y: Int16(truncatingIfNeeded: index >> 16), z: 8192)
        let gyro = Axes(x: Int16(truncatingIfNeeded: index &* 3), y: -Int16(truncatingIfNeeded: index % 1000), z: 655)
        return (force, accel, gyro)
    }
}

/// A test's emulated glove: a `VirtualGloveDevice` with a `PatternSource`, run in real time.
public typealias PatternGlove = VirtualGloveRunner<PatternSource>

extension VirtualGloveRunner where Source == PatternSource {
    /// A pattern glove on the device side of `transport`, recording what it sends.
    public static func pattern(on transport: ByteTransport, serial: String = "TFG-TEST-0001",
                               faults: FaultInjection = .none) -> PatternGlove {
        let device = VirtualGloveDevice(info: testGloveInfo(serial: serial), source: PatternSource(), faults: faults)
        device.recordsSentSamples = true
        return VirtualGloveRunner(device: device, transport: transport)
    }
}

public func testGloveInfo(serial: String) -> DeviceInfo {
    DeviceInfo(firmware: FirmwareVersion(1, 0, 0), sampleRateHz: 500, serialNumber: serial, model: "Tenderfoot Glove")
}
