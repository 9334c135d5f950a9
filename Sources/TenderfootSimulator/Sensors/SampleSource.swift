import TenderfootWire

/// What a virtual glove's sensors read: given the sample's index since START and
/// its device time, the raw force counts, accelerometer and gyroscope readings.
/// (`SendableMetatype`: a glove runs its source on a thread of its own.)
public protocol SampleSource: SendableMetatype {
    mutating func reading(index: UInt64, deviceTimeMicros: UInt64) -> (force: FingerCounts, accel: Axes, gyro: Axes)
}
