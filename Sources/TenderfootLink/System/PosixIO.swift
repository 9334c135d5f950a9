import CTenderfootSys
import Glibc

/// Every POSIX call the Link layer makes, each returning its errno with the failure.
enum PosixIO {
    /// Waits up to `timeoutMillis` for `fd` to be readable. Returns false on timeout;
    /// throws `.ioError` when the other end hung up.
    static func waitReadable(_ fd: CInt, timeoutMillis: Int) throws(Errno) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&entry, 1, CInt(timeoutMillis))
            if ready < 0 {
                let error = Errno.current
                if error == .interrupted { continue }
                throw error
            }
            if ready == 0 { return false }
            if entry.revents & Int16(POLLIN) != 0 { return true }
            if entry.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { throw .ioError }
            return false
        }
    }

    /// Reads what is available (at most `buffer.count` bytes). Returns 0 when nothing is;
    /// end of file is reported as `.ioError` (the device or the other end is gone).
    static func readAvailable(_ fd: CInt, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return n }
            if n == 0 { throw .ioError }
            let error = Errno.current
            if error == .interrupted { continue }
            if error == .wouldBlock { return 0 }
            throw error
        }
    }

    /// Writes all of `bytes`, waiting for room when the descriptor is non-blocking.
    static func writeAll(_ fd: CInt, _ bytes: UnsafeRawBufferPointer) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n >= 0 { offset += n; continue }
            let error = Errno.current
            if error == .interrupted { continue }
            if error == .wouldBlock {
                var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&entry, 1, 100)
                continue
            }
            throw error
        }
    }

    static func close(_ fd: CInt) { _ = Glibc.close(fd) }

    /// Closes `fd`, reporting a write the system could only fail at the end (NFS, a full disk).
    static func closeChecked(_ fd: CInt) throws(Errno) {
        if Glibc.close(fd) != 0 { let error = Errno.current; if error != .interrupted { throw error } }
    }

    /// Creates `path` for writing (truncating it unless `exclusive`, when it must not exist);
    /// unless `followingLinks`, a symbolic link there is refused (ELOOP) rather than written
    /// through onto whatever it points at.
    static func create(_ path: String, exclusive: Bool, permissions: mode_t, followingLinks: Bool = false) throws(Errno) -> CInt {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC) | (followingLinks ? 0 : O_NOFOLLOW)
        let fd = Glibc.open(path, flags, permissions)
        if fd < 0 { throw Errno.current }
        return fd
    }

    static func sync(_ fd: CInt) throws(Errno) {
        if fsync(fd) != 0 {
            let error = Errno.current
            // A pipe, a terminal or /dev/full cannot be synced; that is not a failed write.
            if error.rawValue != EINVAL && error.rawValue != EROFS { throw error }
        }
    }

    static func rename(_ from: String, to: String) throws(Errno) {
        if Glibc.rename(from, to) != 0 { throw Errno.current }
    }

    static func remove(_ path: String) { _ = unlink(path) }

    /// Opens `path` for reading without blocking: a FIFO with no writer opens at once (and is
    /// then refused by `size`) instead of hanging the reader.
    static func openForReading(_ path: String) throws(Errno) -> CInt {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { throw Errno.current }
        return fd
    }

    static func size(_ fd: CInt) throws(Errno) -> Int {
        var info = stat()
        if fstat(fd, &info) != 0 { throw Errno.current }
        // A file is read at offsets: a folder is refused as one, a pipe, device or socket as unseekable.
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw (info.st_mode & S_IFMT) == S_IFDIR ? .isFolder : .notSeekable }
        return Int(info.st_size)
    }

    /// Reads into all of `buffer` from `offset` on; how many bytes it read (fewer at the end
    /// of the file or on an error).
    static func readFully(_ fd: CInt, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n > 0 { done += n; continue }
            if n < 0 && Errno.current == .interrupted { continue }
            break
        }
        return done
    }

    static func flushStandardOutput() throws(Errno) {
        if tf_stdout_flush() != 0 { throw Errno.current }
    }

    static func writeStandardError(_ text: String) { tf_stderr_write(text) }

    static func openTerminal(_ path: String) throws(Errno) -> CInt {
        let fd = tf_tty_open(path)
        if fd < 0 { throw Errno.current }
        return fd
    }

    static func configureRaw(_ fd: CInt, baud: Int) throws(Errno) {
        if tf_tty_configure_raw(fd, CUnsignedInt(baud)) != 0 { throw Errno.current }
    }

    static func lockExclusive(_ fd: CInt) throws(Errno) {
        if tf_lock_exclusive(fd) != 0 { throw Errno.current }
    }

    /// Opens a new pseudo-terminal pair; returns the controller side and the follower's path.
    static func openPseudoTerminal() throws(Errno) -> (fd: CInt, path: String) {
        var name = [CChar](repeating: 0, count: 128)
        let fd = tf_pty_open(&name, name.count)
        if fd < 0 { throw Errno.current }
        let path = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (fd, path)
    }

    /// Opens a pty's follower side without taking it as controlling terminal or locking it.
    static func openFollower(_ path: String) throws(Errno) -> CInt {
        let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        if fd < 0 { throw Errno.current }
        return fd
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isRegularFile(_ path: String) -> Bool { fileType(path) == S_IFREG }

    static func isFolder(_ path: String) -> Bool { fileType(path) == S_IFDIR }

    /// The S_IFMT bits of what is at `path` (following links); nil when nothing is there.
    private static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }
}
