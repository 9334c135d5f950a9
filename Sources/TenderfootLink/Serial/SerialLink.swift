import CLibSerialPort

/// Which code opens a serial port.
public enum SerialBackend: String, Sendable, CaseIterable {
    /// libserialport for ports it knows; termios for the rest (pseudo-terminals).
    case automatic
    case libserialport
    case termios
}

/// Opens serial ports the way the glove needs them: 921600 baud, 8N1, no flow control.
public enum SerialLink {
    public static let baudRate = 921_600

    public static func open(_ path: String, backend: SerialBackend = .automatic) throws(LinkError) -> ByteTransport {
        guard PosixIO.exists(path) else { throw .noSuchPort(path) }
        switch backend {
        case .libserialport:
            return try LibSerialPortTransport(name: path)
        case .termios:
            return try DescriptorTransport(terminalPath: path)
        case .automatic:
            do {
                return try LibSerialPortTransport(name: path)
            } catch .unsupported {
                return try DescriptorTransport(terminalPath: path)        // not a port libserialport lists: a pty
            } catch .system(_, _, let errno) where errno == .notATerminal || errno == Errno(rawValue: 22) {
                return try DescriptorTransport(terminalPath: path)        // libserialport 0.1.1 fails on a pty's modem lines
            }
        }
    }
}
