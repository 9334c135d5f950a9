import TenderfootWire

/// Converts raw IMU readings to physical units with the scale a glove reports in DEVICE_INFO.
public struct IMUScale: Sendable, Equatable {
    public var accelLSBPerG: Double
    public var gyroLSBPerDegreePerSecond: Double

    public init(accelLSBPerG: Double = 8192, gyroLSBPerDegreePerSecond: Double = 65.5) {
        self.accelLSBPerG = accelLSBPerG
        self.gyroLSBPerDegreePerSecond = gyroLSBPerDegreePerSecond
    }

    public init(_ info: DeviceInfo) {
        self.init(accelLSBPerG: Double(max(1, info.accelLSBPerG)),
                  gyroLSBPerDegreePerSecond: Double(max(1, info.gyroLSBPerDPSx10)) / 10)
    }

    /// Acceleration in g.
    public func g(_ raw: Int16) -> Double { Double(raw) / accelLSBPerG }
    /// Angular rate in degrees per second.
    public func degreesPerSecond(_ raw: Int16) -> Double { Double(raw) / gyroLSBPerDegreePerSecond }
}
