import TenderfootAnalysis
import TenderfootCalibration
import TenderfootRules
import TenderfootSimulator
import TenderfootWire

/// The analysis thread's work per sample: technique analysis and the coach, on the samples of
/// the shipped six-month session (every technique) from a virtual glove, read with the nominal curve.
enum AnalysisMeasurement {
    struct Input {
        var samples: [Sample]
        var newtons: [FingerNewtons]
    }

    static func input() -> Input {
        let scenario = try! Scenario.named("six-months")
        var source = ScenarioSource(scenario: scenario, serialNumber: "TFG-BENCH-0001", seed: 1)
        let calibration = GloveCalibration.nominal(imu: IMUScale())
        var samples: [Sample] = [], newtons: [FingerNewtons] = []
        let count = Int(scenario.seconds * 1000)
        samples.reserveCapacity(count)
        newtons.reserveCapacity(count)
        for index in 0..<count {
            let micros = 1_000_000 + UInt64(index) * 1000
            let reading = source.reading(index: UInt64(index), deviceTimeMicros: micros)
            let sample = Sample(sequence: UInt16(truncatingIfNeeded: index), deviceTimeMicros: micros, force: reading.force,
                                accel: reading.accel, gyro: reading.gyro)
            samples.append(sample)
            newtons.append(calibration.newtons(sample.force))
        }
        return Input(samples: samples, newtons: newtons)
    }

    /// Runs every sample through an analyzer and a coach; returns the events and warnings seen.
    @inline(never)
    static func run(_ input: Input, analyzer: inout TechniqueAnalyzer, coach: inout Coach, from: Int = 0, to: Int? = nil) -> Int {
        var seen = 0
        for index in from..<(to ?? input.samples.count) {
            let sample = input.samples[index], newtons = input.newtons[index]
            analyzer.add(sample, newtons: newtons) { event in
                seen += 1
                coach.take(event) { _ in seen += 1 }
            }
            coach.check(newtons, technique: analyzer.limitTechnique, settled: analyzer.isSettled,
                        deviceTimeMicros: sample.deviceTimeMicros, sequence: sample.sequence) { _ in seen += 1 }
        }
        return seen
    }

    static func fresh() -> (TechniqueAnalyzer, Coach) {
        (TechniqueAnalyzer(imu: IMUScale(), motion: MotionSetup()), Coach(book: .shipped, ageMonths: 6))
    }

    /// Nanoseconds per sample over the whole session.
    static func nanosPerSample(_ input: Input) -> Double {
        var (analyzer, coach) = fresh()
        let start = nowNanos()
        let seen = run(input, analyzer: &analyzer, coach: &coach)
        let elapsed = nowNanos() - start
        precondition(seen > 0)
        return Double(elapsed) / Double(input.samples.count)
    }

    /// Allocations over the second half of the session, after the first half warmed everything up.
    static func allocations(_ input: Input) -> (allocations: Int, samples: Int) {
        var (analyzer, coach) = fresh()
        let half = input.samples.count / 2
        _ = run(input, analyzer: &analyzer, coach: &coach, to: half)
        let allocations = AllocationCount.counting { _ = run(input, analyzer: &analyzer, coach: &coach, from: half) }
        return (allocations, input.samples.count - half)
    }
}
