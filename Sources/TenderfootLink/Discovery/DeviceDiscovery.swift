/// Finds serial ports and USB gloves attached to this computer.
public enum DeviceDiscovery {
    /// Every serial port libserialport lists (pseudo-terminals are never listed).
    public static func serialPorts() throws(LinkError) -> [SerialPortInfo] {
        do {
            return try LibSerialPort.listPorts()
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
