import Foundation

extension Scenario {
    /// The scenario the demo and `simulate` use when none is named.
    public static let defaultName = "first-session"

    /// The scenarios shipped with Tenderfoot (Sources/TenderfootSimulator/Scenarios).
    public static var shippedNames: [String] {
        let folder = Bundle.module.bundleURL.appendingPathComponent("Scenarios")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// A shipped scenario by name, or a scenario file by path.
    public static func named(_ nameOrPath: String) throws(ScenarioError) -> Scenario {
        if let url = Bundle.module.url(forResource: nameOrPath, withExtension: "json", subdirectory: "Scenarios") {
            return try load(url)
        }
        guard nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") else {
            throw ScenarioError(description: "no scenario named \(nameOrPath) — shipped scenarios: \(shippedNames.joined(separator: ", ")), or give a file path")
        }
        return try load(URL(fileURLWithPath: nameOrPath))
    }
}
