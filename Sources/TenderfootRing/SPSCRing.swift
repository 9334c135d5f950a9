import Atomics

/// A lock-free, fixed-capacity, single-producer single-consumer ring buffer:
/// the hand-off of decoded samples from the reader thread to the analysis thread.
///
/// Exactly one thread may call the producer methods (`push`, `push(contentsOf:)`)
/// and exactly one thread the consumer methods (`pop`, `pop(into:)`); any thread
/// may read `droppedCount` and `count`. The capacity is a power of two, fixed at
/// creation; nothing allocates after `init`. The producer never waits: when the
/// ring is full the item is dropped and counted in `droppedCount`.
///
/// Memory (one 128-byte-aligned allocation, so the two sides never share a cache
/// line, nor the adjacent line the hardware prefetches with it):
///
///     offset 0    producer line   tail (atomic) | cachedHead | dropped (atomic)
///     offset 128  consumer line   head (atomic) | cachedTail
///     offset 256  slots           [0] [1] ... [capacity - 1]
///
/// `head` and `tail` count items ever popped and pushed; they only grow, and a
/// slot is `index & (capacity - 1)`:
///
///       head                 tail
///        v                    v
///     [ . | a | b | c | d | . | . | . ]      count = tail - head
///
/// Invariants (checked with `assert` in debug builds):
/// - `0 <= tail - head <= capacity`;
/// - the slots `head ..< tail` hold items, the rest are free;
/// - only the producer stores `tail` and `dropped`, only the consumer stores `head`;
/// - `cachedHead <= head` and `cachedTail <= tail`: a side's cached copy of the
///   other's index is never ahead of it, so a stale copy can only under-report
///   space or items, never over-report them.
///
/// Orderings: a side loads its own index `relaxed` (only it writes it), the
/// other's index `acquiring` (to see the slots it published), and stores its own
/// index `releasing` (to publish its slots). There is no read-modify-write.
public final class SPSCRing<Element: BitwiseCopyable>: @unchecked Sendable {
    public let capacity: Int
    @usableFromInline let mask: Int
    @usableFromInline let memory: UnsafeMutableRawPointer
    @usableFromInline let slots: UnsafeMutablePointer<Element>
    @usableFromInline let tail: UnsafeAtomic<Int>
    @usableFromInline let dropped: UnsafeAtomic<UInt64>
    @usableFromInline let head: UnsafeAtomic<Int>
    /// The producer's copy of `head`, reloaded only when the ring looks full.
    @usableFromInline let cachedHead: UnsafeMutablePointer<Int>
    /// The consumer's copy of `tail`, reloaded only when the ring looks empty.
    @usableFromInline let cachedTail: UnsafeMutablePointer<Int>

    @usableFromInline static var lineSize: Int { 128 }

    /// A ring holding up to `capacity` items; `capacity` must be a power of two, at least 2.
    public init(capacity: Int) {
        precondition(capacity >= 2 && capacity & (capacity - 1) == 0, "capacity must be a power of two >= 2")
        self.capacity = capacity
        self.mask = capacity - 1
        let line = Self.lineSize
        let slotBytes = capacity * MemoryLayout<Element>.stride
        let memory = UnsafeMutableRawPointer.allocate(byteCount: 2 * line + slotBytes + line, alignment: line)
        self.memory = memory
        let atomicSize = MemoryLayout<UnsafeAtomic<Int>.Storage>.stride
        func atomic<Value>(at offset: Int, _ value: Value) -> UnsafeAtomic<Value> {
            let storage = (memory + offset).bindMemory(to: UnsafeAtomic<Value>.Storage.self, capacity: 1)
            storage.initialize(to: UnsafeAtomic<Value>.Storage(value))
            return UnsafeAtomic(at: storage)
        }
        tail = atomic(at: 0, 0)
        dropped = atomic(at: 2 * atomicSize, UInt64(0))
        head = atomic(at: line, 0)
        cachedHead = (memory + atomicSize).bindMemory(to: Int.self, capacity: 1)
        cachedTail = (memory + line + atomicSize).bindMemory(to: Int.self, capacity: 1)
        cachedHead.initialize(to: 0)
        cachedTail.initialize(to: 0)
        slots = (memory + 2 * line).bindMemory(to: Element.self, capacity: capacity)
    }

    deinit {
        memory.deallocate()
    }

    // MARK: Producer

