import MallocInterposerSwift
import TenderfootRing
import TenderfootWire

/// Counts heap allocations in steady state, with ordo-one's malloc interposer (LD_PRELOADed by `make bench`).
enum AllocationCount {
    /// Whether the interposer is really in the process: a known allocation must be counted.
    static var isActive: Bool {
        MallocInterposerSwift.initialize()
        let count = counting { _ = [UInt8](repeating: 1, count: 4096 + Int(nowNanos() % 7)) }
        return count > 0
    }

    static func counting(_ body: () -> Void) -> Int {
        MallocInterposerSwift.hook()
        body()
        MallocInterposerSwift.unhook()
        let stats = MallocInterposerSwift.getStatistics()
        MallocInterposerSwift.reset()
        return stats.mallocCount
    }

    /// Allocations while decoding `stream` with a decoder that already decoded once (steady state).
    static func decoder(_ stream: [UInt8]) -> (allocations: Int, frames: UInt64) {
        let decoder = FrameDecoder()
        _ = DecoderMeasurement.decode(Array(stream.prefix(4096)), with: decoder)
        let before = decoder.counters.frames
        let allocations = counting { _ = DecoderMeasurement.decode(stream, with: decoder) }
        return (allocations, decoder.counters.frames - before)
    }

    /// Allocations while moving `n` samples through a ring one at a time and in batches.
    static func ring(n: Int) -> Int {
        let ring = SPSCRing<Sample>(capacity: 4096)
        let batch = UnsafeMutableBufferPointer<Sample>.allocate(capacity: 64)
        defer { batch.deallocate() }
        batch.initialize(repeating: Sample(0))
        return counting {
            for i in 0..<n {
                ring.push(Sample(UInt64(i)))
                _ = ring.pop()
            }
            for _ in 0..<(n / 64) {
                ring.push(contentsOf: UnsafeBufferPointer(batch))
                _ = ring.pop(into: batch)
            }
        }
    }
}
