/// A number with a fixed count of decimals, as `String(format: "%.Nf")` writes it, about ten
/// times faster: every sample of an export or of `--json-samples` writes eleven of them.
/// A value within a hair of a tie (where the scaling's own rounding could tip it), beyond 1e12,
/// or past 6 decimals is left to printf, so the text is always printf's.
public enum DecimalText {
    private static let scales: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    public static func fixed(_ value: Double, digits: Int) -> String {
        var text = ""
        append(value, digits: digits, to: &text)
        return text
    }

    /// Appends the number to `text`, with no allocation of its own (a row is built in one string).
    public static func append(_ value: Double, digits: Int, to text: inout String) {
        guard value.isFinite, (0..<scales.count).contains(digits), value.magnitude < 1e12 else {
            text += String(format: "%.\(digits)f", value)
            return
        }
        let exact = value.magnitude * scales[digits]
        let fraction = exact - exact.rounded(.down)
        guard exact < 1e15, abs(fraction - 0.5) > max(1e-6, exact * 1e-15) else {
            text += String(format: "%.\(digits)f", value)
            return
        }
        var scaled = UInt64(exact.rounded(.toNearestOrEven))
        // Digits from the last: `digits` decimals, the point, then the integer part.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { bytes in
            var index = bytes.count
            func put(_ byte: UInt8) { index -= 1; bytes[index] = byte }
            for _ in 0..<digits {
                put(UInt8(ascii: "0") + UInt8(scaled % 10))
                scaled /= 10
            }
            if digits > 0 { put(UInt8(ascii: ".")) }
            repeat {
                put(UInt8(ascii: "0") + UInt8(scaled % 10))
                scaled /= 10
            } while scaled > 0
            if value.sign == .minus { put(UInt8(ascii: "-")) }
            text += String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self)
        }
    }

    /// Appends `micros` as seconds with six decimals (a UTC time of about 1.8e9 s is past what
    /// the scaled path takes, and printf is slow).
    public static func appendSeconds(micros: UInt64, to text: inout String) {
        text += String(micros / 1_000_000)
        text += "."
        let fraction = String(micros % 1_000_000)
        text += String(repeating: "0", count: 6 - fraction.utf8.count)
        text += fraction
    }
}
