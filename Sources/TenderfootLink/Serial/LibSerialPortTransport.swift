import CLibSerialPort

/// A real serial port (/dev/ttyACM*, /dev/ttyUSB*) opened through libserialport.
public final class LibSerialPortTransport: ByteTransport, @unchecked Sendable {
    public let portName: String
    private let port: OpaquePointer

    /// Opens `name` for exclusive use, 8N1 at `baud`, no flow control.
    public init(name: String, baud: Int = SerialLink.baudRate) throws(LinkError) {
        portName = name
        do {
            port = try LibSerialPort.open(name, baud: baud)
        } catch {
            throw Self.openingError(name, error)
        }
        do {
            try PosixIO.lockExclusive(LibSerialPort.descriptor(port))
        } catch {
            LibSerialPort.close(port)
            throw LinkError.opening(name, error)
        }
    }

    static func openingError(_ name: String, _ failure: LibSerialPort.Failure) -> LinkError {
        switch failure.code {
        case SP_ERR_ARG: .unsupported("\(name) is not a serial port libserialport knows")
        case SP_ERR_FAIL: LinkError.opening(name, failure.errno)
        default: .system(operation: "open (\(failure.message))", port: name, errno: failure.errno)
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMillis: Int) throws(LinkError) -> Int {
        do {
            let n = try LibSerialPort.readNext(port, into: buffer, timeoutMillis: timeoutMillis)
            // A USB device unplugged between reads can leave a quiet descriptor: check that it is still there.
            if n == 0 && !PosixIO.exists(portName) { throw LinkError.deviceVanished(portName) }
            return n
        } catch let error as LinkError {
            throw error
        } catch let failure as LibSerialPort.Failure {
            throw failure.errno.meansDeviceGone || !PosixIO.exists(portName)
                ? .deviceVanished(portName) : .system(operation: "read", port: portName, errno: failure.errno)
        } catch {
            throw .system(operation: "read", port: portName, errno: .ioError)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(LinkError) {
        do {
            try LibSerialPort.write(port, bytes)
        } catch {
            throw error.errno.meansDeviceGone || !PosixIO.exists(portName)
                ? .deviceVanished(portName) : .system(operation: "write", port: portName, errno: error.errno)
        }
    }

    public func close() { LibSerialPort.close(port) }
}
