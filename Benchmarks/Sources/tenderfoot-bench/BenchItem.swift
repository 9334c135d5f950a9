import TenderfootWire

/// An item the rings carry in the benchmark: made from a counter, summed back to check nothing was lost.
protocol BenchItem: BitwiseCopyable {
    static var size: Int32 { get }
    static var label: String { get }
    init(_ i: UInt64)
    var key: UInt64 { get }
}

extension UInt64: BenchItem {
    static var size: Int32 { 8 }
    static var label: String { "8-byte" }
    var key: UInt64 { self }
}

extension Sample: BenchItem {
    static var size: Int32 { Int32(MemoryLayout<Sample>.stride) }
    static var label: String { "sample (\(MemoryLayout<Sample>.stride) B)" }
    init(_ i: UInt64) {
        self.init(sequence: UInt16(truncatingIfNeeded: i), deviceTimeMicros: i, force: .zero, accel: .zero, gyro: .zero)
    }
    var key: UInt64 { deviceTimeMicros }
}
