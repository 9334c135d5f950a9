import ArgumentParser
import Foundation
import TenderfootLink

/// `tenderfoot devices`: which serial ports and USB gloves this computer sees.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List serial ports and USB gloves, and mark the Tenderfoot gloves (USB 1209:0001) with the --port that reaches each: a serial port, or usb:SERIAL for the USB vendor interface.")

    @Flag(help: "Print one JSON object for scripts.")
    var json = false

    func run() throws {
        let ports = try DeviceDiscovery.serialPorts()
        let usb = DeviceDiscovery.usbGloves()
        if json {
            struct Listing: Encodable {
                var serialPorts: [SerialPortInfo]
                var usbGloves: [USBGloveInfo]
                var gloves: [String]
            }
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let listing = Listing(serialPorts: ports, usbGloves: usb,
                                  gloves: ports.filter(\.isGlove).map(\.name) + usb.compactMap(\.port))
            print(String(decoding: try encoder.encode(listing), as: UTF8.self))
            return
        }
        print("Serial ports:")
        if ports.isEmpty { print("  none found (a virtual glove's pseudo-terminal is never listed; pass its path to --port)") }
        for port in ports {
            var line = "  \(port.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(port.transport.rawValue)"
            if let vid = port.usbVendorID, let pid = port.usbProductID { line += "  " + usbID(vid, pid) }
            if let product = port.product { line += "  \(product)" }
            if let serial = port.serialNumber { line += "  serial \(serial)" }
            if port.isGlove { line += "  <- Tenderfoot glove" }
            print(line)
        }
        print("USB gloves (libusb):")
        if usb.isEmpty { print("  none found") }
        for glove in usb {
            var line = "  bus \(glove.bus) address \(glove.address)  \(usbID(glove.vendorID, glove.productID))"
            if let product = glove.product { line += "  \(product)" }
            if let serial = glove.serialNumber { line += "  serial \(serial)" }
            if let problem = glove.problem { line += "  (\(problem))" }
            if let port = glove.port { line += "  <- Tenderfoot glove, --port \(port)" }
            print(line)
        }
    }

    private func usbID(_ vendor: UInt16, _ product: UInt16) -> String {
        String(format: "%04x:%04x", vendor, product)
    }
}
