import Foundation

/// A page opened in a real browser: Debian's Chromium, headless. `make test` installs it and sets
/// TENDERFOOT_REQUIRE_CHROMIUM=1, so there the tests that need it fail rather than skip.
public enum Chromium {
    public static let required = ProcessInfo.processInfo.environment["TENDERFOOT_REQUIRE_CHROMIUM"] == "1"

    public static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static var available: Bool { executable != nil }

    /// The page's DOM after its scripts ran (the load event included).
    public static func dom(_ htmlPath: String) throws -> String {
        try run(["--dump-dom", "file://" + htmlPath])
    }

    /// A PNG screenshot of the page at `width` × `height` pixels, written to `pngPath`.
    public static func screenshot(_ htmlPath: String, to pngPath: String, width: Int = 1200, height: Int = 2400) throws {
        _ = try run(["--screenshot=\(pngPath)", "--window-size=\(width),\(height)", "--hide-scrollbars", "file://" + htmlPath])
    }

    /// Runs Chromium headless with `arguments`, at most `attempts` times: a run that has not
    /// finished in `limit` seconds is killed and tried again (headless Chromium now and then
    /// hangs on start in a container). Returns what it printed.
    private static func run(_ arguments: [String], limit: TimeInterval = 60, attempts: Int = 3) throws -> String {
        guard let executable else { throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no chromium"]) }
        for _ in 0..<attempts {
            // No sandbox: CI runs as root in a container. A profile of its own, so runs never share state.
            let profile = Fixtures.temporary("-chromium")
            let output = Fixtures.temporary("-chromium.out")
            defer { [profile, output].forEach { try? FileManager.default.removeItem(atPath: $0) } }
            let browser = try ChildProcess(executable, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                        "--no-first-run", "--user-data-dir=\(profile)"] + arguments,
                                           environment: ProcessInfo.processInfo.environment, stdout: .file(output))
            guard browser.wait(timeout: limit) != nil else {
                browser.killAndReap()
                continue
            }
            return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "chromium did not finish in \(Int(limit)) s, \(attempts) times"])
    }

    /// The PNG's width and height from its IHDR chunk, or nil if the file is not a PNG.
    public static func pngSize(_ path: String) -> (width: Int, height: Int)? {
        guard let data = FileManager.default.contents(atPath: path), data.count > 24,
              Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        let bytes = [UInt8](data)
        func be(_ at: Int) -> Int { (0..<4).reduce(0) { $0 << 8 | Int(bytes[at + $1]) } }
        return (be(16), be(20))
    }
}
