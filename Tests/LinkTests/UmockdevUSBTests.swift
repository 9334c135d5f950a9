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

        /// 2 kHz for a minute over the fake USB device: no sample lost. Prints the transfers in
        /// flight, samples per transfer, and each sample's lateness against its device time
        /// (host arrival minus device time, relative to the first sample).
        @Test func twoKilohertzForAMinuteLosesNothing() throws {
            let seconds = Double(ProcessInfo.processInfo.environment["TENDERFOOT_USB_SECONDS"] ?? "") ?? 60
            let emulated = try EmulatedUSBGlove(serial: "TFG-USB-2000")
            defer { emulated.release() }
            let connection = try GloveConnection(port: "usb:TFG-USB-2000")
            _ = try connection.identify()
            try connection.start(rateHz: 2000)
            let buffer = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 512)
            defer { buffer.deallocate() }
            var received: [Sample] = []
            received.reserveCapacity(Int(seconds * 2000) + 1000)
            var lateness: [Double] = []
            var origin: (host: ContinuousClock.Instant, device: UInt64)?
            let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            while ContinuousClock.now < end {
                let count = connection.popSamples(into: buffer)
                guard count > 0 else { usleep(200); continue }
                let now = ContinuousClock.now
                for sample in buffer.prefix(count) {
                    if origin == nil { origin = (now, sample.deviceTimeMicros) }
                    let host = (now - origin!.host).components
                    let hostMicros = Double(host.seconds) * 1e6 + Double(host.attoseconds) / 1e12
                    lateness.append(hostMicros - Double(sample.deviceTimeMicros - origin!.device))
                }
                received += buffer.prefix(count)
            }
            try connection.stop()
            received += connection.collectSamples(count: .max, timeout: .milliseconds(100))
            connection.close()
            emulated.glove.stop()
            let transfers = emulated.readsCompleted
            let sent = emulated.glove.inspect { $0.sentSamples }
            expectSameSamples(received, Array(sent.prefix(received.count)))
            #expect(received.count >= Int(seconds * 2000 * 0.98), "about \(Int(seconds * 2000)) samples in \(seconds) s: \(received.count)")
            #expect(received.count == sent.count, "every sample sent arrived")
            let counters = connection.counters
            #expect(counters.decoder.lostBySequenceGap == 0 && counters.decoder.dropped == 0 && counters.ringOverflows == 0)
            let sorted = lateness.sorted()
            func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] / 1000 }
            let late = (p50: percentile(0.5) - percentile(0), p99: percentile(0.99) - percentile(0), max: percentile(1) - percentile(0))
            print(String(format: "USB at 2 kHz for %.0f s: %d samples, none lost; %d bulk IN transfers in flight of %d bytes; %d transfers completed, %.1f samples per transfer; lateness against device time above the least: p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                         seconds, received.count, USBTransport.transfersInFlight, USBTransport.transferBytes, transfers,
                         Double(received.count) / Double(max(1, transfers)), late.p50, late.p99, late.max))
        }

        /// `live --port usb:auto` as a user runs it (the child process reaches the fake glove through
        /// umockdev, which this process serves), and `devices` naming its port.
        @Test func liveRunsOverUSB() throws {
            let emulated = try EmulatedUSBGlove(serial: "TFG-USB-0006")
            defer { emulated.release() }
            let devices = try BuiltBinary.run(["devices"])
            #expect(devices.lines.contains { $0.contains("serial TFG-USB-0006") && $0.hasSuffix("--port usb:TFG-USB-0006") }, "\(devices.stdout)")
            let live = try BuiltBinary.run(["live", "--port", "usb:auto", "--age-months", "2", "--json", "--duration", "3"])
            #expect(live.status == 0, "\(live.stderr)")
            let lines = live.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(lines.first?["serial"] as? String == "TFG-USB-0006")
            let status = try #require(lines.last { $0["type"] as? String == "status" })
            #expect((status["samples"] as? Int ?? 0) >= 1000, "500 Hz for 3 s over USB")
            #expect(status["lost"] as? Int == 0 && status["crc"] as? Int == 0)
        }

        @Test func unpluggingMidStreamEndsTheSessionCleanlyOverUSB() throws {
            let emulated = try EmulatedUSBGlove(serial: "TFG-USB-0005")
            defer { emulated.release() }
            let connection = try GloveConnection(port: "usb:TFG-USB-0005")
            try expectUnplugEndsCleanly(connection, glove: emulated.glove, rate: 1000, before: 200) { emulated.unplug() }
        }
    }
}
