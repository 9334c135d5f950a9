/// A glove's USB vendor interface (spec: one bulk IN, one bulk OUT endpoint carrying the same
/// byte stream as the serial link), read with several bulk IN transfers in flight so the
/// 1-2 kHz stream never waits on a round trip. The port name is `usb:SERIAL`.
public final class USBTransport: ByteTransport, @unchecked Sendable {
    public let portName: String
    /// The glove's USB serial number (its DEVICE_INFO serial).
    public let serialNumber: String
    /// Bulk IN transfers kept in flight, and the bytes each can carry.
    public static let transfersInFlight = 8
    public static let transferBytes = 512

    private let device: LibUSBDevice
    /// Bytes the transfers brought and not read yet, and why reading stopped. Locked: libusb runs
    /// a transfer's callback on whichever thread handles events, the reader's or a command's.
    private struct Received {
        var bytes: [UInt8] = []
        var ended: LinkError?
    }
    private let received = Locked(Received())
    private var started = false             // reader thread only

    /// Opens the glove with `serial`, or the single glove on USB when nil.
    public init(serial: String?) throws(LinkError) {
        device = try LibUSBDevice.open(serial: serial)
        serialNumber = device.serialNumber
        portName = "usb:\(device.serialNumber)"
    }

    /// `usb:SERIAL` or `usb:auto` (nil) from a `--port` value; nil if it does not name USB.
    public static func serial(fromPort port: String) -> String?? {
        guard port.hasPrefix("usb:") else { return nil }
        let serial = String(port.dropFirst(4))
        return .some(serial == "auto" || serial.isEmpty ? nil : serial)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMillis: Int) throws(LinkError) -> Int {
        if !started {
            started = true
            try device.submitReads(count: Self.transfersInFlight, size: Self.transferBytes) { [unowned self] completion in
                received.withLock { received in
                    switch completion {
                    case .bytes(let bytes): received.bytes.append(contentsOf: bytes)
                    case .vanished: received.ended = received.ended ?? .deviceVanished(portName)
                    case .failed(let status):
                        received.ended = received.ended ?? .system(operation: "USB read (status \(status))", port: portName, errno: Errno(rawValue: 5))
                    case .cancelled: break
                    }
                }
            }
        }
        if received.withLock({ $0.bytes.isEmpty && $0.ended == nil }) { device.handleEvents(timeoutMillis: timeoutMillis) }
        let (count, ended) = received.withLock { received -> (Int, LinkError?) in
            let count = min(buffer.count, received.bytes.count)
            received.bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            received.bytes.removeFirst(count)
            return (count, received.ended)
        }
        if count == 0, let ended { throw ended }
        return count
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(LinkError) {
        try device.writeBulk(bytes)
    }

    public func close() {
        device.close()
    }
}
