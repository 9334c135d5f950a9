import CLibUSB

/// One glove opened through libusb: its context, device handle and claimed vendor interface,
/// and the bulk IN transfers kept in flight. Every libusb call for an open glove is here.
///
/// Threads: `handleEvents`, `submitReads` and `cancelReads` run on the reader thread (libusb
/// calls the transfer callbacks from inside `handleEvents`, so on that thread too); `writeBulk`
/// may run on another at the same time (libusb serialises event handling itself).
final class LibUSBDevice: @unchecked Sendable {
    let context: OpaquePointer
    let handle: OpaquePointer
    let interfaceNumber: Int32
    let inEndpoint: UInt8
    let outEndpoint: UInt8
    let serialNumber: String
    private var transfers: [UnsafeMutablePointer<libusb_transfer>] = []
    private var box: Unmanaged<CompletionBox>?
    private var kernelDriverDetached = false

    /// What a completed bulk IN transfer brought: bytes, or why reading stopped.
    enum Completion {
        case bytes(UnsafeRawBufferPointer)
        case vanished
        case failed(Int32)
        case cancelled
    }

    private init(context: OpaquePointer, handle: OpaquePointer, interfaceNumber: Int32, inEndpoint: UInt8, outEndpoint: UInt8,
                 serialNumber: String) {
        self.context = context
        self.handle = handle
        self.interfaceNumber = interfaceNumber
        self.inEndpoint = inEndpoint
        self.outEndpoint = outEndpoint
        self.serialNumber = serialNumber
    }

    /// Opens the glove with serial number `serial` (any glove when nil, if exactly one is
    /// connected), detaches a kernel driver bound to its vendor interface and claims it.
    static func open(serial: String?) throws(LinkError) -> LibUSBDevice {
        let name = "usb:\(serial ?? "auto")"
        var context: OpaquePointer?
        guard libusb_init(&context) == 0, let context else { throw .unsupported("libusb could not start (\(name))") }
        var refused: LinkError?
        var matches: [(OpaquePointer, String)] = []
        do {
            try LibUSB.eachGlove(in: context) { device, descriptor in
                var handle: OpaquePointer?
                let opened = libusb_open(device, &handle)
                guard opened == 0, let handle else {
                    refused = opened == LIBUSB_ERROR_ACCESS.rawValue ? .permissionDenied(name) : .noSuchPort(name)
                    return
                }
                let found = LibUSB.string(handle, descriptor.iSerialNumber) ?? ""
                if serial == nil || found == serial { matches.append((handle, found)) } else { libusb_close(handle) }
            }
        } catch {
            libusb_exit(context)
            throw .system(operation: "list USB devices", port: name, errno: Errno(rawValue: 5))
        }
        guard matches.count == 1 || (serial != nil && !matches.isEmpty) else {
            for (handle, _) in matches { libusb_close(handle) }
            libusb_exit(context)
            if matches.count > 1 { throw .invalidArgument("\(matches.count) gloves on USB: name one with usb:SERIAL (`tenderfoot devices` lists them)") }
            throw refused ?? .noSuchPort(name)
        }
        for (handle, _) in matches.dropFirst() { libusb_close(handle) }
        let (handle, found) = matches[0]
        do {
            let (interface, input, output) = try bulkInterface(handle, name: name)
            let device = LibUSBDevice(context: context, handle: handle, interfaceNumber: interface, inEndpoint: input,
                                      outEndpoint: output, serialNumber: found)
            try device.claim(name: name)
            return device
        } catch {
            libusb_close(handle)
            libusb_exit(context)
            throw error
        }
    }

