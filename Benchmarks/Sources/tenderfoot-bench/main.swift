import CBoostSPSC
import Foundation
import TenderfootWire

// Tenderfoot's benchmarks: the SPSC ring side by side with boost::lockfree::spsc_queue and
// AsyncStream, the wire decoder's throughput, and allocations in steady state.
// Every measurement runs `repetitions` times, interleaved; the table gives medians.

let quick = CommandLine.arguments.contains("--quick")
let repetitions = quick ? 1 : 5
let singleN: UInt64 = quick ? 1_000_000 : 20_000_000
let crossN: UInt64 = quick ? 1_000_000 : 20_000_000
let streamN: UInt64 = quick ? 100_000 : 1_000_000
let roundTrips = quick ? 10_000 : 200_000

/// Every measurement's values across repetitions.
final class Results {
    private var series: [String: [Double]] = [:]
    func record(_ key: String, _ value: Double) { series[key, default: []].append(value) }
    func median(_ key: String) -> Double { series[key].map(tenderfoot_bench.median) ?? .nan }
    /// Every value of every measurement, for judging the spread.
    var spread: String {
        series.keys.sorted().map { key in
            "\(key): " + series[key]!.map { String(format: "%.1f", $0) }.joined(separator: " ")
        }.joined(separator: "\n")
    }
}
let results = Results()
@MainActor func record(_ key: String, _ value: Double) { results.record(key, value) }
@MainActor func m(_ key: String) -> Double { results.median(key) }

@MainActor
func measureRing<T: BenchItem & Sendable>(_ type: T.Type, _ tag: String) {
    record("single.swift.\(tag)", Double(SwiftRing.singleThreadNanos(type, n: singleN)) / Double(singleN))
    record("single.boost.\(tag)", Double(boost_single_thread_ns(T.size, singleN)) / Double(singleN))
    for batch in [1, 64] {
        record("cross\(batch).swift.\(tag)", Double(crossN) / Double(SwiftRing.crossThreadNanos(type, n: crossN, batch: batch)) * 1000)
        record("cross\(batch).boost.\(tag)", Double(crossN) / Double(boost_cross_thread_ns(T.size, crossN, Int32(batch))) * 1000)
    }
    record("cross1.async.\(tag)", Double(streamN) / Double(AsyncStreamMeasurement.crossThreadNanos(type, n: streamN)) * 1000)
    let swiftTrips = SwiftRing.pingPong(type, roundTrips: roundTrips).sorted()
    var boostTrips = [UInt64](repeating: 0, count: roundTrips)
    boost_ping_pong(T.size, UInt64(roundTrips), &boostTrips)
    boostTrips.sort()
    record("p50.swift.\(tag)", percentile(swiftTrips, 0.5))
    record("p99.swift.\(tag)", percentile(swiftTrips, 0.99))
    record("p50.boost.\(tag)", percentile(boostTrips, 0.5))
    record("p99.boost.\(tag)", percentile(boostTrips, 0.99))
}

let stream = DecoderMeasurement.stream(frames: quick ? 100_000 : 1_000_000)
for repetition in 1...repetitions {
    FileHandle.standardError.write(Data("repetition \(repetition)/\(repetitions)\n".utf8))
    measureRing(UInt64.self, "8")
    measureRing(Sample.self, "sample")
    let decoded = DecoderMeasurement.decode(stream)
    record("decoder.mbs", Double(stream.count) / Double(decoded.nanos) * 1000)
    record("decoder.frames", Double(decoded.samples) / Double(decoded.nanos) * 1000)
}

func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
func verdict(_ ok: Bool) -> String { ok ? "met" : "**missed**" }

