import Foundation

/// Builds one JSON object with its keys in the order given (JSONEncoder would sort or scramble them).
public struct JSONLine {
    public private(set) var text = "{"
    private var empty = true

    public init() {}

    public mutating func add(_ key: String, _ value: String) { field(key, quoted(value)) }
    public mutating func add(_ key: String, _ value: Bool) { field(key, value ? "true" : "false") }
    public mutating func add(_ key: String, _ value: some BinaryInteger) { field(key, "\(value)") }
    public mutating func add(_ key: String, _ value: (some BinaryInteger)?) { field(key, value.map { "\($0)" } ?? "null") }
    public mutating func add(_ key: String, _ value: Double, digits: Int = 3) {
        field(key, value.isFinite ? DecimalText.fixed(value, digits: digits) : "null")
    }
    public mutating func add(_ key: String, _ values: [Double], digits: Int = 3) {
        field(key, Self.array(values.map { DecimalText.fixed($0, digits: digits) }))
    }
    /// Adds a value that is already JSON.
    public mutating func add(_ key: String, json: String) { field(key, json) }
    public mutating func add(_ key: String, _ values: [some BinaryInteger]) {
        field(key, Self.array(values.map { "\($0)" }))
    }

    public mutating func add(_ key: String, _ values: [String]) {
        field(key, Self.array(values.map(quoted)))
    }

    public mutating func add(_ key: String, _ values: [Bool]) { field(key, Self.array(values.map { $0 ? "true" : "false" })) }

    /// Adds an array of values that are already JSON (objects each built by a `JSONLine` of its own).
    public mutating func add(_ key: String, objects: [String]) { field(key, Self.array(objects)) }

    /// A JSON array of values that are already JSON.
    public static func array(_ values: [String]) -> String { "[" + values.joined(separator: ",") + "]" }

    private mutating func field(_ key: String, _ json: String) {
        if text.hasSuffix("}") { text.removeLast() }
        text += (empty ? "" : ",") + quoted(key) + ":" + json + "}"
        empty = false
    }

    private func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
