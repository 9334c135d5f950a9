import TenderfootWire

/// What a virtual glove's sensors read: given the sample's index since START and
/// its device time, the raw force counts, accelerometer and gyroscope readings.
public protocol SampleSource {
    mutating func reading(index: UInt64, deviceTimeMicros: UInt64) -> (force: FingerCounts, accel: Axes, gyro: Axes)
}
