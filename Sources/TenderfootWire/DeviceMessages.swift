/// A firmware version, major.minor.patch.
public struct FirmwareVersion: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var major: UInt8, minor: UInt8, patch: UInt8
    public init(_ major: UInt8, _ minor: UInt8, _ patch: UInt8) {
        self.major = major; self.minor = minor; self.patch = patch
    }
    public var description: String { "\(major).\(minor).\(patch)" }
}

/// The DEVICE_INFO frame: what a glove says about itself in answer to IDENTIFY.
public struct DeviceInfo: Equatable, Hashable, Sendable {
    public var firmware: FirmwareVersion
    public var forceChannels: UInt8
    public var adcBits: UInt8
    public var hasAccelerometer: Bool
    public var hasGyroscope: Bool
    public var sampleRateHz: UInt16
    public var maxSampleRateHz: UInt16
    public var accelLSBPerG: UInt16
    /// Gyroscope LSB per deg/s, times 10 (655 for 65.5).
    public var gyroLSBPerDPSx10: UInt16
    /// At most 16 ASCII characters; equals the USB serial number string.
    public var serialNumber: String
    /// At most 16 ASCII characters.
    public var model: String

    /// The reference glove's layout, the only one wire protocol v1's SAMPLE body carries:
    /// five force channels from a 12-bit ADC.
    public static let referenceForceChannels: UInt8 = 5
    public static let referenceADCBits: UInt8 = 12

    /// Whether this glove's samples have the reference layout.
    public var isReferenceGlove: Bool { forceChannels == Self.referenceForceChannels && adcBits == Self.referenceADCBits }

    public init(firmware: FirmwareVersion, forceChannels: UInt8 = 5, adcBits: UInt8 = 12,
                hasAccelerometer: Bool = true, hasGyroscope: Bool = true,
                sampleRateHz: UInt16, maxSampleRateHz: UInt16 = 2000,
                accelLSBPerG: UInt16 = 8192, gyroLSBPerDPSx10: UInt16 = 655,
                serialNumber: String, model: String) {
        self.firmware = firmware
        self.forceChannels = forceChannels
        self.adcBits = adcBits
        self.hasAccelerometer = hasAccelerometer
        self.hasGyroscope = hasGyroscope
        self.sampleRateHz = sampleRateHz
        self.maxSampleRateHz = maxSampleRateHz
        self.accelLSBPerG = accelLSBPerG
        self.gyroLSBPerDPSx10 = gyroLSBPerDPSx10
        self.serialNumber = serialNumber
        self.model = model
    }
}

/// Whether a glove is streaming samples. A raw value this host does not know is kept as it is.
public struct DeviceState: RawRepresentable, Equatable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let idle = DeviceState(rawValue: 0)
    public static let streaming = DeviceState(rawValue: 1)
}

/// The STATUS frame: the glove's own counters, sent on GET_STATUS and once a second while streaming.
public struct DeviceStatus: Equatable, Hashable, Sendable {
    public var uptimeMillis: UInt32
    public var state: DeviceState
    public var sampleRateHz: UInt16
    public var samplesSinceStart: UInt32
    public var adcOverruns: UInt32
    public var transmitQueueDrops: UInt32
    /// Millivolts; 0 means no battery.
    public var batteryMillivolts: UInt16

    public init(uptimeMillis: UInt32, state: DeviceState, sampleRateHz: UInt16, samplesSinceStart: UInt32,
                adcOverruns: UInt32, transmitQueueDrops: UInt32, batteryMillivolts: UInt16) {
        self.uptimeMillis = uptimeMillis
        self.state = state
        self.sampleRateHz = sampleRateHz
        self.samplesSinceStart = samplesSinceStart
        self.adcOverruns = adcOverruns
        self.transmitQueueDrops = transmitQueueDrops
        self.batteryMillivolts = batteryMillivolts
    }
}

/// The outcome a glove reports for a command. A raw value this host does not know is kept as it is.
public struct AckResult: RawRepresentable, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let ok = AckResult(rawValue: 0)
    public static let unknownCommand = AckResult(rawValue: 1)
    public static let badArgument = AckResult(rawValue: 2)
    public static let notAllowedInState = AckResult(rawValue: 3)

    public var description: String {
        switch rawValue {
        case 0: "ok"
        case 1: "unknown command"
        case 2: "bad argument"
        case 3: "not allowed in this state"
        default: "result \(rawValue)"
        }
    }
}

/// The ACK frame: the answer to one host command, matched by its sequence number.
public struct Ack: Equatable, Hashable, Sendable {
    public var commandSequence: UInt16
    /// The raw type byte of the command answered (it may be one this host does not know).
    public var commandType: UInt8
    public var result: AckResult

    public init(commandSequence: UInt16, commandType: UInt8, result: AckResult) {
        self.commandSequence = commandSequence
        self.commandType = commandType
        self.result = result
    }
}

/// Severity of a LOG frame. A raw value this host does not know is kept as it is.
public struct LogLevel: RawRepresentable, Equatable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let debug = LogLevel(rawValue: 0)
    public static let info = LogLevel(rawValue: 1)
    public static let warning = LogLevel(rawValue: 2)
    public static let error = LogLevel(rawValue: 3)
}

/// The LOG frame: a line of text from the firmware.
public struct LogMessage: Equatable, Hashable, Sendable {
    public var level: LogLevel
    public var text: String
    public init(level: LogLevel, text: String) { self.level = level; self.text = text }
}
