import TenderfootRing

/// Tenderfoot's ring in the same measurements as the boost side (see CBoostSPSC.h).
enum SwiftRing {
    static let capacity = 4096

    static func singleThreadNanos<T: BenchItem>(_: T.Type, n: UInt64) -> UInt64 {
        let ring = SPSCRing<T>(capacity: capacity)
        var sum: UInt64 = 0
        let start = nowNanos()
        for i in 0..<n {
            ring.push(T(i))
            sum &+= ring.pop()!.key
        }
        let elapsed = nowNanos() - start
        return sum == 42 ? 0 : elapsed
    }

    static func crossThreadNanos<T: BenchItem>(_: T.Type, n: UInt64, batch: Int) -> UInt64 {
        let ring = SPSCRing<T>(capacity: capacity)
        let go = StartFlag()
        let producer = Worker {
            go.wait()
            if batch == 1 {
                for i in 0..<n {
                    let item = T(i)
                    while !ring.tryPush(item) {}
                }
            } else {
                let items = UnsafeMutableBufferPointer<T>.allocate(capacity: batch)
                defer { items.deallocate() }
                var i: UInt64 = 0
                while i < n {
                    let count = Int(min(UInt64(batch), n - i))
                    for k in 0..<count { items[k] = T(i + UInt64(k)) }
                    var sent = 0
                    while sent < count {
                        sent += ring.tryPush(contentsOf: UnsafeBufferPointer(rebasing: items[sent..<count]))
                    }
                    i += UInt64(count)
                }
            }
        }
        var sum: UInt64 = 0
        var received: UInt64 = 0
        let start = nowNanos()
        go.raise()
        if batch == 1 {
            while received < n {
                if let item = ring.pop() { sum &+= item.key; received += 1 }
            }
        } else {
            let out = UnsafeMutableBufferPointer<T>.allocate(capacity: batch)
            defer { out.deallocate() }
            while received < n {
                let got = ring.pop(into: out)
                for k in 0..<got { sum &+= out[k].key }
                received += UInt64(got)
            }
        }
        let elapsed = nowNanos() - start
        producer.join()
        return sum == n * (n - 1) / 2 ? elapsed : 0
    }

    static func pingPong<T: BenchItem>(_: T.Type, roundTrips: Int) -> [UInt64] {
        let there = SPSCRing<T>(capacity: capacity)
        let back = SPSCRing<T>(capacity: capacity)
        let echo = Worker {
            for _ in 0..<roundTrips {
                var item: T?
                repeat { item = there.pop() } while item == nil
                while !back.tryPush(item!) {}
            }
        }
        var latencies = [UInt64](repeating: 0, count: roundTrips)
        for i in 0..<roundTrips {
            let start = nowNanos()
            while !there.tryPush(T(UInt64(i))) {}
            while back.pop() == nil {}
            latencies[i] = nowNanos() - start
        }
        echo.join()
        return latencies
    }
}
