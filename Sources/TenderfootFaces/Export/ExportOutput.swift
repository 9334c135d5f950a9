/// Where an export goes: its lines (or an XDF file's chunks) built in one byte buffer and handed
/// on in blocks of 64 KiB, so a row of numbers is written digit by digit with no string of its own.
public final class ExportOutput {
    private var buffer: [UInt8] = []
    private let flush: (UnsafeRawBufferPointer) -> Void
    static let blockBytes = 1 << 16

    /// Lines go to `flush` in blocks, whole lines each.
    public init(flush: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.flush = flush
        buffer.reserveCapacity(Self.blockBytes + 4096)
    }

    /// Adds `text` as a line.
    public func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        endLine()
    }

    /// Adds the line that `build` appends to the buffer.
    func line(_ build: (inout [UInt8]) -> Void) {
        build(&buffer)
        endLine()
    }

    /// Adds the bytes `build` appends to the buffer, as they are (a binary file's).
    func bytes(_ build: (inout [UInt8]) -> Void) {
        build(&buffer)
        if buffer.count >= Self.blockBytes { finish() }
    }

    private func endLine() {
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.blockBytes { finish() }
    }

    /// Hands on what is left.
    public func finish() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes(flush)
        buffer.removeAll(keepingCapacity: true)
    }
}
