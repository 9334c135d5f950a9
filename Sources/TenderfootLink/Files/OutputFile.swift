import Glibc

/// A file, or standard output, whose every write is checked: a failure is a `WriteError` that
/// names the file, what went wrong (a full disk, a file-size limit, a closed pipe) and what to
/// do. A file made `atomically` is written beside its place and renamed into it by `close`, so
/// a failed or abandoned write never leaves an empty or partial file where the output belongs.
public final class OutputFile {
    /// The file's path, or "standard output".
    public let name: String
    private var descriptor: CInt
    private let ownsDescriptor: Bool
    /// Where an atomic file goes on `close`; nil: it is written in place.
    private let finalPath: String?
    private var failed = false

    /// How an existing file at the path is treated.
    public enum Existing: Sendable {
        /// It is kept and the output refused, with "give --force to replace it".
        case refuse
        /// It is replaced.
        case replace
    }

    /// Standard output, written directly (what `print` buffered is written first, so it comes
    /// before). With SIGPIPE ignored, as the `tenderfoot` command does, a closed pipe is a `WriteError`.
    public static func standardOutput() -> OutputFile {
        try? PosixIO.flushStandardOutput()
        return OutputFile(name: "standard output", descriptor: STDOUT_FILENO)
    }

    private init(name: String, descriptor: CInt) {
        self.name = name
        self.descriptor = descriptor
        ownsDescriptor = false
        finalPath = nil
    }

    /// Why `path` could not be created under `existing`, known before any work is done: a file
    /// already there that is not to be replaced, or a folder. Nil when it can be (a device or a
    /// pipe is written in place, never refused).
    public static func refusal(_ path: String, existing: Existing) -> WriteError? {
        guard PosixIO.exists(path) else { return nil }
        if PosixIO.isFolder(path) { return WriteError(.isFolder, path: path, opening: true) }
        return existing == .refuse && PosixIO.isRegularFile(path) ? WriteError(.exists, path: path) : nil
    }

    /// Creates the file at `path` with `permissions`.
    /// `atomically`: written under a temporary name in the same folder and renamed on `close`
    /// (a device or a pipe at `path` is always written in place).
    public init(creating path: String, existing: Existing, permissions: mode_t = 0o644, atomically: Bool = false) throws(WriteError) {
        name = path
        ownsDescriptor = true
        // A device or a pipe (/dev/null, a FIFO) is written in place and never refused.
        let special = PosixIO.exists(path) && !PosixIO.isRegularFile(path)
        if let refusal = Self.refusal(path, existing: existing) { throw refusal }
        let renamed = atomically && !special
        let target = renamed ? Self.temporaryPath(for: path) : path
        finalPath = renamed ? path : nil
        do {
            // A device or pipe is written through a link to it (/dev/stdout is one); a file never is.
            descriptor = try PosixIO.create(target, exclusive: renamed || (existing == .refuse && !special), permissions: permissions,
                                            followingLinks: special)
        } catch {
            throw WriteError(error, path: path, opening: true)
        }
    }

    deinit {
        if ownsDescriptor && descriptor >= 0 { discard() }
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(WriteError) {
        guard descriptor >= 0 else { throw WriteError(.closed, path: name) }
        do {
            try PosixIO.writeAll(descriptor, bytes)
        } catch {
            failed = true
            throw WriteError(error, path: name)
        }
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String) throws(WriteError) {
        var text = text
        let failure = text.withUTF8 { bytes -> WriteError? in
            do throws(WriteError) { try write(UnsafeRawBufferPointer(bytes)); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Writes `bytes`.
    public func write(_ bytes: [UInt8]) throws(WriteError) {
        let failure = bytes.withUnsafeBytes { raw -> WriteError? in
            do throws(WriteError) { try write(raw); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Asks the system to put what was written on the disk.
    public func sync() throws(WriteError) {
        guard ownsDescriptor, descriptor >= 0 else { return }
        do { try PosixIO.sync(descriptor) } catch { throw WriteError(error, path: name) }
    }

    /// Closes the file: an atomic one is synced and renamed into its place, unless a write
    /// failed, when it is removed and the place left as it was.
    public func close() throws(WriteError) {
        guard ownsDescriptor, descriptor >= 0 else { return }
        if failed { discard(); return }
        let fd = descriptor
        descriptor = -1
        do {
            if let finalPath {
                try PosixIO.sync(fd)
                try PosixIO.closeChecked(fd)
                try PosixIO.rename(Self.temporaryPath(for: finalPath), to: finalPath)
            } else {
                try PosixIO.closeChecked(fd)
            }
        } catch {
            if let finalPath { PosixIO.remove(Self.temporaryPath(for: finalPath)) }
            throw WriteError(error, path: name)
        }
    }

    /// Closes without keeping: an atomic file's temporary is removed; a file written in place
    /// keeps what was written.
    public func discard() {
        guard ownsDescriptor, descriptor >= 0 else { return }
        PosixIO.close(descriptor)
        descriptor = -1
        if let finalPath { PosixIO.remove(Self.temporaryPath(for: finalPath)) }
    }

    private static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        return String(path[..<slash]) + "." + String(path[slash...]) + ".partial-\(getpid())"
    }
}

/// Why an output could not be written: one line naming the file, the cause and what to do.
public struct WriteError: Error, CustomStringConvertible, Equatable, Sendable {
    fileprivate enum Cause: Equatable, Sendable {
        case exists
        case closed
        case system(Errno, opening: Bool)
    }

    private let cause: Cause
    /// The file, or "standard output".
    public let path: String

    fileprivate init(_ cause: Cause, path: String) {
        self.cause = cause
        self.path = path
    }

    init(_ errno: Errno, path: String, opening: Bool = false) {
        self.init(.system(errno, opening: opening), path: path)
    }

    /// The output was refused because a file is already there.
    public var isExistingFile: Bool { cause == .exists }

    /// The reader of standard output went away (a closed pipe): nothing more can be shown.
    public var isClosedPipe: Bool { cause == .system(Errno(rawValue: EPIPE), opening: false) }

    public var description: String {
        switch cause {
        case .exists:
            return "\(path) already exists — give --force to replace it, or choose another name"
        case .closed:
            return "\(path) was already closed"
        case .system(let errno, let opening):
            let what = opening ? "cannot create \(path)" : "cannot write \(path)"
            return "\(what): \(errno) — " + Self.advice(errno, opening: opening)
        }
    }

    private static func advice(_ errno: Errno, opening: Bool) -> String {
        switch errno.rawValue {
        case ENOSPC: return "free some space on its disk and try again"
        case EDQUOT: return "the disk quota is used up; free some space and try again"
        case EFBIG: return "it reached this system's file-size limit (ulimit -f); raise it or record shorter sessions"
        case EPIPE: return "the program reading the output ended"
        case EACCES, EPERM: return "check the permissions of the file and its folder"
        case ENOENT: return "check that the folder exists"
        case EROFS: return "that disk is read-only; choose a folder on another"
        case EISDIR: return "that is a folder; give a file name"
        case ELOOP: return "it is a symbolic link, which is not written through; give the file's own path"
        default: return opening ? "check that the folder exists and is writable" : "check the disk"
        }
    }
}
