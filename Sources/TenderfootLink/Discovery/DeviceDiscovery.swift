/// Finds serial ports and USB gloves attached to this computer.
public enum DeviceDiscovery {
    /// Every serial port libserialport lists (pseudo-terminals are never listed).
    public static func serialPorts() throws(LinkError) -> [SerialPortInfo] {
        do {
            return try LibSerialPort.listPorts()
        } catch where error.errno == .noSuchFile {
            return []  // no /sys/class/tty at all: no serial ports
        } catch {
            throw .system(operation: "listing serial ports", port: "-", errno: error.errno)
        }
    }

    /// Gloves reachable as USB devices (any interface), found by VID:PID through libusb.
    /// An empty list where USB cannot be enumerated (no /dev/bus/usb, as in many containers).
    public static func usbGloves() -> [USBGloveInfo] {
        (try? LibUSB.listGloves()) ?? []
    }
}

extension DeviceDiscovery {
    /// The port a `--port` value names, checked before anything else is done (a checklist shown,
    /// a glove opened): `auto` is the one glove connected, `usb:auto` the one USB glove,
    /// `usb:SERIAL` is taken as it is (the USB layer finds it), and a path must exist.
    public static func resolve(_ port: String) throws(LinkError) -> String {
        switch port {
        case "auto": return try singleGlovePort()
        case "usb:auto": return try singleUSBGlove()
        case _ where port.hasPrefix("usb:"): return port
        default:
            guard PosixIO.exists(port) else { throw .noSuchPort(port) }
            return port
        }
    }

    /// The one glove connected (for `--port auto`): its serial port, or `usb:SERIAL`
    /// when it shows only its USB vendor interface.
    public static func singleGlovePort() throws(LinkError) -> String {
        let gloves = try serialPorts().filter(\.isGlove)
        switch gloves.count {
        case 1: return gloves[0].name
        case 0:
            let usb = usbGloves().filter { $0.serialNumber != nil }
            if usb.count == 1, let serial = usb[0].serialNumber { return "usb:\(serial)" }
            throw .noGloveChosen("--port auto found no glove (USB 1209:0001) — plug it in, or give its port, e.g. --port /dev/ttyACM0 or --port usb:SERIAL")
        default:
            throw .noGloveChosen("--port auto found \(gloves.count) gloves (\(gloves.map { "\($0.name) serial \($0.serialNumber ?? "?")" }.joined(separator: ", "))) — choose one with --port")
        }
    }

    /// Every glove connected (a classroom's `--port auto`): each serial port that is a glove, then
    /// `usb:SERIAL` for each USB glove not among them.
    public static func allGlovePorts() throws(LinkError) -> [String] {
        let serial = try serialPorts().filter(\.isGlove)
        let serialNumbers = Set(serial.compactMap(\.serialNumber))
        let usb = usbGloves().compactMap(\.serialNumber).filter { !serialNumbers.contains($0) }
        let ports = serial.map(\.name) + usb.map { "usb:\($0)" }
        guard !ports.isEmpty else {
            throw .noGloveChosen("--port auto found no glove (USB 1209:0001) — plug the gloves in, or give each one's port with --port")
        }
        return ports
    }

    /// The one glove on USB (for `--port usb:auto`), as `usb:SERIAL`.
    public static func singleUSBGlove() throws(LinkError) -> String {
        let usb = usbGloves().filter { $0.serialNumber != nil }
        switch usb.count {
        case 1: return "usb:\(usb[0].serialNumber ?? "")"
        case 0: throw .noGloveChosen("--port usb:auto found no USB glove (1209:0001) — plug it in, or run `tenderfoot devices` to see what is connected")
        default:
            throw .noGloveChosen("--port usb:auto found \(usb.count) USB gloves (\(usb.compactMap(\.serialNumber).joined(separator: ", "))) — choose one with --port usb:SERIAL")
        }
    }
}