var lines: [String] = []
lines.append("| measure | item | Tenderfoot ring | boost spsc_queue | ring vs boost | AsyncStream | ring vs AsyncStream | target |")
lines.append("|---|---|---|---|---|---|---|---|")
for (tag, label) in [("8", UInt64.label), ("sample", Sample.label)] {
    let sSingle = m("single.swift.\(tag)"), bSingle = m("single.boost.\(tag)")
    lines.append("| single thread, push+pop (ns, lower is better) | \(label) | \(f(sSingle, 2)) | \(f(bSingle, 2)) | \(f(bSingle / sSingle, 2))x | | | ring ≤ boost: \(verdict(sSingle <= bSingle)) |")
    let s1 = m("cross1.swift.\(tag)"), b1 = m("cross1.boost.\(tag)"), a1 = m("cross1.async.\(tag)")
    lines.append("| two threads, one at a time (M items/s) | \(label) | \(f(s1)) | \(f(b1)) | \(f(s1 / b1, 2))x | \(f(a1, 2)) | \(f(s1 / a1, 0))x | ring ≥ boost: \(verdict(s1 >= b1)); ≥ 20x AsyncStream: \(verdict(s1 >= 20 * a1)) |")
    let s64 = m("cross64.swift.\(tag)"), b64 = m("cross64.boost.\(tag)")
    lines.append("| two threads, batches of 64 (M items/s) | \(label) | \(f(s64)) | \(f(b64)) | \(f(s64 / b64, 2))x | \(f(a1, 2)) | \(f(s64 / a1, 0))x | ring ≥ boost: \(verdict(s64 >= b64)) |")
    let sp50 = m("p50.swift.\(tag)"), bp50 = m("p50.boost.\(tag)")
    lines.append("| ping-pong round trip p50 / p99 (ns) | \(label) | \(f(sp50, 0)) / \(f(m("p99.swift.\(tag)"), 0)) | \(f(bp50, 0)) / \(f(m("p99.boost.\(tag)"), 0)) | \(f(sp50 / bp50, 2))x of boost's p50 | | | ≤ 1.2x boost: \(verdict(sp50 <= 1.2 * bp50)) |")
}
let mbs = m("decoder.mbs")
lines.append("")
lines.append("| decoder | value | target |")
lines.append("|---|---|---|")
lines.append("| throughput (MB/s of wire bytes) | \(f(mbs)) | ≥ 100: \(verdict(mbs >= 100)) |")
lines.append("| samples decoded (M/s) | \(f(m("decoder.frames"), 2)) | |")
if AllocationCount.isActive {
    let decoder = AllocationCount.decoder(stream)
    let ring = AllocationCount.ring(n: 1_000_000)
    lines.append("| allocations while decoding \(decoder.frames) frames in steady state | \(decoder.allocations) | 0: \(verdict(decoder.allocations == 0)) |")
    lines.append("| allocations while moving 2,000,000 samples through the ring | \(ring) | 0: \(verdict(ring == 0)) |")
} else {
    lines.append("| allocations | not measured: run through `make bench`, which preloads the malloc interposer | |")
}
let analysisInput = AnalysisMeasurement.input()
let analysisNanos = median((0..<repetitions).map { _ in AnalysisMeasurement.nanosPerSample(analysisInput) })
lines.append("")
lines.append("| analysis thread: the SampleJudge (re-zero, newtons, technique analysis, coach; \(analysisInput.count) samples, the six-month session at 1 kHz) | value | |")
lines.append("|---|---|---|")
lines.append("| time per sample through the judge (ns) | \(f(analysisNanos, 0)) | |")
lines.append("| samples per second (M/s) | \(f(1000 / analysisNanos, 2)) | \(f(1e9 / analysisNanos / 2000, 0))x a glove's 2 kHz |")
if AllocationCount.isActive {
    let analysis = AnalysisMeasurement.allocations(analysisInput)
    lines.append("| allocations over the session's second half (\(analysis.samples) samples, every technique, its warnings included) | \(analysis.allocations) | \(f(Double(analysis.allocations) / Double(analysis.samples), 4)) per sample |")
}
let replaySeconds = quick ? 600.0 : 3600.0
let replayFile = ReplayMeasurement.recording(seconds: replaySeconds)
let tenderfootBinary = ProcessInfo.processInfo.environment["TENDERFOOT_BINARY"]
var inProcess: [Double] = [], command: [Double] = [], export: [Double] = [], exportXDF: [Double] = []
for _ in 0..<(quick ? 1 : 3) {
    let run = ReplayMeasurement.inProcessSeconds(replayFile.path)
    precondition(run.samples == UInt64(replayFile.samples), "the replay analysed \(run.samples) of \(replayFile.samples) samples")
    inProcess.append(run.seconds)
    if let seconds = ReplayMeasurement.commandSeconds(replayFile.path, binary: tenderfootBinary) { command.append(seconds) }
    // The exports beside it, in the same repetition: each replays the file once and writes
    // every sample (CSV rows; XDF's float32 samples and markers).
    if let seconds = ReplayMeasurement.commandSeconds(replayFile.path, binary: tenderfootBinary, arguments: ["export", replayFile.path]) {
        export.append(seconds)
    }
    if let seconds = ReplayMeasurement.commandSeconds(replayFile.path, binary: tenderfootBinary,
                                                     arguments: ["export", replayFile.path, "--format", "xdf"]) {
        exportXDF.append(seconds)
    }
}
let replayBytes = (try? FileManager.default.attributesOfItem(atPath: replayFile.path)[.size] as? Int) ?? 0
try? FileManager.default.removeItem(atPath: replayFile.path)
lines.append("")
lines.append("| replay --fast of \(Int(replaySeconds / 60)) min at 1 kHz (\(replayFile.samples) samples, \(replayBytes / 1_000_000) MB) | seconds | target |")
lines.append("|---|---|---|")
let inProcessMedian = median(inProcess)
lines.append("| in process: read, decode, ring, calibration, analysis, rules (median of \(inProcess.count)) | \(f(inProcessMedian, 2)) | \(quick ? "" : "< 5 s: \(verdict(inProcessMedian < 5))") |")
if !command.isEmpty {
    let commandMedian = median(command)
    lines.append("| `tenderfoot replay FILE --fast --json > /dev/null`, release build (median of \(command.count)) | \(f(commandMedian, 2)) | \(quick ? "" : "< 5 s: \(verdict(commandMedian < 5))") |")
    lines.append("| speed against real time | \(f(replaySeconds / commandMedian, 0))x | |")
    if !export.isEmpty {
        let exportMedian = median(export)
        lines.append("| `tenderfoot export FILE > /dev/null` (CSV, every sample), release build (median of \(export.count)) | \(f(exportMedian, 2)) "
                     + "| within 2x of replay: \(f(exportMedian / commandMedian, 2))x \(verdict(exportMedian < 2 * commandMedian)) |")
    }
    if !exportXDF.isEmpty {
        let xdfMedian = median(exportXDF)
        lines.append("| `tenderfoot export FILE --format xdf > /dev/null`, release build (median of \(exportXDF.count)) | \(f(xdfMedian, 2)) "
                     + "| within 2x of replay: \(f(xdfMedian / commandMedian, 2))x \(verdict(xdfMedian < 2 * commandMedian)) |")
    }
} else {
    lines.append("| `tenderfoot replay` | not measured: run through `make bench`, which builds the release binary | |")
}
print("Medians of \(repetitions) interleaved repetitions; \(ProcessInfo.processInfo.activeProcessorCount) CPUs.\n")
print(lines.joined(separator: "\n"))
if CommandLine.arguments.contains("--spread") { print("\nEvery repetition:\n" + results.spread) }
