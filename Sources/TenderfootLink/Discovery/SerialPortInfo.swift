/// How a serial port is attached to the computer.
public enum SerialTransportKind: String, Sendable, Codable {
    case native, usb, bluetooth
}

/// A serial port as the operating system lists it, with the USB details of the device behind it.
public struct SerialPortInfo: Equatable, Sendable, Codable {
    public var name: String
    public var description: String
    public var transport: SerialTransportKind
    public var usbVendorID: UInt16?
    public var usbProductID: UInt16?
    public var usbBus: Int?
    public var usbAddress: Int?
    public var manufacturer: String?
    public var product: String?
    public var serialNumber: String?

    public init(name: String, description: String, transport: SerialTransportKind) {
        self.name = name
        self.description = description
        self.transport = transport
    }

    /// A Tenderfoot glove (USB VID:PID 1209:0001).
    public var isGlove: Bool { usbVendorID == GloveUSBIdentity.vendorID && usbProductID == GloveUSBIdentity.productID }
}

/// How a glove shows itself on USB (the spec: the pid.codes test PID until one is allocated).
public enum GloveUSBIdentity {
    public static let vendorID: UInt16 = 0x1209
    public static let productID: UInt16 = 0x0001
    public static let product = "Tenderfoot Glove"
}
