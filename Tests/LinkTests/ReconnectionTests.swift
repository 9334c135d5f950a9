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

        /// Streams from `port` at 1 kHz through a reconnecting feed, pulls the glove out after 300
        /// samples, and checks that `.lost` came and that every sample received is the glove's, in order.
        func streamThenUnplug(_ port: String, serial: String, glove: PatternGlove, unplug: () -> Void,
                              sourceLocation: SourceLocation = #_sourceLocation) throws -> (ReconnectingGlove, received: Int) {
            let connection = try GloveConnection(port: port)
            _ = try connection.identify()
            try connection.start(rateHz: 1000)
            let feed = ReconnectingGlove(connection, serialNumber: serial, rateHz: 1000)
            var received = feed.collect(count: 300)
            unplug()
            received += feed.collect(count: .max, timeout: .milliseconds(300))
            let (lost, _) = feed.waitForEvent { if case .lost = $0 { true } else { false } }
            #expect(lost == .lost(.deviceVanished(port)), sourceLocation: sourceLocation)
            #expect(received.count >= 300, sourceLocation: sourceLocation)
            expectSameSamples(received, Array(glove.inspect { $0.sentSamples }.prefix(received.count)), sourceLocation: sourceLocation)
            return (feed, received.count)
        }

        /// Waits for `.restored(port)`, then checks 500 samples from the glove plugged in again.
        func expectBack(_ feed: ReconnectingGlove, on port: String, glove: PatternGlove, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
            let (restored, _) = feed.waitForEvent { if case .restored = $0 { true } else { false } }
            #expect(restored == .restored(port: port), sourceLocation: sourceLocation)
            let after = feed.collect(count: 500)
            #expect(after.count >= 500, sourceLocation: sourceLocation)
            glove.stop()
            expectSameSamples(after, Array(glove.inspect { $0.sentSamples }.prefix(after.count)), sourceLocation: sourceLocation)
            #expect(glove.inspect { $0.info.sampleRateHz } == 1000, "started again at the same rate", sourceLocation: sourceLocation)
            return after.count
        }

        @Test func theSameGloveComesBackOnItsSerialPortAndAnotherIsRefused() throws {
            let first = try EmulatedACMGlove(serial: "TFG-RE-0001")
            let testbed = first.testbed
            defer { cumockdev_free(testbed) }
            let (feed, before) = try streamThenUnplug("/dev/ttyACM0", serial: "TFG-RE-0001", glove: first.glove) { first.unplug() }
            defer { feed.close() }
            first.release(freeingTestbed: false)

            // Another glove, plugged in while waiting, is looked at and left alone.
            let stranger = try EmulatedACMGlove(serial: "TFG-OTHER-0009", testbed: testbed, usbPort: 5, devnum: 8, tty: "ttyACM2")
            let (refused, _) = feed.waitForEvent { if case .refused = $0 { true } else { false } }
            #expect(refused == .refused(port: "/dev/ttyACM2", serial: "TFG-OTHER-0009"))
            stranger.unplug()
            #expect(stranger.glove.inspect { $0.isStreaming } == false, "the other glove was never started")
            stranger.release(freeingTestbed: false)

            // The right glove, plugged into another socket, is taken back and streams at the same rate.
            let again = try EmulatedACMGlove(serial: "TFG-RE-0001", testbed: testbed, usbPort: 6, devnum: 10, tty: "ttyACM1")
            defer { again.release(freeingTestbed: false) }
            let after = expectBack(feed, on: "/dev/ttyACM1", glove: again.glove)
            #expect(feed.counters.decoder.samples >= UInt64(before + after))
            feed.close()  // before the emulated glove goes: nothing may still talk to it
        }

        @Test func theSameGloveComesBackOnUSB() throws {
            let first = try EmulatedUSBGlove(serial: "TFG-RE-0002", devnum: 11, port: 4)
            let testbed = first.testbed
            defer { cumockdev_free(testbed) }
            let (feed, _) = try streamThenUnplug("usb:TFG-RE-0002", serial: "TFG-RE-0002", glove: first.glove) { first.unplug() }
            defer { feed.close() }
            first.release(freeingTestbed: false)

            // Plugged in again, it gets a new address, as a real replug does.
            let again = try EmulatedUSBGlove(serial: "TFG-RE-0002", devnum: 12, port: 4, testbed: testbed)
            defer { again.release(freeingTestbed: false) }
            _ = expectBack(feed, on: "usb:TFG-RE-0002", glove: again.glove)
            feed.close()  // before the emulated glove goes: nothing may still talk to it
        }
    }
}
