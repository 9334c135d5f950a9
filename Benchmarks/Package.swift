// swift-tools-version: 6.1
// The benchmark harness, a package of its own so the main build and CI never compile it.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder: the repository's, whatever the clone is called.
let tenderfoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "TenderfootBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
    ],
    targets: [
        // boost::lockfree::spsc_queue measured in the same modes, for the side-by-side table.
        .target(name: "CBoostSPSC", cxxSettings: [.unsafeFlags(["-O3", "-DNDEBUG"])]),
        .executableTarget(
            name: "tenderfoot-bench",
            dependencies: [
                "CBoostSPSC",
                .product(name: "Tenderfoot", package: tenderfoot),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
    ],
    cxxLanguageStandard: .cxx17
)
