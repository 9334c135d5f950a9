import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootWire

/// `tenderfoot dump`: the bring-up diagnostic. Is my glove talking?
struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Identify a glove, stream from it and print every decoded frame, then the counters.")

    @Option(help: "The glove's serial port (see `tenderfoot devices`), a virtual glove's pseudo-terminal, `usb:SERIAL`, or `auto` for the single glove connected.")
    var port: String

    @Option(help: "Stop after this many seconds (default: until Ctrl-C).")
    var duration: Double?

    @Option(help: "Sample rate in Hz, 100 to 2000.")
    var rate: UInt16 = 500

    @Option(help: "How to open the port: automatic, libserialport or termios.")
    var backend: SerialBackend = .automatic

    @Flag(help: "One JSON object per line.")
    var json = false

    func validate() throws {
        try OptionChecks.rate(rate)
        if let duration, !(duration > 0) {
            throw ValidationError("--duration must be a positive number of seconds")
        }
    }

    func run() throws {
        let interrupt = InterruptFlag.installed()
        let connection = try GloveConnection(port: DeviceDiscovery.resolve(port), backend: backend)
        let printer = FramePrinter(json: json)
        var failure: LinkError?
        do {
            let info = try connection.identify()
            printer.print(.deviceInfo(info), sequence: nil)
            try connection.start(rateHz: rate)
            let deadline = duration.map { ContinuousClock.now + .milliseconds(Int($0 * 1000)) }
            let buffer = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 1024)
            defer { buffer.deallocate() }
            while !interrupt.isRaised, deadline.map({ ContinuousClock.now < $0 }) ?? true {
                let count = connection.popSamples(into: buffer)
                for sample in buffer.prefix(count) { printer.print(.sample(sample), sequence: sample.sequence) }
                if let ending = printer.printEvents(from: connection) {
                    failure = ending
                    break
                }
                if count == 0 { usleep(2000) }
            }
            if failure == nil { try connection.stop() }
        } catch {
            failure = error
        }
        connection.close()
        // Everything received before the end is printed, then the counts.
        let buffer = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 1024)
        defer { buffer.deallocate() }
        while case let count = connection.popSamples(into: buffer), count > 0 {
            for sample in buffer.prefix(count) { printer.print(.sample(sample), sequence: sample.sequence) }
        }
        _ = printer.printEvents(from: connection)
        printer.printCounters(connection.counters)
        if let failure { throw failure }
    }
}

extension SerialBackend: ExpressibleByArgument {}
