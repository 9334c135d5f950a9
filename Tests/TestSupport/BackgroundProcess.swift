import Foundation

/// A `tenderfoot` process left running while a test works with it (the virtual glove, a live
/// session to be killed). Its standard output is read line by line as it comes.
public final class BackgroundProcess: @unchecked Sendable {
    public let process = Process()
    private let output = Pipe()
    private let lock = NSCondition()
    private var lines: [String] = []
    private var partial = ""
    private var closed = false

    public init(_ arguments: [String]) throws {
        process.executableURL = BuiltBinary.url
        process.arguments = arguments
        process.environment = BuiltBinary.environment()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.received(data)
        }
        try process.run()
    }

    private func received(_ data: Data) {
        lock.lock()
        defer { lock.broadcast(); lock.unlock() }
        if data.isEmpty { closed = true; output.fileHandleForReading.readabilityHandler = nil; return }
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

    /// Sends `signal` and waits for the process to exit; returns its status.
    @discardableResult
    public func stop(signal: Int32 = SIGINT) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
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
