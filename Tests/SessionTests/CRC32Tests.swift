import Testing
@testable import TenderfootSession

/// The sliced CRC-32 against the standard check value and a bit-at-a-time reference.
@Suite struct CRC32Tests {
    static func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    @Test func checkValue() {
        let bytes = Array("123456789".utf8)
        #expect(bytes.withUnsafeBytes { CRC32.checksum($0) } == 0xCBF4_3926)
    }

    @Test func everyLengthAndSplitAgreesWithTheReference() {
        var state: UInt32 = 12345
        let bytes = (0..<40).map { _ -> UInt8 in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
        for count in 0...bytes.count {
            let data = Array(bytes.prefix(count))
            let whole = data.withUnsafeBytes { CRC32.checksum($0) }
            #expect(whole == Self.reference(data), "length \(count)")
            let split = count / 3
            let parts = data.withUnsafeBytes { raw in
                CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[..<split]), UnsafeRawBufferPointer(rebasing: raw[split...]))
            }
            #expect(parts == whole, "length \(count) split at \(split)")
        }
    }
}
