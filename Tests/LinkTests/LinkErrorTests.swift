import Foundation
import Testing
import TestSupport
import TenderfootLink
import TenderfootSimulator
import TenderfootWire

extension LinkSuite {
    @Suite struct LinkErrorTests {
        @Test func aMissingPortSaysSoAndHowToFindTheGlove() {
            #expect(throws: LinkError.noSuchPort("/dev/ttyACM97")) {
                _ = try GloveConnection(serialPort: "/dev/ttyACM97")
            }
            #expect(LinkError.noSuchPort("/dev/ttyACM97").description.contains("tenderfoot devices"))
        }

        /// A glove whose DEVICE_INFO says it is not the reference glove (another channel count or
        /// ADC) is refused at identify in one line, not read as a stream the decoder drops whole.
        @Test(arguments: [(UInt8(4), UInt8(12)), (UInt8(5), UInt8(16)), (UInt8(8), UInt8(10))])
        func aGloveOfAnotherLayoutIsRefusedAtIdentify(channels: UInt8, bits: UInt8) throws {
            let pty = try PseudoTerminal.open()
            let info = DeviceInfo(firmware: FirmwareVersion(1, 0, 0), forceChannels: channels, adcBits: bits, sampleRateHz: 500,
                                  serialNumber: "TFG-OTHER-0001", model: "Other Glove")
            let source = ScenarioSource(scenario: try Scenario.named("first-session"), serialNumber: info.serialNumber, seed: 1)
            let glove = VirtualGloveRunner(device: VirtualGloveDevice(info: info, source: source), transport: pty.device)
            defer { glove.stop() }
            let connection = try GloveConnection(serialPort: pty.path, backend: .termios)
            defer { connection.close() }
            let refused = LinkError.notTheReferenceGlove(port: pty.path, serial: "TFG-OTHER-0001", forceChannels: channels, adcBits: bits)
            #expect(throws: refused) { _ = try connection.identify() }
            #expect(refused.description.contains("\(channels) force channels and a \(bits)-bit ADC"))
            #expect(refused.description.contains("use a reference glove") && !refused.description.contains("\n"))
        }

        @Test func aSilentPortIsNotAGlove() throws {
            let pty = try PseudoTerminal.open()
            let connection = try GloveConnection(serialPort: pty.path, backend: .termios)
            let started = ContinuousClock.now
            #expect(throws: LinkError.notAGlove(pty.path)) { _ = try connection.identify() }
            #expect(ContinuousClock.now - started >= .seconds(2))
            connection.close()
            pty.device.close()
        }

        @Test func aPortSendingGarbageIsNotAGlove() throws {
            let pty = try PseudoTerminal.open()
            let connection = try GloveConnection(serialPort: pty.path, backend: .termios)
            let noise = Thread {
                let text = Array("AT+OK\r\n$GPGGA,123519,4807.038,N\r\n".utf8)
                for _ in 0..<60 {
                    try? text.withUnsafeBytes { try pty.device.write($0) }
                    usleep(40_000)
                }
            }
            noise.start()
            #expect(throws: LinkError.notAGlove(pty.path)) { _ = try connection.identify() }
            #expect(connection.counters.decoder.frames == 0)
            connection.close()
        }

        @Test func aGloveThatNeverAnswersIsReported() throws {
            // Valid frames (LOG), but no ACK: a glove whose command handling is stuck.
            let pty = try PseudoTerminal.open()
            let connection = try GloveConnection(serialPort: pty.path, backend: .termios)
            let chatter = Thread {
                for sequence in 0..<60 as Range<UInt16> {
                    let bytes = FrameEncoder.encode(.log(LogMessage(level: .info, text: "busy")), sequence: sequence)
                    try? bytes.withUnsafeBytes { try pty.device.write($0) }
                    usleep(40_000)
                }
            }
            chatter.start()
            #expect(throws: LinkError.noAnswer(port: pty.path, command: "IDENTIFY")) { _ = try connection.identify() }
            connection.close()
        }

        @Test func aPortInUseIsReportedBusy() throws {
            let pty = try PseudoTerminal.open()
            let first = try GloveConnection(serialPort: pty.path, backend: .termios)
            #expect(throws: LinkError.portBusy(pty.path)) {
                _ = try GloveConnection(serialPort: pty.path, backend: .termios)
            }
            first.close()
            pty.device.close()
        }

        @Test func everyErrorIsOneLineThatSaysWhatToDo() {
            let errors: [LinkError] = [
                .noSuchPort("/dev/x"), .permissionDenied("/dev/x"), .portBusy("/dev/x"), .notAGlove("/dev/x"),
                .noAnswer(port: "/dev/x", command: "IDENTIFY"), .commandRejected(command: "START", result: .badArgument),
                .deviceVanished("/dev/x"), .unsupported("x"), .invalidArgument("x"),
                .system(operation: "read", port: "/dev/x", errno: .ioError),
            ]
            for error in errors {
                #expect(!error.description.contains("\n"))
                #expect(error.description.contains(" — ") || error.description.hasPrefix("not supported") || error.description.hasPrefix("invalid"))
            }
            #expect(LinkError.permissionDenied("/dev/x").description.contains("dialout"))
            #expect(LinkError.permissionDenied("/dev/x").description.contains("60-tenderfoot-glove.rules"))
        }
    }
}
