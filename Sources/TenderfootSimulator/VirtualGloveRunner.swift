import Foundation
import TenderfootLink
import TenderfootWire

/// Runs a `VirtualGloveDevice` in real time on its own thread, over the device
/// side of a transport (a pseudo-terminal, or an emulated device's file).
public final class VirtualGloveRunner<Source: SampleSource>: @unchecked Sendable {
    private let device: VirtualGloveDevice<Source>
    private let transport: ByteTransport
    private let clock = ContinuousClock()
    private let boot: ContinuousClock.Instant
    /// The host's UTC time (µs since 1970) at which the device clock read 0: what a sample's
    /// device time truly is on the host's clock (the measure of a host-time mapping).
    public let bootHostMicros: UInt64
    private var thread: StoppableThread!

    /// Starts the glove at once; its device clock starts at `bootMicros`.
    public init(device: VirtualGloveDevice<Source>, transport: ByteTransport, bootMicros: UInt64 = 0) {
        self.device = device
        self.transport = transport
        self.boot = clock.now - .microseconds(Int64(bootMicros))
        bootHostMicros = RawByteTap.hostMicros() &- bootMicros
        thread = StoppableThread(name: "virtual-glove") { [self] thread in run(thread) }
    }

    private var deviceMicros: UInt64 {
        let elapsed = (clock.now - boot).components
        return UInt64(elapsed.seconds) * 1_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000_000)
    }

    private func run(_ thread: StoppableThread) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 8)
        defer { buffer.deallocate() }
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        while !thread.isStopRequested {
            let now = deviceMicros
            let wait = device.nextDeadline.map { $0 > now ? Int(($0 - now) / 1000) : 0 } ?? 20
            do {
                let count = try transport.read(into: buffer, timeoutMillis: max(1, min(wait, 20)))
                if count > 0 {
                    device.receive(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), at: deviceMicros, into: &out)
                }
                device.advance(to: deviceMicros, into: &out)
                if !out.isEmpty {
                    try out.withUnsafeBytes { try transport.write($0) }
                    out.removeAll(keepingCapacity: true)
                }
            } catch {
                break  // the host side is gone
            }
        }
    }

    /// Stops the glove's thread and returns when it has stopped; with `unplug`, also closes
    /// its side of the link, as if the glove were pulled out.
    public func stop(unplug: Bool = false) {
        thread.stop()
        if unplug { transport.close() }
    }

    /// Runs `body` with the device, between two steps of the glove's thread.
    public func inspect<T>(_ body: (VirtualGloveDevice<Source>) -> T) -> T {
        // The device is only touched by the glove's thread while it runs; inspect after stop().
        precondition(thread.isFinished, "inspect the virtual glove after stop()")
        return body(device)
    }
}
