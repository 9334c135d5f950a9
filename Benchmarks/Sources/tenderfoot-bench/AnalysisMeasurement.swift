import TenderfootAnalysis
import TenderfootCalibration
import TenderfootRules
import TenderfootSession
import TenderfootSimulator
import TenderfootWire

/// The analysis thread's work per sample, through the shipped `SampleJudge` (re-zero, newtons,
/// technique analysis, the coach), on the samples of the shipped six-month session (every
/// technique) from a virtual glove, read with the nominal curve.
enum AnalysisMeasurement {
    static func input() -> [Sample] {
        let scenario = try! Scenario.named("six-months")
        var source = ScenarioSource(scenario: scenario, serialNumber: "TFG-BENCH-0001", seed: 1)
        var samples: [Sample] = []
        let count = Int(scenario.seconds * 1000)
        samples.reserveCapacity(count)
        for index in 0..<count {
            let micros = 1_000_000 + UInt64(index) * 1000
            let reading = source.reading(index: UInt64(index), deviceTimeMicros: micros)
            samples.append(Sample(sequence: UInt16(truncatingIfNeeded: index), deviceTimeMicros: micros, force: reading.force,
                                  accel: reading.accel, gyro: reading.gyro))
        }
        return samples
    }

    /// Judges every sample from `from` to `to`; returns the events seen, to check the work was done.
    @inline(never)
    static func run(_ samples: [Sample], judge: SampleJudge, from: Int = 0, to: Int? = nil) -> Int {
        var seen = 0
        for index in from..<(to ?? samples.count) {
            judge.judge(samples[index]) { _ in seen += 1 }
        }
        return seen
    }

    static func fresh() -> SampleJudge {
        SampleJudge(options: JudgeOptions(ageMonths: 6, rules: .shipped, calibration: .nominal(imu: IMUScale()), rateHz: 1000))
    }

    /// Nanoseconds per sample over the whole session.
    static func nanosPerSample(_ samples: [Sample]) -> Double {
        let judge = fresh()
        let start = nowNanos()
        let seen = run(samples, judge: judge)
        let elapsed = nowNanos() - start
        precondition(seen > 0)
        return Double(elapsed) / Double(samples.count)
    }

    /// Allocations over the second half of the session, after the first half warmed everything up.
    static func allocations(_ samples: [Sample]) -> (allocations: Int, samples: Int) {
        let judge = fresh()
        let half = samples.count / 2
        _ = run(samples, judge: judge, to: half)
        let allocations = AllocationCount.counting { _ = run(samples, judge: judge, from: half) }
        return (allocations, samples.count - half)
    }
}
