import Foundation

/// The Python a researcher would read exports with: .build/python, a virtual environment with
/// pyxdf and pandas from PyPI (`Support/python-env.sh`, which `make test` runs). CI sets
/// TENDERFOOT_REQUIRE_PYTHON=1, so there the tests that need it fail rather than skip.
public enum ResearchPython {
    public static let path = Fixtures.repositoryPath(".build/python/bin/python3")
    public static let required = ProcessInfo.processInfo.environment["TENDERFOOT_REQUIRE_PYTHON"] == "1"
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs the script `Tests/Python/NAME` with `arguments`.
    public static func run(_ script: String, _ arguments: [String]) throws -> BuiltBinary.Result {
        try BuiltBinary.run(program: path, [Fixtures.repositoryPath("Tests/Python/\(script)")] + arguments, timeout: 300)
    }
}
