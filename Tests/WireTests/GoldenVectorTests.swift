import Testing
import TestSupport
@testable import TenderfootWire

@Suite struct GoldenVectorTests {
    let vectors = try! GoldenVector.load()

    @Test func crcCheckValue() throws {
        let check = try #require(vectors.first { $0.name == "crc_check" })
        #expect(CRC16.checksum(hexBytes(check.fields["input_hex"]!)) == UInt16(check.fields["crc"]!, radix: 16))
        #expect(CRC16.checksum(Array("123456789".utf8)) == 0x29B1)
    }

    @Test func everyFrameTypeHasAVector() {
        let types = Set(vectors.compactMap { $0.fields["type"] })
        #expect(types == ["sample", "device_info", "status", "ack", "log", "identify", "start", "stop", "get_status"])
    }

    @Test func encoderProducesTheGoldenBytes() {
        for vector in vectors where vector.fields["type"] != nil {
            let bytes = FrameEncoder.encode(vector.message, sequence: vector.int("seq"))
            #expect(bytes == vector.wire, "\(vector.name)")
        }
    }

    @Test func decoderReadsTheGoldenValues() {
        for vector in vectors where vector.fields["type"] != nil {
            let decoder = FrameDecoder()
            let frames = decoder.feed(vector.wire)
            #expect(frames == [Frame(sequence: vector.int("seq"), message: vector.message)], "\(vector.name)")
            #expect(decoder.counters.dropped == 0, "\(vector.name)")
        }
    }

    @Test func badFramesAreCountedByTheirReasonAndTheNextGoodFrameDecodes() throws {
        let good = try #require(vectors.first { $0.name == "sample_pressing" })
        let bad = vectors.filter { $0.fields["invalid"] != nil }
        #expect(Set(bad.map { $0.fields["invalid"]! }) == ["crc", "cobs", "version", "length", "unknown_type", "overlong"])
        for vector in bad {
            let decoder = FrameDecoder()
            let frames = decoder.feed(vector.wire + good.wire)
            #expect(frames.map(\.message) == [good.message], "\(vector.name)")
            let counts = Dictionary(uniqueKeysWithValues: decoder.counters.named)
            #expect(counts[vector.fields["invalid"]!] == 1, "\(vector.name)")
            #expect(decoder.counters.dropped == 1, "\(vector.name)")
        }
    }
}
