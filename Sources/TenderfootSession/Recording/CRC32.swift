/// CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320): the check on every recording chunk.
/// Slicing by 8: eight bytes per step through eight tables (an hour's recording is 130 MB).
enum CRC32 {
    /// tables[k][b]: the CRC of byte b followed by k zero bytes.
    static let tables: [[UInt32]] = {
        var tables = [(0..<256).map { index -> UInt32 in
            var crc = UInt32(index)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            return crc
        }]
        for k in 1..<8 {
            tables.append((0..<256).map { index in
                let previous = tables[k - 1][index]
                return (previous >> 8) ^ tables[0][Int(previous & 0xFF)]
            })
        }
        return tables
    }()

    static func checksum(_ parts: UnsafeRawBufferPointer...) -> UInt32 {
        var running = Running()
        for part in parts { running.add(part) }
        return running.value
    }

    /// A CRC taken over pieces, as they are read.
    struct Running {
        private var crc: UInt32 = 0xFFFF_FFFF

        /// The CRC of everything added so far.
        var value: UInt32 { crc ^ 0xFFFF_FFFF }

        mutating func add(_ part: UnsafeRawBufferPointer) {
            let t = CRC32.tables
            var index = 0
            let count = part.count
            while count - index >= 8 {
                let low = crc ^ (UInt32(part[index]) | UInt32(part[index + 1]) << 8 | UInt32(part[index + 2]) << 16
                    | UInt32(part[index + 3]) << 24)
                crc = t[7][Int(low & 0xFF)] ^ t[6][Int((low >> 8) & 0xFF)] ^ t[5][Int((low >> 16) & 0xFF)] ^ t[4][Int(low >> 24)]
                    ^ t[3][Int(part[index + 4])] ^ t[2][Int(part[index + 5])] ^ t[1][Int(part[index + 6])] ^ t[0][Int(part[index + 7])]
                index += 8
            }
            while index < count {
                crc = (crc >> 8) ^ t[0][Int((crc ^ UInt32(part[index])) & 0xFF)]
                index += 1
            }
        }
    }
}
