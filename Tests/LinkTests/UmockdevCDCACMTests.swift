import CUmockdevTestbed
import Foundation
import Testing
import TestSupport
import TenderfootLink
import TenderfootSimulator
import TenderfootWire

/// A USB CDC-ACM glove as Linux shows it in /sys and /dev, for umockdev.
func cdcACMGloveDescription(serial: String, devnum: Int = 7, usbPort: Int = 2, tty: String = "ttyACM0") -> String {
    let usb = "/devices/pci0000:00/0000:00:14.0/usb1/1-\(usbPort)"
    return """
    P: \(usb)
    N: bus/usb/001/\(String(format: "%03d", devnum))
    E: DEVTYPE=usb_device
    E: SUBSYSTEM=usb
    E: DEVNAME=/dev/bus/usb/001/\(String(format: "%03d", devnum))
    E: BUSNUM=001
    E: DEVNUM=\(String(format: "%03d", devnum))
    A: idVendor=1209
    A: idProduct=0001
    A: manufacturer=Tenderfoot
    A: product=Tenderfoot Glove
    A: serial=\(serial)
    A: busnum=1
    A: devnum=\(devnum)
    A: bDeviceClass=02
    H: descriptors=\(usbDescriptorsHex)

    P: \(usb)/1-\(usbPort):1.0
    E: DEVTYPE=usb_interface
    E: SUBSYSTEM=usb
    E: DRIVER=cdc_acm
    A: bInterfaceClass=02
    A: bInterfaceNumber=00
    A: interface=Tenderfoot Glove CDC

    P: \(usb)/1-\(usbPort):1.0/tty/\(tty)
    N: \(tty)
    E: DEVNAME=/dev/\(tty)
    E: SUBSYSTEM=tty
    L: device=../../../1-\(usbPort):1.0

    """
}

/// The glove's device and configuration descriptors as sysfs shows them (libusb enumerates from these):
/// VID:PID 1209:0001, strings 1-3, one interface with a bulk IN and a bulk OUT endpoint.
let usbDescriptorsHex = "12010002000000400912010000010102030109022000010100803209040000020a0000000705810240000007050102400000"

/// umockdev works only when the process runs under umockdev-wrapper; `make test` does,
/// and sets TENDERFOOT_REQUIRE_UMOCKDEV=1 so that these tests fail rather than skip there.
let umockdevAvailable = cumockdev_is_preloaded() == 1
let umockdevRequired = ProcessInfo.processInfo.environment["TENDERFOOT_REQUIRE_UMOCKDEV"] == "1"

/// An emulated USB glove on /dev/ttyACM0 (or another tty), its device side driven by a pattern glove.
final class EmulatedACMGlove {
    let testbed: OpaquePointer
    let glove: PatternGlove
    /// The tty held open by the emulator, so that its device side never sees a hang-up before the host opens it.
    let follower: CInt
    let syspath: String
    let devnode: String