    /// Adds `item` if there is room; otherwise drops it, counts it in
    /// `droppedCount` and returns false. Producer thread only. Never waits.
    @inlinable
    @discardableResult
    public func push(_ item: Element) -> Bool {
        if tryPush(item) { return true }
        countDropped(1)
        return false
    }

    /// Adds as many of `items` as fit, in order, publishing them together; the
    /// rest are dropped and counted. Returns how many were added. Producer thread only.
    @inlinable
    @discardableResult
    public func push(contentsOf items: UnsafeBufferPointer<Element>) -> Int {
        let added = tryPush(contentsOf: items)
        if added < items.count { countDropped(items.count - added) }
        return added
    }

    /// Adds `item` if there is room and returns whether it did; counts nothing.
    /// For a producer that would rather retry than drop. Producer thread only.
    @inlinable
    public func tryPush(_ item: Element) -> Bool {
        let t = tail.load(ordering: .relaxed)
        if t - cachedHead.pointee == capacity {
            cachedHead.pointee = head.load(ordering: .acquiring)
            checkInvariants(tail: t, head: cachedHead.pointee)
            if t - cachedHead.pointee == capacity { return false }
        }
        (slots + (t & mask)).initialize(to: item)
        tail.store(t &+ 1, ordering: .releasing)
        return true
    }

    /// Adds as many of `items` as fit, in order, publishing them together, and
    /// returns how many; counts nothing. Producer thread only.
    @inlinable
    public func tryPush(contentsOf items: UnsafeBufferPointer<Element>) -> Int {
        guard let source = items.baseAddress, !items.isEmpty else { return 0 }
        let t = tail.load(ordering: .relaxed)
        var free = capacity - (t - cachedHead.pointee)
        if free < items.count {
            cachedHead.pointee = head.load(ordering: .acquiring)
            checkInvariants(tail: t, head: cachedHead.pointee)
            free = capacity - (t - cachedHead.pointee)
        }
        let n = min(free, items.count)
        guard n > 0 else { return 0 }
        let start = t & mask
        let first = min(n, capacity - start)
        (slots + start).initialize(from: source, count: first)
        if n > first { slots.initialize(from: source + first, count: n - first) }
        tail.store(t &+ n, ordering: .releasing)
        return n
    }

    @inlinable
    func countDropped(_ n: Int) {
        // Only the producer writes `dropped`: a relaxed load and store, no read-modify-write.
        dropped.store(dropped.load(ordering: .relaxed) &+ UInt64(n), ordering: .relaxed)
    }

    // MARK: Consumer

    /// Removes and returns the oldest item, or nil if the ring is empty. Consumer thread only.
    @inlinable
    public func pop() -> Element? {
        let h = head.load(ordering: .relaxed)
        if h == cachedTail.pointee {
            cachedTail.pointee = tail.load(ordering: .acquiring)
            checkInvariants(tail: cachedTail.pointee, head: h)
            if h == cachedTail.pointee { return nil }
        }
        let item = slots[h & mask]
        head.store(h &+ 1, ordering: .releasing)
        return item
    }

    /// Moves up to `destination.count` of the oldest items into `destination`,
    /// in order, freeing their slots together. Returns how many. Consumer thread only.
    @inlinable
    public func pop(into destination: UnsafeMutableBufferPointer<Element>) -> Int {
        guard let target = destination.baseAddress, !destination.isEmpty else { return 0 }
        let h = head.load(ordering: .relaxed)
        var available = cachedTail.pointee - h
        if available < destination.count {
            cachedTail.pointee = tail.load(ordering: .acquiring)
            checkInvariants(tail: cachedTail.pointee, head: h)
            available = cachedTail.pointee - h
        }
        let n = min(available, destination.count)
        guard n > 0 else { return 0 }
        let start = h & mask
        let first = min(n, capacity - start)
        target.initialize(from: slots + start, count: first)
        if n > first { (target + first).initialize(from: slots, count: n - first) }
        head.store(h &+ n, ordering: .releasing)
        return n
    }

    // MARK: Any thread

    /// Items dropped because the ring was full, since creation.
    public var droppedCount: UInt64 { dropped.load(ordering: .relaxed) }

    /// Items in the ring at some moment during the call (exact when both sides are idle).
    public var count: Int {
        let h = head.load(ordering: .acquiring)
        let t = tail.load(ordering: .acquiring)
        return max(0, min(capacity, t - h))
    }

    @inlinable
    func checkInvariants(tail t: Int, head h: Int) {
        assert(t - h >= 0 && t - h <= capacity, "SPSCRing invariant broken: tail \(t) head \(h) capacity \(capacity)")
    }
}
