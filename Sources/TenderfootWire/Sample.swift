/// One value per fingertip, thumb to little finger: the glove's channel order.
public struct FiveFingers<Value: BitwiseCopyable & Equatable & Hashable & Sendable>: Equatable, Hashable, Sendable, BitwiseCopyable {
    public var thumb: Value
    public var index: Value
    public var middle: Value
    public var ring: Value
    public var little: Value

    public init(thumb: Value, index: Value, middle: Value, ring: Value, little: Value) {
        self.thumb = thumb; self.index = index; self.middle = middle; self.ring = ring; self.little = little
    }

    public init(_ values: [Value]) {
        precondition(values.count == 5, "five fingers")
        self.init(thumb: values[0], index: values[1], middle: values[2], ring: values[3], little: values[4])
    }

    /// Finger `finger`, 0 = thumb ... 4 = little finger.
    @inlinable
    public subscript(finger: Int) -> Value {
        get {
            switch finger {
            case 0: thumb
            case 1: index
            case 2: middle
            case 3: ring
            case 4: little
            default: preconditionFailure("finger \(finger) out of 0...4")
            }
        }
        set {
            switch finger {
            case 0: thumb = newValue
            case 1: index = newValue
            case 2: middle = newValue
            case 3: ring = newValue
            case 4: little = newValue
            default: preconditionFailure("finger \(finger) out of 0...4")
            }
        }
    }

    public var array: [Value] { [thumb, index, middle, ring, little] }
}

extension FiveFingers where Value: AdditiveArithmetic {
    public static var zero: FiveFingers { FiveFingers(thumb: .zero, index: .zero, middle: .zero, ring: .zero, little: .zero) }
    public var total: Value { thumb + index + middle + ring + little }
}

extension FiveFingers where Value: Comparable {
    /// The most loaded finger's value. Pairwise, and inlinable: the variadic `max` would build
    /// an array on the analysis thread for every sample.
    @inlinable
    public var largest: Value { Swift.max(Swift.max(Swift.max(thumb, index), Swift.max(middle, ring)), little) }
}

/// Raw ADC counts (0...4095) of the five fingertip force sensors, thumb to little finger.
public typealias FingerCounts = FiveFingers<UInt16>

/// Raw readings of a three-axis IMU sensor in glove axes (x to the fingertips,
/// y to the thumb side, z out of the back of the hand).
public struct Axes: Equatable, Hashable, Sendable, BitwiseCopyable {
    public var x: Int16
    public var y: Int16
    public var z: Int16

    public init(x: Int16, y: Int16, z: Int16) { self.x = x; self.y = y; self.z = z }
    public init(_ values: [Int16]) {
        precondition(values.count == 3, "three axes")
        self.init(x: values[0], y: values[1], z: values[2])
    }

    public static let zero = Axes(x: 0, y: 0, z: 0)
    public var array: [Int16] { [x, y, z] }
}

/// One decoded SAMPLE frame: what the reader thread hands to the analysis
/// thread. 44 bytes (a 48-byte stride), trivially copyable.
public struct Sample: Equatable, Hashable, Sendable, BitwiseCopyable {
    /// The session's time line, microseconds: the device clock unwrapped by the receiver to 64
    /// bits, never going back (`DeviceClock`: a glove that reboots goes on after the last sample).
    public var deviceTimeMicros: UInt64
    public var force: FingerCounts
    public var accel: Axes
    public var gyro: Axes
    /// The frame's sequence number.
    public var sequence: UInt16
    /// The device's own 32-bit clock as the frame carried it, microseconds since its boot.
    public var deviceClockMicros: UInt32
    /// How many times the decoder saw the sender start again (its sequence or its clock went
    /// back: a glove that rebooted) since the sample before, almost always 0. Carried by the
    /// sample, so every reader of one byte stream says so at the same sample, however its
    /// threads run.
    public var senderRestartsBefore: UInt8 = 0
    /// When the frame's bytes reached the host (host clock, µs since 1970; a recording's replay
    /// says when they reached it while it was made), 0 when not known: what maps the session's
    /// time to other clocks (a live LSL outlet's).
    public var arrivalMicros: UInt64 = 0

    /// Two samples are equal when they hold the same reading at the same time: when each
    /// reached the host is not part of what the glove sent.
    public static func == (a: Sample, b: Sample) -> Bool {
        a.deviceTimeMicros == b.deviceTimeMicros && a.force == b.force && a.accel == b.accel && a.gyro == b.gyro
            && a.sequence == b.sequence && a.deviceClockMicros == b.deviceClockMicros
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(deviceTimeMicros)
        hasher.combine(force)
        hasher.combine(accel)
        hasher.combine(gyro)
        hasher.combine(sequence)
        hasher.combine(deviceClockMicros)
    }

    public init(sequence: UInt16, deviceTimeMicros: UInt64, force: FingerCounts, accel: Axes, gyro: Axes,
                deviceClockMicros: UInt32? = nil) {
        self.sequence = sequence
        self.deviceTimeMicros = deviceTimeMicros
        self.force = force
        self.accel = accel
        self.gyro = gyro
        self.deviceClockMicros = deviceClockMicros ?? UInt32(truncatingIfNeeded: deviceTimeMicros)
    }
}
