import TenderfootWire

/// libFuzzer's entry: the wire decoder fed the input whole and in two pieces (split where the
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
    // Every frame decoded encodes back to a frame that decodes to itself.
    for frame in wholeFrames {
        let again = FrameDecoder().feed(FrameEncoder.encode(frame.message, sequence: frame.sequence))
        precondition(again.map(\.message) == [frame.message], "a decoded frame does not survive re-encoding")
    }
    return 0
}
