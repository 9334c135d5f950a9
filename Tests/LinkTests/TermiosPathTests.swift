import Foundation
import Testing
import TestSupport
import TenderfootLink
import TenderfootSimulator
import TenderfootWire

extension LinkSuite {
    /// The product's own path for pseudo-terminals: plain termios.
    @Suite struct TermiosPathTests {
        func open(faults: FaultInjection = .none, serial: String = "TFG-PTY-0001") throws -> (GloveConnection, PatternGlove) {
            let pty = try PseudoTerminal.open()
            let glove = PatternGlove.pattern(on: pty.device, serial: serial, faults: faults)
            return (try GloveConnection(serialPort: pty.path, backend: .termios), glove)
        }

        @Test(arguments: [100, 500, 1000, 2000] as [UInt16])
        func fullConversationAtEveryRate(rate: UInt16) throws {
            let (connection, glove) = try open()
            let count = Int(rate) / 2  // half a second of samples
            let result = try converse(with: connection, glove: glove, rate: rate, count: count)
            expectPerfect(result, serial: "TFG-PTY-0001", count: count)
            #expect(result.status.sampleRateHz == rate)
            // Device time advances by one period per sample.
            let periods = zip(result.received, result.received.dropFirst()).map { $1.deviceTimeMicros - $0.deviceTimeMicros }
            #expect(Set(periods).isSubset(of: [1_000_000 / UInt64(rate), 1_000_000 / UInt64(rate) + 1]))
        }

        @Test func droppedFramesAreCountedLostExactly() throws {
            let (connection, glove) = try open(faults: FaultInjection(dropEvery: 10))
            let result = try converse(with: connection, glove: glove, rate: 2000, count: 900)
            #expect(result.injected.dropped >= 90)
            #expect(result.counters.decoder.lostBySequenceGap == UInt64(result.injected.dropped))
            #expect(result.counters.decoder.dropped == 0)
            expectSameSamples(result.received, result.sent)
        }

        @Test func corruptedFramesAreCountedAsCRCErrorsExactly() throws {
            let (connection, glove) = try open(faults: FaultInjection(corruptEvery: 7))
            let result = try converse(with: connection, glove: glove, rate: 2000, count: 900)
            #expect(result.injected.corrupted >= 128)
            #expect(result.counters.decoder.crc == UInt64(result.injected.corrupted))
            #expect(result.counters.decoder.dropped == result.counters.decoder.crc)
            #expect(result.counters.decoder.lostBySequenceGap == UInt64(result.injected.corrupted))
            expectSameSamples(result.received, result.sent)
        }

        @Test func garbageRunsAreCountedOnceEach() throws {
            let (connection, glove) = try open(faults: FaultInjection(garbageEvery: 5, seed: 3))
            let result = try converse(with: connection, glove: glove, rate: 2000, count: 900)
            #expect(result.injected.garbage >= 180)
            #expect(result.counters.decoder.dropped == UInt64(result.injected.garbage))
            #expect(result.counters.decoder.lostBySequenceGap == 0)
            expectSameSamples(result.received, result.sent)
        }

        @Test func allFaultsTogetherAreEachCountedOnce() throws {
            let (connection, glove) = try open(faults: FaultInjection(dropEvery: 11, corruptEvery: 7, garbageEvery: 13, seed: 5))
            let result = try converse(with: connection, glove: glove, rate: 2000, count: 1500)
            expectFaultsCounted(result)
        }

        @Test func theGloveVanishingMidStreamEndsTheSessionAndKeepsEverything() throws {
            let (connection, glove) = try open()
            try expectUnplugEndsCleanly(connection, glove: glove, rate: 1000, before: 300) { glove.stop(unplug: true) }
        }

        @Test func aRateOutsideTheGlovesRangeIsRefused() throws {
            let (connection, glove) = try open()
            #expect(throws: LinkError.commandRejected(command: "START", result: .badArgument)) {
                try connection.start(rateHz: 2001)
            }
            #expect(throws: LinkError.commandRejected(command: "START", result: .badArgument)) {
                try connection.start(rateHz: 0)
            }
            connection.close()
            glove.stop()
        }

        @Test func theRateChangesWhileStreaming() throws {
            let (connection, glove) = try open()
            _ = try connection.identify()
            try connection.start(rateHz: 500)
            let slow = connection.collectSamples(count: 100)
            try connection.start(rateHz: 2000)
            let fast = connection.collectSamples(count: 400)
            let status = try connection.status()
            try connection.stop()
            connection.close()
            glove.stop()
            #expect(status.sampleRateHz == 2000)
            #expect(slow.count == 100 && fast.count == 400)
            let lastPeriod = fast[399].deviceTimeMicros - fast[398].deviceTimeMicros
            #expect(lastPeriod == 500)
        }
    }
}
