import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program a test starts: spawned with `posix_spawn` into a process group of its own, its
/// output read with `poll`, and reaped with `waitpid`, every wait bounded by a deadline.
///
/// Not Foundation's `Process`: on Linux its `waitUntilExit` waits on a run loop for a signal
/// that, off the main thread (where Swift Testing runs tests), may never be seen. That once
/// stalled CI for an hour on a command that had long exited.
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's output streams goes.
    public enum Output {
        case null
        case pipe
        case file(String)
    }

    /// What a child printed into its pipes, and whether both reached their end.
    public struct Printed {
        public var stdout = Data()
        public var stderr = Data()
        public var complete = false
    }

    /// A child that outlived the time a test gave it, killed.
    public struct TimedOut: Error, CustomStringConvertible {
        public var description: String
    }

    public let pid: pid_t
    /// Our ends of the child's standard output and error, when they are `.pipe`.
    public let stdoutPipe: Int32?, stderrPipe: Int32?
    private let name: String
    private let lock = NSLock()
    private var exitStatus: Int32?
    private var closedPipes: Set<Int32> = []   // guarded by `lock`

    /// Starts `executable` with `arguments` and exactly `environment`; standard input is /dev/null.
    public init(_ executable: String, _ arguments: [String], environment: [String: String],
                stdout: Output = .null, stderr: Output = .null) throws {
        name = ([URL(fileURLWithPath: executable).lastPathComponent] + arguments.prefix(3)).joined(separator: " ")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }
        // Pipes are close-on-exec from the start, so a child started any other way (no window
        // between `pipe` and `fcntl`) does not hold them open; ours close them below anyway.
        func route(_ output: Output, to target: Int32) throws -> Int32? {
            switch output {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
                return nil
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                return nil
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard cspawn_pipe_cloexec(&ends) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                posix_spawn_file_actions_adddup2(&actions, ends[1], target)
                childEnds.append(ends[1])
                return ends[0]
            }
        }
        stdoutPipe = try route(stdout, to: 1)
        stderrPipe = try route(stderr, to: 2)
        // The child gets its three streams and nothing else of the test runner's: no descriptor
        // some library opened without close-on-exec, no pipe of another test's child.
        let closing = cspawn_addclosefrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), none = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = closing != 0 ? closing : posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            [stdoutPipe, stderrPipe].compactMap { $0 }.forEach { close($0) }
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO, userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable)"])
        }
        pid = child
    }

    deinit {
        if exitStatus == nil { killAndReap() }
        openPipes.forEach { close($0) }
    }

    /// Our ends of the pipes not yet closed.
    private var openPipes: [Int32] {
        lock.lock(); defer { lock.unlock() }
        return [stdoutPipe, stderrPipe].compactMap { $0 }.filter { !closedPipes.contains($0) }
    }

    /// Closes our end of the child's standard output, as a reader that went away (`head`)
    /// does: the child's next write to it fails with EPIPE.
    public func closeStandardOutput() {
        lock.lock(); defer { lock.unlock() }
        guard let stdoutPipe, !closedPipes.contains(stdoutPipe) else { return }
        close(stdoutPipe)
        closedPipes.insert(stdoutPipe)
    }

    /// Sends `signal` to the child's whole process group (a browser's helpers included).
    public func signal(_ signal: Int32) {
        if !hasExited { Glibc.kill(-pid, signal) }
    }

    /// Kills the child's process group and waits up to `timeout` seconds to reap it; its status,
    /// or nil if it has not gone even so.
    @discardableResult
    public func killAndReap(timeout: TimeInterval = 10) -> Int32? {
        signal(SIGKILL)
        return wait(timeout: timeout)
    }

    /// Whether the child has exited (and been reaped).
    public var hasExited: Bool { reap() != nil }

    /// Waits up to `timeout` seconds for the child to exit. Its exit code (or, if a signal
    /// ended it, the signal's number), or nil if it is still running.
    public func wait(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = reap() { return status }
            if Date() >= deadline { return nil }
            usleep(2_000)
        }
    }

    /// Waits up to `timeout` seconds for the child to exit, then kills it. Its exit status, or
    /// `TimedOut`.
    public func finish(timeout: TimeInterval) throws -> Int32 {
        if let status = wait(timeout: timeout) { return status }
        throw kill(outliving: timeout)
    }

    /// Kills a child that outlived the `timeout` seconds it was given, and says so, with where
    /// each of its threads was when gdb is there to tell.
    public func kill(outliving timeout: TimeInterval) -> TimedOut {
        let threads = backtraces()
        killAndReap()
        return TimedOut(description: "\(name) did not finish in \(Int(timeout)) s and was killed\(threads)")
    }

    /// Reads the child's pipes until both end, `enough` holds for what was read, or `timeout`
    /// seconds pass (then `complete` is false).
    public func read(timeout: TimeInterval, until enough: (Printed) -> Bool = { _ in false }) -> Printed {
        let deadline = Date().addingTimeInterval(timeout)
        var printed = Printed()
        var open = openPipes
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !open.isEmpty, !enough(printed) {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return printed }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), Int32(min(left, 1) * 1000) + 1) >= 0 || errno == EINTR else { return printed }
            for entry in fds where entry.revents != 0 {
                let count = Glibc.read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == stdoutPipe { printed.stdout.append(contentsOf: buffer[..<count]) }
                    else { printed.stderr.append(contentsOf: buffer[..<count]) }
                } else if count == 0 || errno != EINTR {
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        printed.complete = open.isEmpty
        return printed
    }

    private func reap() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signalNumber = status & 0x7f
        exitStatus = signalNumber == 0 ? (status >> 8) & 0xff : signalNumber
        return exitStatus
    }

    /// Each thread's stack from gdb, as lines to add to a timeout's message ("" without gdb).
    private func backtraces() -> String {
        let gdb = "/usr/bin/gdb"
        guard FileManager.default.isExecutableFile(atPath: gdb),
              let probe = try? ChildProcess(gdb, ["-p", "\(pid)", "-batch", "-ex", "thread apply all bt 12"],
                                            environment: ProcessInfo.processInfo.environment, stdout: .pipe) else { return "" }
        let printed = probe.read(timeout: 30)
        probe.killAndReap()
        let frames = String(decoding: printed.stdout, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("#") || $0.hasPrefix("Thread") }
        return frames.isEmpty ? "" : "; its threads:\n" + frames.joined(separator: "\n")
    }
}
