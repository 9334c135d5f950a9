/// A byte stream over a file descriptor: a serial port or pseudo-terminal opened
/// with plain termios (libserialport 0.1.1 cannot open ptys: the virtual glove,
/// socat and ser2net bridges), or the device side of a pty.
public final class DescriptorTransport: ByteTransport, @unchecked Sendable {
    public let portName: String
    private let fd: CInt
    /// Another descriptor to close with this one (a pty's follower, kept open so the controller sees no hang-up).
    private let companion: CInt?

    init(fd: CInt, name: String, companion: CInt? = nil) {
        self.fd = fd
        self.portName = name
        self.companion = companion
    }

    /// Opens the terminal at `path` for exclusive use, raw 8N1 at `baud`.
    public convenience init(terminalPath path: String, baud: Int = SerialLink.baudRate) throws(LinkError) {
        let fd: CInt
        do {
            fd = try PosixIO.openTerminal(path)
        } catch {
            throw LinkError.opening(path, error)
        }
        do {
            try PosixIO.configureRaw(fd, baud: baud)
        } catch {
            PosixIO.close(fd)
            throw .system(operation: "configuring \(baud) baud 8N1", port: path, errno: error)
        }
        self.init(fd: fd, name: path)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMillis: Int) throws(LinkError) -> Int {
        do {
            guard try PosixIO.waitReadable(fd, timeoutMillis: timeoutMillis) else { return 0 }
            return try PosixIO.readAvailable(fd, into: buffer)
        } catch {
            throw error.meansDeviceGone ? .deviceVanished(portName) : .system(operation: "read", port: portName, errno: error)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(LinkError) {
        do {
            try PosixIO.writeAll(fd, bytes)
        } catch {
            throw error.meansDeviceGone ? .deviceVanished(portName) : .system(operation: "write", port: portName, errno: error)
        }
    }

    public func close() {
        PosixIO.close(fd)
        if let companion { PosixIO.close(companion) }
    }
}

/// A new pseudo-terminal pair: the device side stays here, the `path` is the port a host opens.
public enum PseudoTerminal {
    /// Opens a pty and returns its device side as a transport, and the path of the host side.
    public static func open() throws(LinkError) -> (device: DescriptorTransport, path: String) {
        let opened: (fd: CInt, path: String)
        do {
            opened = try PosixIO.openPseudoTerminal()
        } catch {
            throw .system(operation: "opening a pseudo-terminal", port: "/dev/ptmx", errno: error)
        }
        // Hold the follower open so the device side sees no hang-up before a host opens it.
        let follower: CInt
        do {
            follower = try PosixIO.openFollower(opened.path)
        } catch {
            PosixIO.close(opened.fd)
            throw .system(operation: "opening", port: opened.path, errno: error)
        }
        return (DescriptorTransport(fd: opened.fd, name: opened.path, companion: follower), opened.path)
    }

    /// A transport over a descriptor the caller owns (for example an emulated device's file).
    public static func wrap(descriptor fd: CInt, name: String) -> DescriptorTransport {
        DescriptorTransport(fd: fd, name: name)
    }
}
