import Foundation

/// A `tenderfoot` process left running while a test works with it (the virtual glove, a live
/// session to be killed). Its standard output is read line by line as it comes.
public final class BackgroundProcess: @unchecked Sendable {
    private let child: ChildProcess
    private let lock = NSCondition()
    private var lines: [String] = []
    private var partial = ""
    private var closed = false

    public init(_ arguments: [String]) throws {
        child = try ChildProcess(BuiltBinary.url.path, arguments, environment: BuiltBinary.environment(), stdout: .pipe)
        let reader = Thread { [child, weak self] in
            // Reads until the child's output ends; the pipe is closed when the child object goes.
            while true {
                let printed = child.read(timeout: 3600, until: { !$0.stdout.isEmpty })
                self?.received(printed.stdout)
                if printed.stdout.isEmpty { return }
            }
        }
        reader.start()
    }

    /// A process a test left running (it failed before stopping it) is killed with it.
    deinit { child.signal(SIGKILL) }

    private func received(_ data: Data) {
        lock.lock()
        defer { lock.broadcast(); lock.unlock() }
        if data.isEmpty { closed = true; return }
        partial += String(decoding: data, as: UTF8.self)
        while let newline = partial.firstIndex(of: "\n") {
            lines.append(String(partial[..<newline]))
            partial = String(partial[partial.index(after: newline)...])
        }
    }

    /// The first line of output that satisfies `match`, waiting up to `timeout` seconds for it.
    public func waitForLine(timeout: TimeInterval = 10, where match: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock(); defer { lock.unlock() }
        while true {
            if let line = lines.first(where: match) { return line }
            if closed || !lock.wait(until: deadline) { return lines.first(where: match) }
        }
    }

    /// Every line printed so far.
    public var printed: [String] {
        lock.lock(); defer { lock.unlock() }
        return lines
    }

    /// Sends `signal` and waits for the process to exit (killing it if it has not in 60 s);
    /// returns its status.
    @discardableResult
    public func stop(signal: Int32 = SIGINT) -> Int32 {
        child.signal(signal)
        return child.wait(timeout: 60) ?? child.killAndReap(timeout: 60) ?? SIGKILL
    }

    /// A virtual glove from `tenderfoot simulate`: the process and its port.
    public static func virtualGlove(_ extra: [String] = []) throws -> (glove: BackgroundProcess, port: String) {
        let glove = try BackgroundProcess(["simulate"] + extra)
        guard let line = glove.waitForLine(where: { $0.hasPrefix("Virtual glove ") }),
              let port = line.split(separator: " ").last else {
            glove.stop()
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "simulate printed no port"])
        }
        return (glove, String(port))
    }
}

/// Test fixtures in Tests/Fixtures.
public enum Fixtures {
    public static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)").path
    }

    /// A file of the repository, by its path from the top.
    public static func repositoryPath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(name).path
    }

    /// A fresh temporary file path with `suffix`.
    public static func temporary(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tenderfoot-\(UUID().uuidString)\(suffix)").path
    }
}
