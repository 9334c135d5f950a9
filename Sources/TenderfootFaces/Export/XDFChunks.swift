/// The chunks of an XDF 1.0 file (the Extensible Data Format of the Lab Streaming Layer, as
/// LabRecorder writes it and pyxdf, EEGLAB and MNE read it), appended to a byte buffer.
///
/// A file is the magic `XDF:` and then chunks, each `[NumLengthBytes][Length][Tag][Content]`:
/// the length is a variable-length integer (a byte saying 1, 4 or 8, then that many bytes,
/// little-endian) counting the tag's two bytes and the content. Tags: 1 file header (XML),
/// 2 stream header (stream id, XML), 3 samples (stream id, count, then each sample's time stamp
/// and values), 4 clock offset (stream id, collection time, offset), 5 boundary (a fixed
/// 16-byte mark a reader can scan to after damage), 6 stream footer (stream id, XML).
enum XDFChunks {
    static let magic = Array("XDF:".utf8)
    /// The boundary chunk's content, the same in every XDF file.
    static let boundary: [UInt8] = [0x43, 0xA5, 0x46, 0xDC, 0xCB, 0xF5, 0x41, 0x0F, 0xB3, 0x0E, 0xD5, 0x46, 0x73, 0x83, 0xCB, 0xE4]

    enum Tag: UInt16 {
        case fileHeader = 1, streamHeader = 2, samples = 3, clockOffset = 4, boundary = 5, streamFooter = 6
    }

    /// A variable-length integer: its byte count (1, 4 or 8), then the value in that many bytes.
    static func appendVarLen(_ value: UInt64, to bytes: inout [UInt8]) {
        let count = value < 1 << 8 ? 1 : value < 1 << 32 ? 4 : 8
        bytes.append(UInt8(count))
        appendLittleEndian(value, byteCount: count, to: &bytes)
    }

    static func appendLittleEndian(_ value: UInt64, byteCount: Int, to bytes: inout [UInt8]) {
        for index in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    static func appendDouble(_ value: Double, to bytes: inout [UInt8]) {
        appendLittleEndian(value.bitPattern, byteCount: 8, to: &bytes)
    }

    /// One chunk: `tag`, the stream id when the tag has one, and `content`.
    static func appendChunk(_ tag: Tag, stream: UInt32? = nil, content: [UInt8], to bytes: inout [UInt8]) {
        let idCount = stream == nil ? 0 : 4
        appendVarLen(UInt64(2 + idCount + content.count), to: &bytes)
        appendLittleEndian(UInt64(tag.rawValue), byteCount: 2, to: &bytes)
        if let stream { appendLittleEndian(UInt64(stream), byteCount: 4, to: &bytes) }
        bytes.append(contentsOf: content)
    }

    static func appendClockOffset(stream: UInt32, collectionSeconds: Double, offsetSeconds: Double, to bytes: inout [UInt8]) {
        var content: [UInt8] = []
        appendDouble(collectionSeconds, to: &content)
        appendDouble(offsetSeconds, to: &content)
        appendChunk(.clockOffset, stream: stream, content: content, to: &bytes)
    }
}

/// One stream's samples gathered into a samples chunk: a time stamp (seconds) and the values
/// (float32 for numbers, UTF-8 text for markers) of each.
struct XDFSamplesChunk {
    let stream: UInt32
    private(set) var count = 0
    private var body: [UInt8] = []

    init(stream: UInt32) { self.stream = stream }

    /// Begins a sample of numbers at `seconds`: its values follow, one `append` each.
    mutating func begin(seconds: Double) {
        body.append(8)
        XDFChunks.appendDouble(seconds, to: &body)
        count += 1
    }

    /// The next value of the sample begun, as float32.
    mutating func append(_ value: Double) {
        XDFChunks.appendLittleEndian(UInt64(Float(value).bitPattern), byteCount: 4, to: &body)
    }

    mutating func add(seconds: Double, text: String) {
        body.append(8)
        XDFChunks.appendDouble(seconds, to: &body)
        let utf8 = Array(text.utf8)
        XDFChunks.appendVarLen(UInt64(utf8.count), to: &body)
        body.append(contentsOf: utf8)
        count += 1
    }

    /// Appends the chunk (if it holds any sample) and empties it.
    mutating func flush(to bytes: inout [UInt8]) {
        guard count > 0 else { return }
        var content: [UInt8] = []
        XDFChunks.appendVarLen(UInt64(count), to: &content)
        content.append(contentsOf: body)
        XDFChunks.appendChunk(.samples, stream: stream, content: content, to: &bytes)
        body.removeAll(keepingCapacity: true)
        count = 0
    }
}