    /// The vendor-specific interface (class 0xff) with one bulk IN and one bulk OUT endpoint: the
    /// spec's. A CDC-ACM glove's data interface is left to its serial driver.
    private static func bulkInterface(_ handle: OpaquePointer, name: String) throws(LinkError) -> (Int32, UInt8, UInt8) {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        guard let device = libusb_get_device(handle), libusb_get_active_config_descriptor(device, &config) == 0, let config else {
            throw .unsupported("\(name) has no readable configuration")
        }
        defer { libusb_free_config_descriptor(config) }
        for index in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[index]
            guard interface.num_altsetting > 0 else { continue }
            let setting = interface.altsetting[0]
            guard setting.bInterfaceClass == 0xff else { continue }
            var input: UInt8?, output: UInt8?
            for e in 0..<Int(setting.bNumEndpoints) {
                let endpoint = setting.endpoint[e]
                guard endpoint.bmAttributes & 0x3 == UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue) else { continue }
                if endpoint.bEndpointAddress & 0x80 != 0 { input = endpoint.bEndpointAddress } else { output = endpoint.bEndpointAddress }
            }
            if let input, let output { return (Int32(setting.bInterfaceNumber), input, output) }
        }
        throw .unsupported("\(name) has no interface with a bulk IN and a bulk OUT endpoint — is it a Tenderfoot glove?")
    }

    private func claim(name: String) throws(LinkError) {
        if libusb_kernel_driver_active(handle, interfaceNumber) == 1 {
            let detached = libusb_detach_kernel_driver(handle, interfaceNumber)
            guard detached == 0 else { throw Self.error(detached, name: name) }
            kernelDriverDetached = true
        }
        let claimed = libusb_claim_interface(handle, interfaceNumber)
        guard claimed == 0 else { throw Self.error(claimed, name: name) }
    }

    static func error(_ code: Int32, name: String) -> LinkError {
        switch code {
        case LIBUSB_ERROR_ACCESS.rawValue: .permissionDenied(name)
        case LIBUSB_ERROR_BUSY.rawValue: .portBusy(name)
        case LIBUSB_ERROR_NO_DEVICE.rawValue, LIBUSB_ERROR_NOT_FOUND.rawValue: .deviceVanished(name)
        default: .system(operation: "libusb: \(String(cString: libusb_error_name(code)))", port: name, errno: Errno(rawValue: 5))
        }
    }

    /// Keeps `count` bulk IN transfers of `size` bytes in flight; `completion` receives each
    /// one's result (on the thread handling events), and a transfer that brought bytes is
    /// resubmitted after it returns.
    func submitReads(count: Int, size: Int, completion: @escaping (Completion) -> Void) throws(LinkError) {
        let box = Unmanaged.passRetained(CompletionBox(completion))
        self.box = box
        for _ in 0..<count {
            guard let transfer = libusb_alloc_transfer(0) else { throw .unsupported("out of memory for USB transfers") }
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
            transfer.pointee.dev_handle = handle
            transfer.pointee.endpoint = inEndpoint
            transfer.pointee.type = UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue)
            transfer.pointee.timeout = 0
            transfer.pointee.buffer = buffer
            transfer.pointee.length = Int32(size)
            transfer.pointee.user_data = box.toOpaque()
            transfer.pointee.callback = { transfer in
                guard let transfer else { return }
                let box = Unmanaged<CompletionBox>.fromOpaque(transfer.pointee.user_data).takeUnretainedValue()
                box.completed(transfer)
            }
            transfers.append(transfer)
            let submitted = libusb_submit_transfer(transfer)
            guard submitted == 0 else { throw Self.error(submitted, name: "usb:\(serialNumber)") }
            box.takeUnretainedValue().inFlight += 1
        }
    }

    /// Waits up to `timeoutMillis` for transfers to complete, running their callbacks.
    func handleEvents(timeoutMillis: Int) {
        var timeout = timeval(tv_sec: timeoutMillis / 1000, tv_usec: (timeoutMillis % 1000) * 1000)
        _ = libusb_handle_events_timeout_completed(context, &timeout, nil)
    }

    /// Writes all of `bytes` to the bulk OUT endpoint.
    func writeBulk(_ bytes: UnsafeRawBufferPointer) throws(LinkError) {
        var offset = 0
        while offset < bytes.count {
            var sent: Int32 = 0
            let pointer = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)) + offset
            let status = libusb_bulk_transfer(handle, outEndpoint, pointer, Int32(bytes.count - offset), &sent, 500)
            guard status == 0 || (status == LIBUSB_ERROR_TIMEOUT.rawValue && sent > 0) else {
                throw Self.error(status, name: "usb:\(serialNumber)")
            }
            offset += Int(sent)
        }
    }

    /// Cancels the reads, waits for their callbacks, releases the interface and closes everything.
    func close() {
        for transfer in transfers { libusb_cancel_transfer(transfer) }
        var waited = 0
        while (box?.takeUnretainedValue().inFlight ?? 0) > 0 && waited < 100 {
            handleEvents(timeoutMillis: 10)
            waited += 1
        }
        libusb_release_interface(handle, interfaceNumber)
        if kernelDriverDetached { libusb_attach_kernel_driver(handle, interfaceNumber) }
        libusb_close(handle)
        box?.release()
        box = nil
        for transfer in transfers {
            transfer.pointee.buffer.deallocate()
            libusb_free_transfer(transfer)
        }
        transfers.removeAll()
        libusb_exit(context)
    }
}

/// Routes a transfer's completion to its owner and resubmits it; counts the transfers still in flight.
/// Used only on the thread handling events.
private final class CompletionBox {
    let completion: (LibUSBDevice.Completion) -> Void
    var inFlight = 0

    init(_ completion: @escaping (LibUSBDevice.Completion) -> Void) { self.completion = completion }

    func completed(_ transfer: UnsafeMutablePointer<libusb_transfer>) {
        switch transfer.pointee.status {
        case LIBUSB_TRANSFER_COMPLETED:
            completion(.bytes(UnsafeRawBufferPointer(start: transfer.pointee.buffer, count: Int(transfer.pointee.actual_length))))
            if libusb_submit_transfer(transfer) != 0 {
                inFlight -= 1
                completion(.vanished)
            }
        case LIBUSB_TRANSFER_CANCELLED:
            inFlight -= 1
            completion(.cancelled)
        case LIBUSB_TRANSFER_NO_DEVICE:
            inFlight -= 1
            completion(.vanished)
        default:
            inFlight -= 1
            completion(.failed(Int32(transfer.pointee.status.rawValue)))
        }
    }
}
