import CLibSerialPort
import Glibc

/// Every libserialport call, in one place. A failed call throws the errno of
/// that same call (libserialport keeps the OS error in errno for SP_ERR_FAIL).
enum LibSerialPort {
    struct Failure: Error {
        var code: sp_return
        var errno: Errno
        var message: String
    }

    private static func check(_ result: sp_return) throws(Failure) {
        if result.rawValue >= 0 { return }
        let saved = Errno.current
        let text = sp_last_error_message()
        let message = text.map { String(cString: $0) } ?? "libserialport error \(result.rawValue)"
        if let text { sp_free_error_message(text) }
        throw Failure(code: result, errno: saved, message: message)
    }

    /// The ports libserialport lists, with their USB details where it knows them.
    static func listPorts() throws(Failure) -> [SerialPortInfo] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        try check(sp_list_ports(&list))
        defer { sp_free_port_list(list) }
        var ports: [SerialPortInfo] = []
        var index = 0
        while let port = list?[index] {
            ports.append(info(port))
            index += 1
        }
        return ports
    }

    private static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func info(_ port: OpaquePointer) -> SerialPortInfo {
        let transport = sp_get_port_transport(port)
        var info = SerialPortInfo(name: string(sp_get_port_name(port)) ?? "?",
                                  description: string(sp_get_port_description(port)) ?? "",
                                  transport: transport == SP_TRANSPORT_USB ? .usb
                                      : transport == SP_TRANSPORT_BLUETOOTH ? .bluetooth : .native)
        if transport == SP_TRANSPORT_USB {
            var vid: CInt = 0, pid: CInt = 0, bus: CInt = 0, address: CInt = 0
            if sp_get_port_usb_vid_pid(port, &vid, &pid) == SP_OK {
                info.usbVendorID = UInt16(truncatingIfNeeded: vid)
                info.usbProductID = UInt16(truncatingIfNeeded: pid)
            }
            if sp_get_port_usb_bus_address(port, &bus, &address) == SP_OK {
                info.usbBus = Int(bus)
                info.usbAddress = Int(address)
            }
            info.manufacturer = string(sp_get_port_usb_manufacturer(port))
            info.product = string(sp_get_port_usb_product(port))
            info.serialNumber = string(sp_get_port_usb_serial(port))
        }
        return info
    }

    /// Opens `name` read-write, 8N1 at `baud`, no flow control.
    static func open(_ name: String, baud: Int) throws(Failure) -> OpaquePointer {
        var port: OpaquePointer?
        try check(sp_get_port_by_name(name, &port))
        guard let port else { throw Failure(code: SP_ERR_ARG, errno: .noSuchFile, message: "no port") }
        do {
            try check(sp_open(port, SP_MODE_READ_WRITE))
        } catch {
            sp_free_port(port)
            throw error
        }
        do {
            try check(sp_set_baudrate(port, CInt(baud)))
            try check(sp_set_bits(port, 8))
            try check(sp_set_parity(port, SP_PARITY_NONE))
            try check(sp_set_stopbits(port, 1))
            try check(sp_set_flowcontrol(port, SP_FLOWCONTROL_NONE))
        } catch {
            close(port)
            throw error
        }
        return port
    }

    static func descriptor(_ port: OpaquePointer) -> CInt {
        var fd: CInt = -1
        _ = sp_get_port_handle(port, &fd)
        return fd
    }

    /// Waits up to `timeoutMillis` for bytes, then returns what arrived (0 on timeout).
    static func readNext(_ port: OpaquePointer, into buffer: UnsafeMutableRawBufferPointer,
                         timeoutMillis: Int) throws(Failure) -> Int {
        let result = sp_blocking_read_next(port, buffer.baseAddress, buffer.count, CUnsignedInt(timeoutMillis))
        try check(result)
        return Int(result.rawValue)
    }

    static func write(_ port: OpaquePointer, _ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let result = sp_blocking_write(port, bytes.baseAddress! + offset, bytes.count - offset, 1000)
            try check(result)
            if result.rawValue == 0 { throw Failure(code: SP_ERR_FAIL, errno: .ioError, message: "write timed out") }
            offset += Int(result.rawValue)
        }
    }

    static func close(_ port: OpaquePointer) {
        _ = sp_close(port)
        sp_free_port(port)
    }
}
