import Foundation
import Testing
import TenderfootCalibration
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
            Array(wire[offset..<end]).withUnsafeBytes { tap.append($0, hostMicros: RawByteTap.hostMicros()) }
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
        #expect(Array(recording.wireChunks).flatMap { Array($0.payload) } == wire)
        #expect(recording.events.count == 2)
    }

    /// Cut anywhere, a file still reads: every complete chunk, and where it was cut.
    @Test func aFileCutAtAnyByteReadsItsCompletePart() throws {
        let (path, wire) = try makeRecording(frames: 40)
        let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        let boundaries = chunkEnds(bytes)
        for cut in boundaries[0]..<bytes.count {
            let recording = try Recording.parse(Array(bytes[0..<cut]), name: "cut")
            let received = Array(recording.wireChunks).flatMap { Array($0.payload) }
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
        let received = Array(recording.wireChunks).flatMap { Array($0.payload) }
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

    /// A recording written chunk by chunk as a session writes it: the glove's frames in `chunks`
    /// wire chunks 0.3 s apart, an event after each, the end mark.
    func spacedRecording(chunks: Int = 12, header change: (inout RecordingHeader) -> Void = { _ in }) throws -> (bytes: [UInt8], wire: [[UInt8]]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).tfrec").path
        var header = RecordingHeader(softwareVersion: "test", info: info, port: "/dev/test", ageMonths: 2,
                                     calibration: "nominal sensor curve", calibrated: false)
        change(&header)
        let file = try RecordingFile(path: path, header: header)
        var wire: [[UInt8]] = []
        for index in 0..<chunks {
            var bytes: [UInt8] = []
            for frame in 0..<25 {
                let sequence = UInt16(index * 25 + frame)
                let sample = Sample(sequence: sequence, deviceTimeMicros: UInt64(sequence) * 2000,
                                    force: FingerCounts([UInt16(sequence % 4096), 1, 2, 3, 4]), accel: .zero, gyro: .zero)
                bytes += FrameEncoder.encode(.sample(sample), sequence: sequence)
            }
            let time = header.createdHostMicros + UInt64(index + 1) * 300_000
            file.append(.wire, hostMicros: time, payload: bytes)
            file.append(.event, hostMicros: time + 1, payload: Array(#"{"type":"status"}"#.utf8))
            wire.append(bytes)
        }
        try file.finish(hostMicros: header.createdHostMicros + UInt64(chunks + 1) * 300_000)
        return ([UInt8](FileManager.default.contents(atPath: path) ?? Data()), wire)
    }

    /// Where each chunk starts.
    func chunkStarts(_ bytes: [UInt8]) -> [Int] { [10] + chunkEnds(bytes).dropLast() }

    /// A flipped bit in any chunk's length loses that chunk only: never the rest of the file
    /// taken as cut off, never more than the one chunk.
    @Test func aLengthBitFlippedInAnyChunkLosesThatChunkOnly() throws {
        let (bytes, wire) = try spacedRecording()
        let starts = chunkStarts(bytes)
        for (index, start) in starts.enumerated() {
            for bit in 0..<32 {
                var damaged = bytes
                damaged[start + 3 + bit / 8] ^= UInt8(1 << (bit % 8))
                let recording = try Recording.parse(damaged, name: "flipped")
                let received = Array(recording.wireChunks).map { Array($0.payload) }
                // Chunks 0 and 1 are the header and its copy; then wire and event chunks alternate.
                let lostWire = index >= 2 && index < starts.count - 1 && index % 2 == 0 ? 1 : 0
                #expect(received.count == wire.count - lostWire, "chunk \(index), bit \(bit)")
                #expect(Set(received.map { $0 }).isSubset(of: Set(wire)), "chunk \(index), bit \(bit)")
                if index < starts.count - 1 {
                    #expect(recording.truncatedAtByte == nil, "chunk \(index), bit \(bit): not taken as the end of the file")
                    #expect(recording.skipped.count == 1 && recording.isComplete, "chunk \(index), bit \(bit)")
                }
                #expect(recording.header.glove.serial == info.serialNumber)
            }
        }
    }

    /// Any single bit flipped in the header chunk: the copy is read, and every sample with it.
    @Test func aHeaderBitFlippedIsReadFromItsCopy() throws {
        let (bytes, wire) = try spacedRecording(chunks: 3)
        let end = chunkEnds(bytes)[0]
        let original = try Recording.parse(bytes, name: "whole")
        #expect(!original.headerFromCopy)
        for byte in 10..<end {
            for bit in 0..<8 {
                var damaged = bytes
                damaged[byte] ^= UInt8(1 << bit)
                let recording = try Recording.parse(damaged, name: "flipped")
                #expect(recording.header == original.header, "byte \(byte), bit \(bit)")
                #expect(recording.headerFromCopy, "byte \(byte), bit \(bit)")
                #expect(Array(recording.wireChunks).map { Array($0.payload) } == wire, "byte \(byte), bit \(bit)")
                #expect(recording.notes(lastDeviceMicros: nil).contains("the recording's header was damaged: its copy was read"))
            }
        }
    }

    /// Header values no glove or session could have made are refused with what is wrong, as the
    /// calibration loader refuses such a profile; a format version no Tenderfoot wrote likewise.
    @Test func impossibleHeaderValuesAreRefused() throws {
        var zeroSlope = FSRCurve.nominal
        zeroSlope.siemensPerNewton = 0
        var negative = FSRCurve.nominal
        negative.activationNewtons = -1
        var belowActivation = FSRCurve.nominal
        belowActivation.saturationNewtons = -3
        let cases: [(String, (inout RecordingHeader) -> Void)] = [
            ("a sample rate of 10000000 Hz", { $0.glove.rateHz = 10_000_000 }),
            ("a sample rate of 2147483648 Hz", { $0.glove.rateHz = 1 << 31 }),
            ("a sample rate of 0 Hz", { $0.glove.rateHz = 0 }),
            ("the baby's age as -5.0 months", { $0.ageMonths = -5 }),
            ("an impossible force curve for the thumb", { $0.curves = [zeroSlope] + Array(repeating: .nominal, count: 4) }),
            ("an impossible force curve for the ring", { $0.curves = Array(repeating: .nominal, count: 3) + [negative, .nominal] }),
            ("an impossible force curve for the little", { $0.curves = Array(repeating: .nominal, count: 4) + [belowActivation] }),
            ("holds 2 force curves, not five", { $0.curves = [.nominal, .nominal] }),
            ("impossible motion sensor scale", { $0.glove.accelLSBPerG = 0 }),
        ]
        for (problem, change) in cases {
            let (bytes, _) = try spacedRecording(chunks: 2, header: change)
            #expect { _ = try Recording.parse(bytes, name: "hostile.tfrec") } throws: {
                "\($0)".hasPrefix("hostile.tfrec's header") && "\($0)".contains(problem) && "\($0)".hasSuffix("not made by Tenderfoot")
            }
        }
        var zero = RecordingFormat.magic
        zero += [0, 0]
        #expect { _ = try Recording.parse(zero, name: "v0.tfrec") } throws: { "\($0)".contains("recording format 0, which no Tenderfoot wrote") }
    }

    /// 50 MB of sync bytes in the middle: one damaged stretch, one note, and the chunks after it read.
    @Test func aLongRunOfJunkIsOneDamagedStretch() throws {
        let (bytes, wire) = try spacedRecording(chunks: 4)
        let starts = chunkStarts(bytes)
        let cut = starts[4]
        var junk = [UInt8](repeating: RecordingFormat.sync[1], count: 50 << 20)
        junk.withUnsafeMutableBufferPointer { bytes in for index in stride(from: 0, to: bytes.count, by: 2) { bytes[index] = RecordingFormat.sync[0] } }
        let damaged = Array(bytes[..<cut]) + junk + Array(bytes[cut...])
        let recording = try Recording.parse(damaged, name: "junk")
        #expect(recording.skipped.count == 1 && recording.skipped.first?.count == junk.count)
        #expect(Array(recording.wireChunks).map { Array($0.payload) } == wire)
        let notes = recording.notes(lastDeviceMicros: nil)
        #expect(notes == ["skipped a damaged stretch of \(junk.count) bytes at byte \(cut); the rest was used"])
    }

    /// Whole chunks lost at the start or before the end mark, or moved out of order, are each said.
    @Test func chunksMissingAtEitherEndOrOutOfOrderAreNoted() throws {
        let (bytes, wire) = try spacedRecording(chunks: 16)
        let starts = chunkStarts(bytes)
        let ends = chunkEnds(bytes)
        // Chunks 2..<16 are the first seven wire chunks and their events: the first wire chunk
        // left comes 2.4 s after the header.
        let lostStart = Array(bytes[..<starts[2]]) + Array(bytes[starts[16]...])
        let first = try Recording.parse(lostStart, name: "start")
        #expect(Array(first.wireChunks).count == wire.count - 7)
        #expect(first.notes(lastDeviceMicros: nil) == ["the first 2.4 s of the recording are missing (the file lost its first chunks)"],
                "\(first.notes(lastDeviceMicros: nil))")
        // The last four wire chunks and their events before the end mark: 1.5 s, within a writer's pause.
        let endMark = starts.count - 1
        let lostEnd = Array(bytes[..<starts[endMark - 8]]) + Array(bytes[starts[endMark]...])
        #expect(try Recording.parse(lostEnd, name: "end").notes(lastDeviceMicros: nil) == [String]())
        // Eight: 2.7 s.
        let lostMore = Array(bytes[..<starts[endMark - 16]]) + Array(bytes[starts[endMark]...])
        #expect(try Recording.parse(lostMore, name: "end").notes(lastDeviceMicros: nil)
                == ["the last 2.7 s before the recording's end mark are missing (the file lost chunks there)"])
        // Two wire chunks swapped: read back in order, and said.
        let a = Array(bytes[starts[4]..<ends[4]]), b = Array(bytes[starts[6]..<ends[6]])
        let swapped = Array(bytes[..<starts[4]]) + b + Array(bytes[ends[4]..<starts[6]]) + a + Array(bytes[ends[6]...])
        let reordered = try Recording.parse(swapped, name: "swapped")
        #expect(Array(reordered.wireChunks).map { Array($0.payload) } == wire)
        #expect(reordered.notes(lastDeviceMicros: nil) == ["1 chunks of the recording were out of time order: they were put back in order"])
    }
}
