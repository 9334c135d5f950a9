import Foundation
import TenderfootCalibration
import TenderfootRules
import TenderfootSession
import TenderfootSimulator

/// Replay as fast as it goes of a long recording at 1 kHz (the six-month session looped, made
/// in simulated time): in process (read the file, decode, ring, calibration, analysis, rules),
/// and as a user runs it, `tenderfoot replay FILE --fast --json` from a release build.
enum ReplayMeasurement {
    /// Writes the recording; returns its path and samples.
    static func recording(seconds: Double) -> (path: String, samples: Int) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tenderfoot-bench-\(Int(seconds))s.tfrec").path
        let recording = OfflineRecording(scenario: try! Scenario.named("six-months"), serial: "TFG-BENCH-0001", seed: 1, rateHz: 1000,
                                         seconds: seconds, calibration: .nominal())
        let samples = try! recording.write(to: path)
        return (path, samples)
    }

    /// Seconds to read and replay `path` in process; the events seen, to check the work was done.
    static func inProcessSeconds(_ path: String) -> (seconds: Double, samples: UInt64) {
        let start = nowNanos()
        let recording = try! Recording.read(path)
        let options = LiveSession.Options.replaying(recording.header, rules: .shipped)
        let pipeline = ReplayPipeline(recording, name: path, clock: ReplayClock(pace: .fast), options: options)
        while true {
            let events = pipeline.events.takeEvents(timeout: 0.05)
            if events.last?.isLinkEnded == true { break }
        }
        let elapsed = Double(nowNanos() - start) / 1e9
        let samples = pipeline.events.snapshot().samples
        pipeline.close()
        return (elapsed, samples)
    }

    /// Seconds `tenderfoot arguments…` takes (by default `replay path --fast --json`), output to
    /// /dev/null; nil without the binary.
    static func commandSeconds(_ path: String, binary: String?, arguments: [String]? = nil) -> Double? {
        guard let binary, FileManager.default.isExecutableFile(atPath: binary) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments ?? ["replay", path, "--fast", "--json"]
        process.standardOutput = FileHandle.nullDevice
        // Without the harness's malloc interposer: the command runs as a user runs it.
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "LD_PRELOAD" }
        let start = nowNanos()
        try! process.run()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "tenderfoot \(process.arguments?.first ?? "") failed")
        return Double(nowNanos() - start) / 1e9
    }
}
