import FuzzSupport
import TenderfootSession
import TenderfootWire

/// One input: any bytes given the recording reader are refused with an error or read
/// (its notes written, its glove bytes decoded, as a replay does), and nothing traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecordingReader(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let recording = try? Recording.parse(bytes, name: "fuzz") else { return 0 }
    _ = recording.notes(lastDeviceMicros: nil)
    _ = recording.events
    let decoder = FrameDecoder()
    for chunk in recording.wireChunks {
        Array(chunk.payload).withUnsafeBytes { decoder.feed($0) { _ in } }
    }
    let options = LiveSession.Options.replaying(recording.header, rules: .shipped)
    _ = options.calibration.newtons(FingerCounts([0, 100, 2000, 4000, 4095]))
    return 0
}

@main
enum FuzzRecordingReaderMain {
    static func main() { runFuzzer { fuzzRecordingReader($0, $1) } }
}
