import Foundation

/// Runs the built `tenderfoot` executable (beside the test bundle in .build) and captures what it prints.
public struct BuiltBinary {
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
        /// The lines of a CSV export without its `# key: value` session lines: the header, then the rows.
        public var csvLines: [String] { lines.filter { !$0.hasPrefix("#") } }
        /// The cells of one CSV line: commas inside quotes are text, and "" is a quote.
        public static func csvCells(_ line: String) -> [String] {
            var cells: [String] = [], cell = "", quoted = false, previous: Character?
            for character in line {
                switch character {
                case "\"" where quoted: quoted = false
                case "\"": if previous == "\"" { cell.append("\"") }; quoted = true
                case "," where !quoted: cells.append(cell); cell = ""
                default: cell.append(character)
                }
                previous = character
            }
            return cells + [cell]
        }

        /// The session lines of a CSV export, as key and value.
        public var csvDetails: [String: String] {
            Dictionary(lines.filter { $0.hasPrefix("# ") }.compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line.dropFirst(2)[..<colon]), String(line[line.index(after: colon)...].dropFirst()))
            }, uniquingKeysWith: { first, _ in first })
        }
    }

    public static var url: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenderfoot")
    }

    /// The session library every test run's binaries use (never the user's own): a fresh folder per test process.
    public static let libraryFolder = Fixtures.temporary("-library")

    /// The environment a test's `tenderfoot` runs in: the caller's, with the test library, and `extra`.
    public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(["TENDERFOOT_DATA": libraryFolder]) { $1 }.merging(extra) { $1 }
    }

    /// Runs `tenderfoot arguments...` to completion; throws `ChildProcess.TimedOut` if it has
    /// not finished in `timeout` seconds (a hang fails its test, saying where it hung).
    public static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 300) throws -> Result {
        try run(program: url.path, arguments, environment: environment, timeout: timeout)
    }

    /// Runs another program (a test's Python) the same way, in the same environment.
    public static func run(program: String, _ arguments: [String], environment: [String: String] = [:],
                           timeout: TimeInterval = 300) throws -> Result {
        let child = try ChildProcess(program, arguments, environment: Self.environment(environment), stdout: .pipe, stderr: .pipe)
        let started = Date()
        let printed = child.read(timeout: timeout)
        guard printed.complete, let status = child.wait(timeout: max(10, timeout + started.timeIntervalSinceNow)) else {
            var timedOut = child.kill(outliving: timeout)
            timedOut.description += "\nits standard error so far: " + String(decoding: printed.stderr.suffix(2000), as: UTF8.self)
            throw timedOut
        }
        return Result(status: status,
                      stdout: String(decoding: printed.stdout, as: UTF8.self),
                      stderr: String(decoding: printed.stderr, as: UTF8.self))
    }
}

/// The JSON objects of a text of JSON lines (`--json`, an export's lines), one per line that is one.
public func objects(_ text: String) -> [[String: Any]] {
    text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
}