    /// A glove on a new testbed, or plugged into `existing` on another USB port (`usbPort`, `tty`) — a replug.
    init(serial: String, faults: FaultInjection = .none, testbed existing: OpaquePointer? = nil, usbPort: Int = 2, devnum: Int = 7,
         tty: String = "ttyACM0") throws {
        testbed = existing ?? cumockdev_new()
        syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-\(usbPort)"
        devnode = "/dev/\(tty)"
        var error = [CChar](repeating: 0, count: 512)
        let description = cdcACMGloveDescription(serial: serial, devnum: devnum, usbPort: usbPort, tty: tty)
        guard cumockdev_add_from_string(testbed, description, &error, 512) == 1 else {
            if existing == nil { cumockdev_free(testbed) }
            throw LinkError.unsupported("umockdev testbed: \(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        let fd = cumockdev_dev_fd(testbed, devnode)
        guard fd >= 0 else {
            if existing == nil { cumockdev_free(testbed) }
            throw LinkError.unsupported("umockdev gave no device fd for \(devnode)")
        }
        follower = open(devnode, O_RDWR | O_NOCTTY)
        glove = PatternGlove.pattern(on: PseudoTerminal.wrap(descriptor: dup(fd), name: "umockdev:\(tty)"),
                                     serial: serial, faults: faults)
    }

    /// Pulls the glove out: its sysfs entry goes and its tty hangs up.
    func unplug() {
        glove.stop(unplug: true)
        cumockdev_unplug(testbed, syspath, devnode)
    }

    func release(freeingTestbed: Bool = true) {
        glove.stop()
        close(follower)
        if freeingTestbed { cumockdev_free(testbed) }
    }
}

extension LinkSuite {
    @Suite(.enabled(if: umockdevAvailable || umockdevRequired, "runs under umockdev-wrapper (make test)"))
    struct UmockdevCDCACMTests {
        init() throws {
            try #require(umockdevAvailable, "TENDERFOOT_REQUIRE_UMOCKDEV=1 but the process is not under umockdev-wrapper")
        }

        @Test func discoveryFindsTheGloveByVIDPIDAndSerial() throws {
            let emulated = try EmulatedACMGlove(serial: "TFG-ACM-0042")
            defer { emulated.release() }
            let ports = try DeviceDiscovery.serialPorts()
            let glove = try #require(ports.first { $0.name == "/dev/ttyACM0" })
            #expect(glove.transport == .usb)
            #expect(glove.usbVendorID == 0x1209 && glove.usbProductID == 0x0001)
            #expect(glove.isGlove)
            #expect(glove.product == "Tenderfoot Glove")
            #expect(glove.serialNumber == "TFG-ACM-0042")
            #expect(glove.manufacturer == "Tenderfoot")
        }

        @Test func theDevicesCommandMarksTheGlove() throws {
            let emulated = try EmulatedACMGlove(serial: "TFG-ACM-0046")
            defer { emulated.release() }
            // The child process inherits the testbed through UMOCKDEV_DIR and the preload.
            let text = try BuiltBinary.run(["devices"])
            #expect(text.status == 0)
            let line = try #require(text.lines.first { $0.contains("/dev/ttyACM0") })
            #expect(line.contains("usb") && line.contains("1209:0001") && line.contains("Tenderfoot Glove"))
            #expect(line.contains("serial TFG-ACM-0046") && line.hasSuffix("<- Tenderfoot glove"))
            #expect(text.lines.contains { $0.hasPrefix("  bus 1 address 7  1209:0001") })
            let json = try BuiltBinary.run(["devices", "--json"])
            let listing = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(listing["gloves"] as? [String] == ["/dev/ttyACM0"])
        }

        @Test func libusbSeesTheGloveOnTheBus() throws {
            let emulated = try EmulatedACMGlove(serial: "TFG-ACM-0047")
            defer { emulated.release() }
            let gloves = DeviceDiscovery.usbGloves()
            let glove = try #require(gloves.first)
            #expect(gloves.count == 1)
            #expect(glove.bus == 1 && glove.address == 7)
            #expect(glove.vendorID == 0x1209 && glove.productID == 0x0001)
        }

        /// `classroom --port auto` seats every glove connected, each once: two USB CDC-ACM gloves
        /// (libusb sees them too, and they are not counted twice), and a session each.
        @Test func aClassroomOnPortAutoSeatsEveryGloveConnected() throws {
            let first = try EmulatedACMGlove(serial: "TFG-ACM-0050")
            let second = try EmulatedACMGlove(serial: "TFG-ACM-0051", testbed: first.testbed, usbPort: 3, devnum: 8, tty: "ttyACM1")
            defer {
                second.release(freeingTestbed: false)
                first.release()
            }
            #expect(try DeviceDiscovery.allGlovePorts().sorted() == ["/dev/ttyACM0", "/dev/ttyACM1"])
            let library = Fixtures.temporary("-auto-library")
            let result = try BuiltBinary.run(["classroom", "--port", "auto", "--age-months", "4", "--rate", "200", "--duration", "3",
                                              "--skip-checklist", "--listen", "127.0.0.1:0", "--library", library], timeout: 120)
            #expect(result.status == 0, "\(result.stderr)")
            for serial in ["TFG-ACM-0050", "TFG-ACM-0051"] {
                #expect(result.stdout.contains("glove \(serial) (glove \(serial)):"), "\(serial)'s session summed up: \(result.stdout)")
            }
        }

        @Test func fullConversationOverTheEmulatedPort() throws {
            let emulated = try EmulatedACMGlove(serial: "TFG-ACM-0043")
            defer { emulated.release() }
            let port = try #require(try DeviceDiscovery.serialPorts().first { $0.isGlove && $0.serialNumber == "TFG-ACM-0043" })
            // The automatic choice for a port libserialport lists is libserialport.
            let connection = try GloveConnection(serialPort: port.name)
            let result = try converse(with: connection, glove: emulated.glove, rate: 1000, count: 1000)
            expectPerfect(result, serial: "TFG-ACM-0043", count: 1000)
        }

        @Test func injectedFaultsAreCountedExactly() throws {
            let emulated = try EmulatedACMGlove(serial: "TFG-ACM-0044",
                                                faults: FaultInjection(dropEvery: 13, corruptEvery: 6, garbageEvery: 8, seed: 21))
            defer { emulated.release() }
            let connection = try GloveConnection(serialPort: "/dev/ttyACM0", backend: .libserialport)
            let result = try converse(with: connection, glove: emulated.glove, rate: 2000, count: 1000)
            #expect(result.injected.dropped > 0 && result.injected.corrupted > 0 && result.injected.garbage > 0)
            expectFaultsCounted(result)
        }

        @Test func unpluggingMidStreamEndsTheSessionCleanly() throws {
            let emulated = try EmulatedACMGlove(serial: "TFG-ACM-0045")
            defer { emulated.release() }
            let connection = try GloveConnection(serialPort: "/dev/ttyACM0", backend: .libserialport)
            try expectUnplugEndsCleanly(connection, glove: emulated.glove, rate: 1000, before: 200) { emulated.unplug() }
            #expect(LinkError.deviceVanished("/dev/ttyACM0").description.contains("everything received until then is kept"))
        }
    }
}
