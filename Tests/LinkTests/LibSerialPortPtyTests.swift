import CPtyShim
import Foundation
import Testing
import TestSupport
import TenderfootLink
import TenderfootSimulator
import TenderfootWire

extension LinkSuite {
    /// The real libserialport code path (open, 921600 8N1, blocking reads with a timeout, writes)
    /// on a pty, made openable by the test-only modem-line shim linked into this test binary.
    @Suite struct LibSerialPortPtyTests {
        @Test func fullConversationThroughLibserialport() throws {
            let pty = try PseudoTerminal.open()
            let glove = PatternGlove.pattern(on: pty.device, serial: "TFG-LSP-0001")
            let before = cptyshim_emulated_calls()
            let connection = try GloveConnection(serialPort: pty.path, backend: .libserialport)
            #expect(cptyshim_emulated_calls() > before, "libserialport went through its modem-line calls")
            let result = try converse(with: connection, glove: glove, rate: 1000, count: 1000)
            expectPerfect(result, serial: "TFG-LSP-0001", count: 1000)
        }

        @Test func faultsAreCountedExactlyThroughLibserialport() throws {
            let pty = try PseudoTerminal.open()
            let glove = PatternGlove.pattern(on: pty.device, serial: "TFG-LSP-0002",
                                             faults: FaultInjection(dropEvery: 9, corruptEvery: 5, garbageEvery: 7, seed: 8))
            let connection = try GloveConnection(serialPort: pty.path, backend: .libserialport)
            let result = try converse(with: connection, glove: glove, rate: 2000, count: 1000)
            #expect(result.injected.dropped > 0 && result.injected.corrupted > 0 && result.injected.garbage > 0)
            expectFaultsCounted(result)
        }

        @Test func theGloveVanishingEndsTheSessionThroughLibserialport() throws {
            let pty = try PseudoTerminal.open()
            let glove = PatternGlove.pattern(on: pty.device, serial: "TFG-LSP-0003")
            let connection = try GloveConnection(serialPort: pty.path, backend: .libserialport)
            try expectUnplugEndsCleanly(connection, glove: glove, rate: 500, before: 100) { glove.stop(unplug: true) }
        }
    }
}
