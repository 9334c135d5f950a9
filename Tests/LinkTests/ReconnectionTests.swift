import CUmockdevTestbed
import Foundation
import Testing
import TestSupport
import TenderfootLink
import TenderfootWire

extension GloveFeed {
    /// Samples until `count` have come or `timeout` passes with none.
    func collect(count: Int, timeout: Duration = .seconds(3)) -> [Sample] {
        let buffer = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 256)
        defer { buffer.deallocate() }
        var samples: [Sample] = []
        var idle = ContinuousClock.now
        while samples.count < count && ContinuousClock.now - idle < timeout {
            let n = popSamples(into: buffer)
            if n > 0 { samples += buffer.prefix(n); idle = .now } else { usleep(1000) }
        }
        return samples
    }

    /// The next event that `matches`, waiting up to `timeout`; the events before it are returned too.
    func waitForEvent(timeout: Duration = .seconds(10), _ matches: (LinkEvent) -> Bool) -> (LinkEvent?, [LinkEvent]) {
        let deadline = ContinuousClock.now + timeout
        var seen: [LinkEvent] = []
        while ContinuousClock.now < deadline {
            if let event = nextEvent(timeout: .milliseconds(50)) {
                if matches(event) { return (event, seen) }
                seen.append(event)
            }
        }
        return (nil, seen)
    }
}

extension LinkSuite {
    /// A glove unplugged mid-session and plugged in again, on a serial port and on USB: the
    /// session keeps every sample it received, waits, takes the same glove back (never another)
    /// and goes on at the same rate.
    @Suite(.serialized, .enabled(if: umockdevAvailable || umockdevRequired, "runs under umockdev-wrapper (make test)"))
    struct ReconnectionTests {
        init() throws {
            try #require(umockdevAvailable, "TENDERFOOT_REQUIRE_UMOCKDEV=1 but the process is not under umockdev-wrapper")
        }

        @Test func theSameGloveComesBackOnItsSerialPortAndAnotherIsRefused() throws {
            let first = try EmulatedACMGlove(serial: "TFG-RE-0001")
            let testbed = first.testbed
            defer { cumockdev_free(testbed) }
            let connection = try GloveConnection(serialPort: "/dev/ttyACM0")
            _ = try connection.identify()
            try connection.start(rateHz: 1000)
            let feed = ReconnectingGlove(connection, serialNumber: "TFG-RE-0001", rateHz: 1000)
            defer { feed.close() }
            var received = feed.collect(count: 300)
            first.unplug()
            received += feed.collect(count: .max, timeout: .milliseconds(300))
            let sentBefore = first.glove.inspect { $0.sentSamples }
            first.release(freeingTestbed: false)
            let (lost, _) = feed.waitForEvent { if case .lost = $0 { true } else { false } }
            #expect(lost == .lost(.deviceVanished("/dev/ttyACM0")))
            #expect(received.count >= 300)
            expectSameSamples(received, Array(sentBefore.prefix(received.count)))

            // Another glove on the same port is looked at and left alone.
            let stranger = try EmulatedACMGlove(serial: "TFG-OTHER-0009", testbed: testbed, usbPort: 5, devnum: 8, tty: "ttyACM2")
            let (refused, _) = feed.waitForEvent { if case .refused = $0 { true } else { false } }
            #expect(refused == .refused(port: "/dev/ttyACM2", serial: "TFG-OTHER-0009"))
            stranger.unplug()
            #expect(stranger.glove.inspect { $0.isStreaming } == false, "the other glove was never started")
            stranger.release(freeingTestbed: false)

            // The right glove, plugged into another socket, is taken back and streams at the same rate.
            let again = try EmulatedACMGlove(serial: "TFG-RE-0001", testbed: testbed, usbPort: 6, devnum: 10, tty: "ttyACM1")
            defer { again.release(freeingTestbed: false) }
            let (restored, _) = feed.waitForEvent { if case .restored = $0 { true } else { false } }
            #expect(restored == .restored(port: "/dev/ttyACM1"))
            let after = feed.collect(count: 500)
            #expect(after.count >= 500)
            again.glove.stop()
            let sentAfter = again.glove.inspect { $0.sentSamples }
            expectSameSamples(after, Array(sentAfter.prefix(after.count)))
            #expect(again.glove.inspect { $0.info.sampleRateHz } == 1000)
            #expect(feed.counters.decoder.samples >= UInt64(received.count + after.count))
        }

        @Test func theSameGloveComesBackOnUSB() throws {
            let first = try EmulatedUSBGlove(serial: "TFG-RE-0002", devnum: 11, port: 4)
            let testbed = first.testbed
            defer { cumockdev_free(testbed) }
            let connection = try GloveConnection(port: "usb:TFG-RE-0002")
            _ = try connection.identify()
            try connection.start(rateHz: 1000)
            let feed = ReconnectingGlove(connection, serialNumber: "TFG-RE-0002", rateHz: 1000)
            defer { feed.close() }
            var received = feed.collect(count: 300)
            first.unplug()
            received += feed.collect(count: .max, timeout: .milliseconds(300))
            let sentBefore = first.glove.inspect { $0.sentSamples }
            let (lost, _) = feed.waitForEvent { if case .lost = $0 { true } else { false } }
            #expect(lost == .lost(.deviceVanished("usb:TFG-RE-0002")))
            expectSameSamples(received, Array(sentBefore.prefix(received.count)))
            first.release(freeingTestbed: false)

            // Plugged in again, it gets a new address, as a real replug does.
            let again = try EmulatedUSBGlove(serial: "TFG-RE-0002", devnum: 12, port: 4, testbed: testbed)
            defer { again.release(freeingTestbed: false) }
            let (restored, _) = feed.waitForEvent { if case .restored = $0 { true } else { false } }
            #expect(restored == .restored(port: "usb:TFG-RE-0002"))
            let after = feed.collect(count: 500)
            #expect(after.count >= 500)
            again.glove.stop()
            expectSameSamples(after, Array(again.glove.inspect { $0.sentSamples }.prefix(after.count)))
        }
    }
}
