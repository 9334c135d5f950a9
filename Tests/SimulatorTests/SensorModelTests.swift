import Foundation
import Testing
import TenderfootCalibration
@testable import TenderfootSimulator

@Suite struct SensorModelTests {
    /// Forces from just above activation to 15 N go through the sensor and back through its own inverse
    /// within what the ADC noise allows (3 standard deviations, turned into newtons at that force).
    @Test(arguments: ["TFG-A0000001", "TFG-B0000002", "TFG-C0000003"])
    func forcesRoundTripThroughTheInverseWithinNoise(serial: String) throws {
        var noise = SplitMix64(seed: 7)
        let hardware = GloveHardware(serialNumber: serial)
        for finger in 0..<5 {
            for force in stride(from: 0.3, through: 15.0, by: 0.35) {
                var sensor = hardware.fingers[finger]
                sensor.hysteresis = 0
                sensor.creep = 0
                let counts = Double(sensor.counts(newtons: force, dt: 0.002, noise: &noise))
                let back = try #require(sensor.newtons(counts: counts))
                let exact = FSRCircuit.counts(conductance: sensor.staticConductance(newtons: force))
                let spread = 3 * sensor.noiseCounts + 0.5
                let low = sensor.newtons(counts: exact - spread) ?? 0
                let high = sensor.newtons(counts: exact + spread) ?? .infinity
                #expect(back >= low - 1e-9 && back <= high + 1e-9, "finger \(finger) at \(force) N read back \(back) N")
            }
        }
    }

    @Test func eachSerialHasItsOwnStableSpread() {
        let a = GloveHardware(serialNumber: "TFG-A0000001").fingers.map(\.sensitivity)
        let again = GloveHardware(serialNumber: "TFG-A0000001").fingers.map(\.sensitivity)
        let b = GloveHardware(serialNumber: "TFG-B0000002").fingers.map(\.sensitivity)
        #expect(a == again)
        #expect(a != b)
        let all = (0..<200).flatMap { GloveHardware(serialNumber: "TFG-\($0)").fingers.map(\.sensitivity) }
        #expect(all.allSatisfy { (0.75...1.25).contains($0) })
        // A realistic spread: not all parts the same, some well off nominal.
        #expect(all.contains { abs($0 - 1) > 0.1 } && all.contains { abs($0 - 1) < 0.03 })
    }

    /// The nominal curve is the data sheet's typical part: it reads that part within 12 % from
    /// 0.3 to 15 N (a power law fitted to the data sheet's three points, against the simulator's
    /// log-log lines through them), and an uncalibrated glove reads wrong the way a real one does, higher on a
    /// part that conducts more than the typical one and lower on one that conducts less.
    @Test func theNominalCurveReadsTheDatasheetPartAndMisreadsAPartByItsSpread() {
        var noise = SplitMix64(seed: 1)
        func read(_ sensor: FSRSensorModel, _ force: Double) -> Double {
            var part = sensor
            part.noiseCounts = 0
            part.creep = 0
            part.hysteresis = 0
            return FSRCurve.nominal.newtons(counts: Double(part.counts(newtons: force, dt: 0.002, noise: &noise)))
        }
        let typical = FSRSensorModel(sensitivity: 1)
        for force in [0.3, 0.5, 1, 2, 5, 10, 15] {
            #expect(abs(read(typical, force) / force - 1) < 0.12, "the typical part at \(force) N reads \(read(typical, force)) N")
        }
        for sensor in GloveHardware(serialNumber: "TFG-B0000002").fingers {
            let more = sensor.staticConductance(newtons: 5) > typical.staticConductance(newtons: 5)
            #expect((read(sensor, 5) > read(typical, 5)) == more, "sensitivity \(sensor.sensitivity)")
        }
    }

    @Test func holdingALoadCreepsUpAndUnloadingReadsHigher() {
        var sensor = FSRSensorModel(sensitivity: 1)
        sensor.noiseCounts = 0
        var noise = SplitMix64(seed: 1)
        let first = sensor.counts(newtons: 4, dt: 0.002, noise: &noise)
        var held: UInt16 = 0
        for _ in 0..<2500 { held = sensor.counts(newtons: 4, dt: 0.002, noise: &noise) }  // 5 s
        #expect(held > first)
        var loading = FSRSensorModel(sensitivity: 1)
        loading.noiseCounts = 0
        loading.creep = 0
        var unloading = loading
        var up: UInt16 = 0, down: UInt16 = 0
        for step in 0...100 { up = loading.counts(newtons: Double(step) * 0.03, dt: 0.002, noise: &noise) }
        for step in (100...200).reversed() { down = unloading.counts(newtons: Double(step) * 0.03, dt: 0.002, noise: &noise) }
        // Both end at 3 N: the one coming down from 6 N reads higher.
        #expect(down > up)
    }
}
