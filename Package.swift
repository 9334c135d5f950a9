// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Tenderfoot",
    products: [
        .library(name: "Tenderfoot", targets: ["TenderfootWire", "TenderfootRing", "TenderfootLink", "TenderfootCalibration",
                                                    "TenderfootAnalysis", "TenderfootRules", "TenderfootSession", "TenderfootFaces", "TenderfootSimulator",
                                                    "TenderfootLibrary", "TenderfootWeb"]),
        .executable(name: "tenderfoot", targets: ["tenderfoot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        // Layer 1: C libraries, reached only through TenderfootLink's internal wrappers.
        .systemLibrary(
            name: "CLibSerialPort", pkgConfig: "libserialport",
            providers: [.apt(["libserialport-dev"])]),
        .systemLibrary(
            name: "CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        .target(name: "CTenderfootSys"),

        // Layer 2: wire protocol v1. No I/O, no clocks, no dependencies.
        .target(name: "TenderfootWire"),
        // Layer 4: the lock-free SPSC ring. Generic; knows nothing of samples.
        .target(
            name: "TenderfootRing",
            dependencies: [.product(name: "Atomics", package: "swift-atomics")]),
        // Layer 3: transports, the reader thread, the command client, discovery.
        .target(
            name: "TenderfootLink",
            dependencies: ["TenderfootWire", "TenderfootRing", "CLibSerialPort", "CLibUSB", "CTenderfootSys"]),

        // Layer 5: counts to newtons and physical units.
        .target(name: "TenderfootCalibration", dependencies: ["TenderfootWire"]),

        // Layer 5: what the hand is doing: contacts, techniques, strokes and their direction.
        .target(name: "TenderfootAnalysis", dependencies: ["TenderfootWire", "TenderfootCalibration"]),
        // Layer 5: rules for the baby's age.
        .target(name: "TenderfootRules", dependencies: ["TenderfootCalibration", "TenderfootAnalysis"],
                resources: [.copy("default-rules.json")]),
        // Layer 6: a session wires a glove (or a recording) through the ring into calibration and rules.
        .target(name: "TenderfootSession",
                dependencies: ["TenderfootWire", "TenderfootRing", "TenderfootLink", "TenderfootCalibration", "TenderfootAnalysis",
                               "TenderfootRules"]),
        // Layer 7: the faces: the protocol they plug into, the event loop, terminal screen, log, JSON
        // events, exports, reports. No transport: a face sees a session's events and snapshots only.
        .target(name: "TenderfootFaces",
                dependencies: ["TenderfootWire", "TenderfootCalibration", "TenderfootAnalysis", "TenderfootRules",
                               "TenderfootSession", "TenderfootLibrary"]),

        // Layer 7: the web face: the live trainer and the classroom in a browser, served by
        // Hummingbird over one WebSocket per page; the page is a resource of the package.
        .target(name: "TenderfootWeb",
                dependencies: ["TenderfootCalibration", "TenderfootAnalysis", "TenderfootRules", "TenderfootSession", "TenderfootFaces",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket")],
                resources: [.copy("Page")]),

        // Layer 7: the session library, an index of recordings in SQLite.
        .target(name: "TenderfootLibrary",
                dependencies: ["TenderfootSession", "TenderfootRules", .product(name: "GRDB", package: "GRDB.swift")]),

        // Beside the stack: the virtual glove, speaking the wire protocol as the firmware does.
        .target(name: "TenderfootSimulator", dependencies: ["TenderfootWire", "TenderfootLink", "TenderfootCalibration", "TenderfootAnalysis",
                                                           "TenderfootSession"],
                resources: [.copy("Scenarios"), .copy("DemoGlove")]),

        .executableTarget(
            name: "tenderfoot",
            dependencies: [
                "TenderfootWire", "TenderfootRing", "TenderfootLink", "TenderfootSimulator",
                "TenderfootCalibration", "TenderfootAnalysis", "TenderfootRules", "TenderfootSession", "TenderfootFaces",
                "TenderfootLibrary", "TenderfootWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Test fixtures: never linked into the product.
        .target(name: "CPtyShim", path: "Tests/CPtyShim", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CUmockdev", path: "Tests/CUmockdev", pkgConfig: "umockdev-1.0",
                       providers: [.apt(["libumockdev-dev"])]),
        .target(name: "CUmockdevTestbed", dependencies: ["CUmockdev"], path: "Tests/CUmockdevTestbed"),
        .target(name: "CSpawn", path: "Tests/CSpawn"),
        .target(name: "TestSupport", dependencies: ["TenderfootWire", "TenderfootLink", "TenderfootSimulator", "CSpawn"],
                path: "Tests/TestSupport"),

        .testTarget(name: "WireTests", dependencies: ["TenderfootWire", "TenderfootSimulator", "TestSupport"]),
        .testTarget(name: "RingTests", dependencies: ["TenderfootRing"]),
        .testTarget(name: "LinkTests",
                    dependencies: ["TenderfootLink", "TenderfootWire", "TenderfootRing", "TenderfootSimulator", "TestSupport",
                                   "CPtyShim", "CUmockdevTestbed"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "TenderfootWire", "TenderfootSession", "TenderfootLink"]),
        .testTarget(name: "SimulatorTests", dependencies: ["TenderfootSimulator", "TenderfootCalibration", "TenderfootAnalysis"]),
        .testTarget(name: "AnalysisTests",
                    dependencies: ["TenderfootAnalysis", "TenderfootRules", "TenderfootCalibration", "TenderfootSimulator",
                                   "TenderfootSession", "TenderfootWire"]),
        .testTarget(name: "WebFaceTests",
                    dependencies: ["TenderfootWeb", "TenderfootSession", "TenderfootRules", "TenderfootSimulator", "TenderfootWire"]),
        .testTarget(name: "SessionTests",
                    dependencies: ["TenderfootSession", "TenderfootRules", "TenderfootCalibration", "TenderfootFaces", "TenderfootAnalysis",
                                   "TenderfootLink", "TenderfootSimulator", "TestSupport", "TenderfootWire"]),
    ]
)

// The fuzz targets (`make fuzz`): built only with TENDERFOOT_FUZZ set and -sanitize=fuzzer (they
// call libFuzzer's driver), so a normal build never sees them.
if Context.environment["TENDERFOOT_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"))
    let fuzzTargets: [(String, [Target.Dependency])] = [
        ("FuzzWireDecoder", ["FuzzSupport", "TenderfootWire"]),
        ("FuzzRecordingReader", ["FuzzSupport", "TenderfootSession", "TenderfootWire"]),
        ("FuzzCalibrationLoader", ["FuzzSupport", "TenderfootCalibration", "TenderfootWire"]),
        ("FuzzRulesLoader", ["FuzzSupport", "TenderfootRules", "TenderfootAnalysis"]),
    ]
    for (name, dependencies) in fuzzTargets {
        package.targets.append(.executableTarget(name: name, dependencies: dependencies, path: "Fuzz/\(name)"))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
