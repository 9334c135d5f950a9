import Foundation
import Testing
import TenderfootLink
import TenderfootWire
@testable import TenderfootSession

@Suite struct RecordingFormatTests {
    let info = DeviceInfo(firmware: FirmwareVersion(1, 0, 0), sampleRateHz: 500, serialNumber: "TFG-REC-0001", model: "Test")

    /// Writes a recording of `frames` sample frames (in chunks of 7 frames) and two events.
    func makeRecording(frames: Int) throws -> (path: String, wire: [UInt8]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).tfrec").path
        let tap = RawByteTap()
        let writer = try RecordingWriter(path: path, header: RecordingHeader(
            softwareVersion: "test", info: info, port: "/dev/test", ageMonths: 2, calibration: "nominal sensor curve", calibrated: false),
            tap: tap)
        var wire: [UInt8] = []
        for index in 0..<frames {
            let sample = Sample(sequence: UInt16(index), deviceTimeMicros: UInt64(index) * 2000,
                                force: FingerCounts([UInt16(index % 4096), 1, 2, 3, 4]), accel: .zero, gyro: .zero)
            let bytes = FrameEncoder.encode(.sample(sample), sequence: UInt16(index))
            wire += bytes
        }
        var offset = 0
        while offset < wire.count {
            let end = min(wire.count, offset + 7 * 34)
            Array(wire[offset..<end]).withUnsafeBytes { tap.append($0) }
            offset = end
        }
        writer.record(event: #"{"type":"warning","finger":"thumb","t_us":2000,"force_n":1.2,"limit_n":1.0}"#)
        writer.record(event: #"{"type":"link_ended","reason":"closed"}"#)
        writer.close()
        return (path, wire)
    }

    @Test func whatIsWrittenReadsBackExactly() throws {
        let (path, wire) = try makeRecording(frames: 300)
        let recording = try Recording.read(path)
        #expect(recording.header.glove.serial == "TFG-REC-0001")
        #expect(recording.header.ageMonths == 2 && recording.header.calibration == "nominal sensor curve")
        #expect(recording.isComplete && recording.truncatedAtByte == nil && recording.skipped.isEmpty)
        #expect(recording.wireChunks.flatMap { Array($0.payload) } == wire)
        #expect(recording.events.count == 2)
    }

    /// Cut anywhere, a file still reads: every complete chunk, and where it was cut.
    @Test func aFileCutAtAnyByteReadsItsCompletePart() throws {
        let (path, wire) = try makeRecording(frames: 40)
        let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        let boundaries = chunkEnds(bytes)
        for cut in boundaries[0]..<bytes.count {
            let recording = try Recording.parse(Array(bytes[0..<cut]), name: "cut")
            let received = recording.wireChunks.flatMap { Array($0.payload) }
            #expect(wire.starts(with: received), "cut at \(cut)")
            #expect(!recording.isComplete)
            #expect((recording.truncatedAtByte != nil) == !boundaries.contains(cut), "cut at \(cut)")
            #expect(recording.skipped.isEmpty)
        }
    }

    /// Where each chunk ends, walking the documented layout: after the 10-byte file start, each
    /// chunk is 15 bytes of sync, kind, length and time, the payload, and a 4-byte CRC.
    func chunkEnds(_ bytes: [UInt8]) -> [Int] {
        var ends: [Int] = []
        var offset = 10
        while offset < bytes.count {
            let length = Int(bytes[offset + 3]) | Int(bytes[offset + 4]) << 8 | Int(bytes[offset + 5]) << 16 | Int(bytes[offset + 6]) << 24
            offset += 15 + length + 4
            ends.append(offset)
        }
        return ends
    }

    @Test func aDamagedChunkIsSkippedAndTheRestIsUsed() throws {
        let (path, wire) = try makeRecording(frames: 300)
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        let middle = bytes.count / 2
        bytes[middle] ^= 0xFF
        let recording = try Recording.parse(bytes, name: "damaged")
        #expect(recording.skipped.count == 1)
        let received = recording.wireChunks.flatMap { Array($0.payload) }
        #expect(received.count < wire.count && received.count > wire.count / 2)
        #expect(recording.isComplete)
    }

    @Test func notARecordingOrANewerOneIsRefused() throws {
        #expect { _ = try Recording.parse(Array("hello, world".utf8), name: "notes.txt") } throws: {
            "\($0)".contains("is not a Tenderfoot recording")
        }
        var newer = RecordingFormat.magic
        newer += [2, 0]
        #expect { _ = try Recording.parse(newer, name: "new.tfrec") } throws: { "\($0)".contains("update Tenderfoot") }
        #expect { _ = try Recording.read("/nonexistent/x.tfrec") } throws: { "\($0)".contains("cannot read") }
    }
}
