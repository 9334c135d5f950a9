/// A two-way byte stream to one glove: a serial port, a pseudo-terminal or a USB interface.
///
/// `read` is called from the reader thread only; `write` may be called from
/// another thread at the same time. `close` is called once, after reading stopped.
public protocol ByteTransport: AnyObject, Sendable {
    /// The port's name, for messages (a device path, or usb:SERIAL).
    var portName: String { get }
    /// Waits at most `timeoutMillis` for bytes and returns how many were read (0 on timeout).
    /// Throws `.deviceVanished` when the device is gone.
    func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMillis: Int) throws(LinkError) -> Int
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(LinkError)
    func close()
    /// When the bytes of the last `read` reached the host (host clock, µs since 1970): nil for a
    /// device, whose bytes arrive now; a recording says when they arrived while it was made.
    var arrivalMicros: UInt64? { get }
}

extension ByteTransport {
    public var arrivalMicros: UInt64? { nil }
}
