import Foundation
import Testing
import TenderfootFaces

/// The fast fixed-decimal writer writes what printf's %.Nf writes.
@Suite struct DecimalTextTests {
    @Test func itWritesWhatPrintfWrites() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {  // SplitMix64: the same values every run
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var values: [Double] = [0, -0.0, 0.125, 0.375, 2.5, -2.5, 1e-9, -1e-9, 0.9999999, 123456.78901, -0.00004, 4095, 1e11]
        for _ in 0..<20_000 {
            let magnitude = pow(10, Double(next() % 12) - 4)
            values.append((Double(next() % 2_000_001) / 1_000_000 - 1) * magnitude)
        }
        for value in values {
            for digits in 0...6 {
                #expect(DecimalText.fixed(value, digits: digits) == String(format: "%.\(digits)f", value), "\(value), \(digits)")
            }
        }
        #expect(DecimalText.fixed(.nan, digits: 2) == String(format: "%.2f", Double.nan))
        #expect(DecimalText.fixed(3e15, digits: 1) == String(format: "%.1f", 3e15))
    }
}
