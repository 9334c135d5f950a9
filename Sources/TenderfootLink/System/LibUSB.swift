import CLibUSB

/// Every libusb call, in one place.
enum LibUSB {
    struct Failure: Error {
        var code: Int32
        var message: String { String(cString: libusb_strerror(code)) }
    }

    /// USB devices with the glove's VID:PID, with their strings when the device can be opened.
    static func listGloves() throws(Failure) -> [USBGloveInfo] {
        var context: OpaquePointer?
        let status = libusb_init(&context)
        if status != 0 { throw Failure(code: status) }
        defer { libusb_exit(context) }
        var gloves: [USBGloveInfo] = []
        try eachGlove(in: context) { device, descriptor in
            var info = USBGloveInfo(bus: Int(libusb_get_bus_number(device)),
                                    address: Int(libusb_get_device_address(device)),
                                    vendorID: descriptor.idVendor, productID: descriptor.idProduct)
            info.hasVendorInterface = hasVendorInterface(device)
            var handle: OpaquePointer?
            let opened = libusb_open(device, &handle)
            if opened == 0, let handle {
                info.manufacturer = string(handle, descriptor.iManufacturer)
                info.product = string(handle, descriptor.iProduct)
                info.serialNumber = string(handle, descriptor.iSerialNumber)
                if info.serialNumber == nil && descriptor.iSerialNumber != 0 {
                    info.problem = "it did not answer for its strings: unplug it and plug it back in"
                }
                libusb_close(handle)
            } else {
                info.problem = opened == LIBUSB_ERROR_ACCESS.rawValue
                    ? "no permission to open it: install Support/udev/60-tenderfoot-glove.rules"
                    : Failure(code: opened).message
            }
            gloves.append(info)
        }
        return gloves
    }

    /// Calls `body` with each device in `context` that has the glove's VID:PID, and its descriptor.
    static func eachGlove(in context: OpaquePointer?,
                          _ body: (_ device: OpaquePointer, _ descriptor: libusb_device_descriptor) -> Void) throws(Failure) {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        if count < 0 { throw Failure(code: Int32(count)) }
        defer { libusb_free_device_list(list, 1) }
        for index in 0..<Int(count) {
            guard let device = list?[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &descriptor) == 0,
                  descriptor.idVendor == GloveUSBIdentity.vendorID,
                  descriptor.idProduct == GloveUSBIdentity.productID else { continue }
            body(device, descriptor)
        }
    }

    /// Whether the active configuration has a vendor-specific interface (class 0xff): the spec's bulk interface.
    private static func hasVendorInterface(_ device: OpaquePointer) -> Bool {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        guard libusb_get_active_config_descriptor(device, &config) == 0, let config else { return false }
        defer { libusb_free_config_descriptor(config) }
        return (0..<Int(config.pointee.bNumInterfaces)).contains { index in
            let interface = config.pointee.interface[index]
            return interface.num_altsetting > 0 && interface.altsetting[0].bInterfaceClass == 0xff
        }
    }

    static func string(_ handle: OpaquePointer, _ index: UInt8) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = libusb_get_string_descriptor_ascii(handle, index, &buffer, Int32(buffer.count))
        return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : nil
    }
}

/// A glove found on USB by libusb.
public struct USBGloveInfo: Equatable, Sendable, Codable {
    public var bus: Int
    public var address: Int
    public var vendorID: UInt16
    public var productID: UInt16
    public var manufacturer: String?
    public var product: String?
    public var serialNumber: String?
    /// Why the strings could not be read, if they could not.
    public var problem: String?
    /// It has the spec's vendor interface (bulk IN and OUT): reachable as `usb:SERIAL`.
    public var hasVendorInterface = false

    /// The `--port` that reaches it over its vendor interface, if it has one.
    public var port: String? { hasVendorInterface ? "usb:\(serialNumber ?? "auto")" : nil }
}
