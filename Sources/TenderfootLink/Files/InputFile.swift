import Glibc

/// A file read piece by piece at any offset (`pread`), from any thread, so a reader of a file
/// of any size holds only the pieces it is using.
public final class InputFile: @unchecked Sendable {
    public let path: String
    /// The file's size in bytes when it was opened.
    public let size: Int
    private let descriptor: CInt

    /// Opens `path` for reading; the error of `open` or `fstat` when it cannot.
    public init(path: String) throws(Errno) {
        self.path = path
        descriptor = try PosixIO.openForReading(path)
        do {
            size = try PosixIO.size(descriptor)
        } catch {
            PosixIO.close(descriptor)
            throw error
        }
    }

    deinit { PosixIO.close(descriptor) }

    /// The bytes in `range` (cut at the end of the file); fewer when the file shrank or a read failed.
    public func read(_ range: Range<Int>) -> [UInt8] {
        let end = min(range.upperBound, size)
        guard range.lowerBound < end else { return [] }
        var bytes = [UInt8](repeating: 0, count: end - range.lowerBound)
        let got = bytes.withUnsafeMutableBytes { PosixIO.readFully(descriptor, into: $0, at: range.lowerBound) }
        if got < bytes.count { bytes.removeLast(bytes.count - got) }
        return bytes
    }
}
