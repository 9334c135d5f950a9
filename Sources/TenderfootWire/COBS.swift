/// Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999), the standard
/// variant (not COBS/R). Encoded data never contains 0x00, so 0x00 delimits frames.
public enum COBS {
    /// The largest encoded size of `count` bytes, without the delimiter.
    public static func maxEncodedCount(_ count: Int) -> Int { count + count / 254 + 1 }

    /// Encodes `source` and appends it (without a delimiter) to `out`.
    public static func encode(_ source: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        var codeIndex = out.count
        out.append(0)  // placeholder for the first code byte
        var code: UInt8 = 1
        for byte in source {
            if byte == 0 {
                out[codeIndex] = code
                codeIndex = out.count
                out.append(0)
                code = 1
            } else {
                out.append(byte)
                code += 1
                if code == 0xFF {
                    out[codeIndex] = code
                    codeIndex = out.count
                    out.append(0)
                    code = 1
                }
            }
        }
        out[codeIndex] = code
    }

    /// Decodes `count` encoded bytes at `buffer` in place (the decoded form is
    /// never longer). Returns the decoded length, or nil if the bytes are not
    /// valid COBS (a zero byte, or a code that runs past the end).
    public static func unsafeDecodeInPlace(_ buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Int? {
        var read = 0
        var write = 0
        while read < count {
            let code = Int(buffer[read])
            if code == 0 || read + code > count { return nil }
            read += 1
            for _ in 1..<code {
                let byte = buffer[read]
                if byte == 0 { return nil }
                buffer[write] = byte
                write += 1
                read += 1
            }
            if code != 0xFF && read < count {
                buffer[write] = 0
                write += 1
            }
        }
        return write
    }
}
