import CUmockdevTestbed
import Foundation
import Testing
import TestSupport
import TenderfootLink
import TenderfootSimulator
import TenderfootWire

/// A glove with a USB vendor interface as Linux shows it in /sys: VID:PID 1209:0001, strings
/// 1-3, one interface of class 0xff with bulk IN 0x81 and bulk OUT 0x01; usbfs node 001/`devnum`.
func usbVendorGloveDescription(devnum: Int, port: Int) -> String {
    let usb = "/devices/pci0000:00/0000:00:14.0/usb1/1-\(port)"
    let node = String(format: "%03d", devnum)
    return """
    P: \(usb)
    N: bus/usb/001/\(node)
    E: DEVTYPE=usb_device
    E: SUBSYSTEM=usb
    E: DRIVER=usb
    E: DEVNAME=/dev/bus/usb/001/\(node)
    E: BUSNUM=001
    E: DEVNUM=\(node)
    A: idVendor=1209
    A: idProduct=0001
    A: busnum=1
    A: devnum=\(devnum)
    A: bConfigurationValue=1
    A: speed=12
    H: descriptors=\(usbVendorDescriptorsHex)

    """
}

let usbVendorDescriptorsHex = "120100020000004009120100000101020301" + "090220000101008032" + "0904000002ff000000"
    + "07058102400000" + "07050102400000"

/// An emulated USB glove: umockdev answers libusb's usbfs calls for /dev/bus/usb/001/NNN, and
/// a pattern glove, run in real time at the other end of a socket, is the firmware.
final class EmulatedUSBGlove {
    let testbed: OpaquePointer
    let usb: OpaquePointer
    let glove: PatternGlove
    let serial: String
    let syspath: String

    init(serial: String, devnum: Int = 9, port: Int = 3, faults: FaultInjection = .none, testbed existing: OpaquePointer? = nil) throws {
        testbed = existing ?? cumockdev_new()
        self.serial = serial
        syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-\(port)"
        var ends: [CInt] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else {
            throw LinkError.unsupported("socketpair failed")
        }
        let node = "/dev/bus/usb/001/\(String(format: "%03d", devnum))"
        guard let usb = cumockdev_usb_glove_new(testbed, node, "Tenderfoot", "Tenderfoot Glove", serial, ends[0]) else {
            throw LinkError.unsupported("umockdev could not attach the USB glove to \(node)")
        }
        self.usb = usb
        var error = [CChar](repeating: 0, count: 512)
        guard cumockdev_add_from_string(testbed, usbVendorGloveDescription(devnum: devnum, port: port), &error, 512) == 1 else {
            throw LinkError.unsupported("umockdev testbed: \(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        glove = PatternGlove.pattern(on: PseudoTerminal.wrap(descriptor: ends[1], name: "usb-glove:\(serial)"), serial: serial,
                                     faults: faults)
    }

    /// Pulls the glove out: every transfer fails as from a device that is gone, and it leaves /sys.
    func unplug() {
        glove.stop(unplug: true)
        cumockdev_usb_glove_unplug(usb)
        cumockdev_unplug(testbed, syspath, "")
    }

    var readsCompleted: Int { cumockdev_usb_glove_reads_completed(usb) }

    func release(freeingTestbed: Bool = true) {
        glove.stop()
        cumockdev_usb_glove_free(usb)
        if freeingTestbed { cumockdev_free(testbed) }
    }
}

extension LinkSuite {
    @Suite(.enabled(if: umockdevAvailable || umockdevRequired, "runs under umockdev-wrapper (make test)"))
    struct UmockdevUSBTests {
        init() throws {
            try #require(umockdevAvailable, "TENDERFOOT_REQUIRE_UMOCKDEV=1 but the process is not under umockdev-wrapper")
        }

        @Test func discoveryFindsTheUSBGloveByVIDPIDAndSerial() throws {
            let emulated = try EmulatedUSBGlove(serial: "TFG-USB-0001")
            defer { emulated.release() }
            let gloves = DeviceDiscovery.usbGloves()
            let glove = try #require(gloves.first)
            #expect(gloves.count == 1)
            #expect(glove.vendorID == 0x1209 && glove.productID == 0x0001 && glove.bus == 1 && glove.address == 9)
            #expect(glove.serialNumber == "TFG-USB-0001" && glove.product == "Tenderfoot Glove" && glove.manufacturer == "Tenderfoot")
            #expect(try DeviceDiscovery.singleGlovePort() == "usb:TFG-USB-0001", "no serial port: auto takes the USB interface")
        }

        @Test func fullConversationOverUSB() throws {
            let emulated = try EmulatedUSBGlove(serial: "TFG-USB-0002")
            defer { emulated.release() }
            let connection = try GloveConnection(port: "usb:TFG-USB-0002")
            #expect(connection.portName == "usb:TFG-USB-0002")
            let result = try converse(with: connection, glove: emulated.glove, rate: 1000, count: 1000)
            expectPerfect(result, serial: "TFG-USB-0002", count: 1000)
        }

        @Test func injectedFaultsAreCountedExactlyOverUSB() throws {
            let emulated = try EmulatedUSBGlove(serial: "TFG-USB-0003",
                                                faults: FaultInjection(dropEvery: 11, corruptEvery: 7, garbageEvery: 9, seed: 5))
            defer { emulated.release() }
            let connection = try GloveConnection(port: "usb:auto")
            let result = try converse(with: connection, glove: emulated.glove, rate: 2000, count: 1000)
            #expect(result.injected.dropped > 0 && result.injected.corrupted > 0 && result.injected.garbage > 0)
            expectFaultsCounted(result)
        }

        @Test func anotherSerialIsNotOpened() throws {
            let emulated = try EmulatedUSBGlove(serial: "TFG-USB-0004")
            defer { emulated.release() }
            #expect(throws: LinkError.noSuchPort("usb:TFG-USB-9999")) { try GloveConnection(port: "usb:TFG-USB-9999") }
        }

        @Test func unpluggingMidStreamEndsTheSessionCleanlyOverUSB() throws {
            let emulated = try EmulatedUSBGlove(serial: "TFG-USB-0005")
            defer { emulated.release() }
            let connection = try GloveConnection(port: "usb:TFG-USB-0005")
            try expectUnplugEndsCleanly(connection, glove: emulated.glove, rate: 1000, before: 200) { emulated.unplug() }
        }
    }
}
