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
    /// The port of the one glove connected (for `--port auto`): its serial port, or `usb:SERIAL`
    /// for a glove that has no serial port (a USB vendor interface).
    public static func singleGlovePort() throws(LinkError) -> String {
        let gloves = try serialPorts().filter(\.isGlove)
        switch gloves.count {
        case 1: return gloves[0].name
        case 0:
            let usb = usbGloves().filter { $0.serialNumber != nil }
            if usb.count == 1, let serial = usb[0].serialNumber { return "usb:\(serial)" }
            throw .invalidArgument("--port auto found no glove (USB 1209:0001) — plug it in, or give its port, e.g. --port /dev/ttyACM0 or --port usb:SERIAL")
        default:
            throw .invalidArgument("--port auto found \(gloves.count) gloves (\(gloves.map { "\($0.name) serial \($0.serialNumber ?? "?")" }.joined(separator: ", "))) — choose one with --port")
        }
    }
}
