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
    // Reader thread only (the callbacks run inside `handleEvents`, on the reader thread):
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var ended: LinkError?
    private var started = false

    /// Opens the glove with `serial`, or the single glove on USB when nil.
    public init(serial: String?) throws(LinkError) {
        device = try LibUSBDevice.open(serial: serial)
        serialNumber = device.serialNumber
        portName = "usb:\(device.serialNumber)"
        pending.reserveCapacity(Self.transfersInFlight * Self.transferBytes * 2)
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
                switch completion {
                case .bytes(let bytes): pending.append(contentsOf: bytes)
                case .vanished: ended = ended ?? .deviceVanished(portName)
                case .failed(let status): ended = ended ?? .system(operation: "USB read (status \(status))", port: portName, errno: Errno(rawValue: 5))
                case .cancelled: break
                }
            }
        }
        if pendingStart == pending.count {
            if let ended { throw ended }
            device.handleEvents(timeoutMillis: timeoutMillis)
        }
        let count = min(buffer.count, pending.count - pendingStart)
        guard count > 0 else {
            if let ended { throw ended }
            return 0
        }
        pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[pendingStart..<(pendingStart + count)])) }
        pendingStart += count
        if pendingStart == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
        }
        return count
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(LinkError) {
        try device.writeBulk(bytes)
    }

    public func close() {
        device.close()
    }
}
