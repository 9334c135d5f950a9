import Foundation
import Testing
@testable import TenderfootRing

/// A sample-sized item (40 bytes) whose fields all derive from one counter, so a torn or reordered copy shows.
struct Wide: Equatable, BitwiseCopyable {
    var a: UInt64, b: UInt64, c: UInt64, d: UInt64, e: UInt64
    init(_ n: UInt64) { a = n; b = n &* 3; c = ~n; d = n &+ 7; e = n ^ 0x5555 }
    var isConsistent: Bool { b == a &* 3 && c == ~a && d == a &+ 7 && e == a ^ 0x5555 }
}

@Suite struct SPSCRingEdgeTests {
    @Test func emptyAndFullEdges() {
        let ring = SPSCRing<Int>(capacity: 4)
        #expect(ring.pop() == nil)
        for value in 0..<4 { #expect(ring.push(value)) }
        #expect(ring.count == 4)
        #expect(!ring.push(99))
        #expect(ring.droppedCount == 1)
        for value in 0..<4 { #expect(ring.pop() == value) }
        #expect(ring.pop() == nil)
        #expect(ring.push(5))
        #expect(ring.pop() == 5)
        #expect(ring.droppedCount == 1)
    }

    /// For every starting offset of the indices, fill to every level and drain, one at a time and in batches.
    @Test(arguments: [2, 8, 16])
    func everyWrapAroundPosition(capacity: Int) {
        for offset in 0..<capacity {
            for fill in 0...capacity {
                let ring = SPSCRing<Int>(capacity: capacity)
                for value in 0..<offset { ring.push(value) }
                for _ in 0..<offset { _ = ring.pop() }
                // Batch push straddling the end of the slot array.
                let items = Array(1000..<(1000 + fill))
                let pushed = items.withUnsafeBufferPointer { ring.push(contentsOf: $0) }
                #expect(pushed == fill)
                #expect(ring.count == fill)
                var out = [Int](repeating: -1, count: capacity + 1)
                let popped = out.withUnsafeMutableBufferPointer { ring.pop(into: $0) }
                #expect(popped == fill)
                #expect(Array(out.prefix(popped)) == items, "offset \(offset) fill \(fill)")
                // One at a time, across the same boundary.
                for value in 0..<fill { ring.push(value) }
                for value in 0..<fill { #expect(ring.pop() == value) }
                #expect(ring.pop() == nil)
                #expect(ring.droppedCount == 0)
            }
        }
    }

    @Test func aBatchThatDoesNotFitKeepsWhatFitsAndCountsTheRest() {
        let ring = SPSCRing<Int>(capacity: 8)
        for value in 0..<5 { ring.push(value) }
        let pushed = Array(100..<110).withUnsafeBufferPointer { ring.push(contentsOf: $0) }
        #expect(pushed == 3)
        #expect(ring.droppedCount == 7)
        var out = [Int](repeating: 0, count: 16)
        let popped = out.withUnsafeMutableBufferPointer { ring.pop(into: $0) }
        #expect(Array(out.prefix(popped)) == [0, 1, 2, 3, 4, 100, 101, 102])
    }

    @Test func tryPushRefusesWithoutCounting() {
        let ring = SPSCRing<Int>(capacity: 2)
        #expect(ring.tryPush(1) && ring.tryPush(2))
        #expect(!ring.tryPush(3))
        #expect([4, 5].withUnsafeBufferPointer { ring.tryPush(contentsOf: $0) } == 0)
        #expect(ring.droppedCount == 0)
        #expect(ring.pop() == 1)
        #expect([6, 7].withUnsafeBufferPointer { ring.tryPush(contentsOf: $0) } == 1)
        #expect(ring.droppedCount == 0)
    }

    @Test func capacityMustBeAPowerOfTwo() async {
        await #expect(processExitsWith: .failure) { _ = SPSCRing<Int>(capacity: 6) }
    }
}

@Suite struct SPSCRingThreadTests {
    static let itemCount: UInt64 = 10_000_000

    /// Two threads move ten million items; the consumer checks every value and the order.
    @Test func tenMillionItemsOneAtATime() async {
        let ring = SPSCRing<UInt64>(capacity: 1024)
        let producer = Thread {
            var next: UInt64 = 0
            while next < Self.itemCount {
                if ring.tryPush(next) { next += 1 } else { sched_yield() }
            }
        }
        producer.start()
        var expected: UInt64 = 0
        while expected < Self.itemCount {
            if let value = ring.pop() {
                #expect(value == expected)
                if value != expected { return }
                expected += 1
            }
        }
        #expect(ring.pop() == nil)
    }

    @Test func tenMillionWideItemsInBatches() async {
        let ring = SPSCRing<Wide>(capacity: 4096)
        let producer = Thread {
            var next: UInt64 = 0
            var batch = [Wide](repeating: Wide(0), count: 64)
            while next < Self.itemCount {
                let n = Int(min(64, Self.itemCount - next))
                for index in 0..<n { batch[index] = Wide(next + UInt64(index)) }
                var sent = 0
                while sent < n {
                    // Retry only what did not fit, from where it stopped.
                    let pushed = batch.withUnsafeBufferPointer { ring.tryPush(contentsOf: UnsafeBufferPointer(rebasing: $0[sent..<n])) }
                    sent += pushed
                    if sent < n { sched_yield() }
                }
                next += UInt64(n)
            }
        }
        producer.start()
        var expected: UInt64 = 0
        var out = [Wide](repeating: Wide(0), count: 100)
        var bad = 0
        while expected < Self.itemCount {
            let n = out.withUnsafeMutableBufferPointer { ring.pop(into: $0) }
            for item in out.prefix(n) {
                if item.a != expected || !item.isConsistent { bad += 1 }
                expected += 1
            }
        }
        #expect(bad == 0)
        #expect(ring.droppedCount == 0)
    }

    /// With a consumer that never reads, a producer that never waits drops and counts everything past the capacity.
    @Test func aFullRingDropsAndCountsWithoutBlockingTheProducer() {
        let ring = SPSCRing<UInt64>(capacity: 64)
        var accepted = 0
        for value in 0..<10_000 as Range<UInt64> where ring.push(value) { accepted += 1 }
        #expect(accepted == 64)
        #expect(ring.droppedCount == 10_000 - 64)
    }
}
