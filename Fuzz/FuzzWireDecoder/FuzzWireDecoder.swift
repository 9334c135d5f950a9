import FuzzSupport
import TenderfootWire

/// One input: the wire decoder fed the input whole and in two pieces (split where the
/// first byte says) must give the same frames and the same counts, and never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWireDecoder(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let whole = FrameDecoder()
    var wholeFrames: [Frame] = []
    whole.feed(bytes) { wholeFrames.append($0) }
    let split = FrameDecoder()
    var splitFrames: [Frame] = []
    let cut = Int(bytes[0]) % (count + 1)
    split.feed(UnsafeRawBufferPointer(rebasing: bytes[..<cut])) { splitFrames.append($0) }
    split.feed(UnsafeRawBufferPointer(rebasing: bytes[cut...])) { splitFrames.append($0) }
    precondition(wholeFrames == splitFrames, "a split changed the frames")
    precondition(whole.counters == split.counters, "a split changed the counts")
    // Every frame decoded encodes back to a frame that decodes to itself (a sample's session
    // time aside: that comes from the stream before it, so the glove's own clock is compared).
    for frame in wholeFrames {
        var message = frame.message
        if case .sample(var sample) = message {
            sample.deviceTimeMicros = UInt64(sample.deviceClockMicros)  // what the glove sent
            message = .sample(sample)
        }
        let again = FrameDecoder().feed(FrameEncoder.encode(message, sequence: frame.sequence))
        precondition(again.count == 1 && again[0].sequence == frame.sequence, "a decoded frame does not survive re-encoding")
        switch (frame.message, again[0].message) {
        case (.sample(let first), .sample(let second)):
            precondition(first.deviceClockMicros == second.deviceClockMicros && first.force == second.force
                         && first.accel == second.accel && first.gyro == second.gyro, "a decoded sample does not survive re-encoding")
        default:
            precondition(again[0].message == frame.message, "a decoded frame does not survive re-encoding")
        }
    }
    return 0
}

@main
enum FuzzWireDecoderMain {
    static func main() { runFuzzer { fuzzWireDecoder($0, $1) } }
}
