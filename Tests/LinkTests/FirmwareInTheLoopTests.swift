import Foundation
import Testing
import TestSupport
import TenderfootLink
import TenderfootWire

/// The real firmware image, built for QEMU's netduinoplus2 (STM32F405), booted in
/// qemu-system-arm with its USART on a pty, and driven by Tenderfoot's own serial path.
let firmwareImage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Firmware/build/tenderfoot-glove-emu.elf").path
let qemuAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/qemu-system-arm")
    && FileManager.default.fileExists(atPath: firmwareImage)
let qemuRequired = ProcessInfo.processInfo.environment["TENDERFOOT_REQUIRE_QEMU"] == "1"

/// qemu-system-arm running the emulation image, and the pty its USART1 is on.
final class EmulatedFirmware {
    let qemu: ChildProcess
    let port: String

    init() throws {
        // QEMU's standard input is /dev/null: a background process that reads the test's terminal is stopped.
        qemu = try ChildProcess("/usr/bin/qemu-system-arm",
                                ["-M", "netduinoplus2", "-display", "none", "-monitor", "none", "-serial", "pty", "-kernel", firmwareImage],
                                environment: ProcessInfo.processInfo.environment, stdout: .pipe, stderr: .pipe)
        // QEMU names the pty on its first line, about 50-90 ms after launch.
        let printed = qemu.read(timeout: 30) { $0.stdout.contains(0x0A) || $0.stderr.contains(0x0A) }
        let text = String(decoding: printed.stdout + printed.stderr, as: UTF8.self)
        guard let range = text.range(of: #"/dev/pts/[0-9]+"#, options: .regularExpression) else {
            qemu.killAndReap()
            throw LinkError.unsupported("qemu-system-arm gave no pty: \(text)")
        }
        port = String(text[range])
    }

    /// Kills QEMU outright: with nobody reading its pty it stalls and may not get to a SIGTERM.
    func shutDown() {
        qemu.killAndReap(timeout: 30)
    }
}

extension LinkSuite {
    @Suite(.enabled(if: qemuAvailable || qemuRequired, "needs qemu-system-arm and `make -C Firmware` (make test does both)"))
    struct FirmwareInTheLoopTests {
        init() throws {
            try #require(qemuAvailable, "TENDERFOOT_REQUIRE_QEMU=1 but qemu-system-arm or \(firmwareImage) is missing")
        }

        /// Checks that `samples` follow the firmware's pattern without a gap, from pattern index `first`.
        func expectPattern(_ samples: [Sample], from first: Int, sourceLocation: SourceLocation = #_sourceLocation) {
            for (offset, sample) in samples.enumerated() {
                let expected = PatternSource.expected(index: UInt64(first + offset))
                if sample.force != expected.force || sample.accel != expected.accel || sample.gyro != expected.gyro {
                    Issue.record("sample \(first + offset) breaks the firmware's pattern: \(sample)", sourceLocation: sourceLocation)
                    return
                }
            }
        }

        /// The device clock says the samples came every 1/`hertz` s: the median period within 0.5 %.
        /// The median, not the mean: on a busy host the emulated core falls behind its timer now and
        /// then (a tick comes late, or two come as one: 899 frames/s by the mean at 1000 Hz once,
        /// under CI's two suites and two more runs on two cores), while most ticks keep the
        /// timer's period; a timer set up wrong moves every period. The rate by the mean and the
        /// periods' spread are reported, not asserted.
        func expectRate(_ samples: some Collection<Sample>, hertz: Double, sourceLocation: SourceLocation = #_sourceLocation) {
            guard let first = samples.first?.deviceTimeMicros, let last = samples.reversed().first?.deviceTimeMicros else { return }
            let measured = Double(samples.count - 1) / (Double(last - first) / 1e6)
            let times = samples.map { Double($0.deviceTimeMicros) }
            let periods = zip(times.dropFirst(), times).map { $0 - $1 }
            let mean = periods.reduce(0, +) / Double(periods.count)
            let deviation = (periods.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(periods.count)).squareRoot()
            let median = periods.sorted()[periods.count / 2]
            print(String(format: "QEMU at %.0f Hz: %.2f frames/s by device time; period median %.1f µs, mean %.1f µs, jitter sd %.1f µs, min %.0f µs, max %.0f µs",
                         hertz, measured, median, mean, deviation, periods.min() ?? 0, periods.max() ?? 0))
            #expect(abs(median * hertz / 1e6 - 1) < 0.005, "median period \(median) µs at \(hertz) Hz", sourceLocation: sourceLocation)
        }

        @Test func theFirmwareStreamsToTenderfootUnderQEMU() throws {
            let firmware = try EmulatedFirmware()
            defer { firmware.shutDown() }
            let connection = try GloveConnection(serialPort: firmware.port, backend: .termios)
            defer { connection.close() }

            let info = try connection.identify()
            #expect(info.firmware == FirmwareVersion(1, 0, 0))
            #expect(info.serialNumber == "TFG-EMU-00000001" && info.model == "Tenderfoot Glove")
            #expect(info.maxSampleRateHz == 2000 && info.accelLSBPerG == 8192 && info.gyroLSBPerDPSx10 == 655)

            try connection.start(rateHz: 500)
            let slow = connection.collectSamples(count: 1000, timeout: .seconds(20))  // 2 s at 500 Hz
            #expect(slow.count == 1000)
            expectPattern(slow, from: 0)
            expectRate(slow, hertz: 500)

            try connection.start(rateHz: 1000)
            let fast = connection.collectSamples(count: 2000, timeout: .seconds(20))  // 2 s at 1 kHz
            #expect(fast.count == 2000)
            expectPattern(fast, from: 1000)
            expectRate(fast.dropFirst(5), hertz: 1000)

            let status = try connection.status()
            #expect(status.state == .streaming && status.sampleRateHz == 1000)
            #expect(status.samplesSinceStart >= 3000 && status.adcOverruns == 0 && status.transmitQueueDrops == 0)
            try connection.stop()
            let counters = connection.counters.decoder
            #expect(counters.crc == 0 && counters.dropped == 0 && counters.lostBySequenceGap == 0 && counters.senderRestarts == 0)
        }
    }
}
