/// A number with a fixed count of decimals, as `String(format: "%.Nf")` writes it, about ten
/// times faster: every sample of an export or of `--json-samples` writes eleven of them.
/// A value within a hair of a tie (where the scaling's own rounding could tip it), beyond 1e12,
/// or past 6 decimals is left to printf, so the text is always printf's.
public enum DecimalText {
    private static let scales: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    public static func fixed(_ value: Double, digits: Int) -> String {
        var bytes: [UInt8] = []
        append(value, digits: digits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the number's text to `bytes` (an export builds each row in one buffer).
    public static func append(_ value: Double, digits: Int, to bytes: inout [UInt8]) {
        guard value.isFinite, (0..<scales.count).contains(digits), value.magnitude < 1e12 else {
            bytes.append(contentsOf: String(format: "%.\(digits)f", value).utf8)
            return
        }
        let exact = value.magnitude * scales[digits]
        let fraction = exact - exact.rounded(.down)
        guard exact < 1e15, abs(fraction - 0.5) > max(1e-6, exact * 1e-15) else {
            bytes.append(contentsOf: String(format: "%.\(digits)f", value).utf8)
            return
        }
        let scaled = UInt64(exact.rounded(.toNearestOrEven))
        if value.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        appendDigits(scaled, decimals: digits, to: &bytes)
    }

    /// Appends `micros` as seconds with six decimals (a UTC time, about 1.8e9 s, is past what
    /// the scaled path takes).
    public static func appendSeconds(micros: UInt64, to bytes: inout [UInt8]) {
        appendDigits(micros, decimals: 6, to: &bytes)
    }

    /// Appends a whole number.
    public static func append(_ value: some BinaryInteger, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude), decimals: 0, to: &bytes)
    }

    /// `scaled` written with its last `decimals` digits after a point (at least one digit before it).
    private static func appendDigits(_ scaled: UInt64, decimals: Int, to bytes: inout [UInt8]) {
        var rest = scaled
        var count = 0
        repeat { count += 1; rest /= 10 } while rest > 0 || count <= decimals
        let start = bytes.count
        for _ in 0..<count + (decimals > 0 ? 1 : 0) { bytes.append(UInt8(ascii: "0")) }
        var index = bytes.count
        rest = scaled
        for _ in 0..<decimals {
            index -= 1
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        if decimals > 0 { index -= 1; bytes[index] = UInt8(ascii: ".") }
        while index > start {
            index -= 1
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
