import TenderfootFaces

/// How a channel's frames reached its pages: how many were sent, how many a slow page lost
/// (its queue was full: each frame is the whole state, so the next one mends it), and, for each
/// frame a page says it has drawn, the time from its newest sample's arrival at the host to the
/// page's report of the draw, on the server's clock (so the page's clock never enters).
struct DeliveryStats: Sendable {
    /// Frames whose newest sample's arrival is remembered, for the pages' reports.
    static let remembered = 256
    /// Draw times kept (beyond: the oldest half is let go).
    static let keptLatencies = 1 << 20

    private(set) var framesSent: UInt64 = 0
    private(set) var framesDropped: UInt64 = 0
    private var arrivals = [(seq: UInt64, arrivalMicros: UInt64)](repeating: (UInt64.max, 0), count: remembered)
    private var latenciesMicros: [UInt64] = []

    mutating func sent(seq: UInt64, arrivalMicros: UInt64) {
        framesSent += 1
        arrivals[Int(seq % UInt64(Self.remembered))] = (seq, arrivalMicros)
    }

    mutating func dropped() { framesDropped += 1 }

    /// A page drew frame `seq`; `nowMicros` is the host's clock as its report arrived.
    mutating func drawn(seq: UInt64, nowMicros: UInt64) {
        let remembered = arrivals[Int(seq % UInt64(Self.remembered))]
        guard remembered.seq == seq, remembered.arrivalMicros > 0, nowMicros >= remembered.arrivalMicros else { return }
        if latenciesMicros.count >= Self.keptLatencies { latenciesMicros.removeFirst(Self.keptLatencies / 2) }
        latenciesMicros.append(nowMicros - remembered.arrivalMicros)
    }

    /// The figures as a JSON object: the glove's channel `id` and its `pages`, frames, drops,
    /// and the draw latency's count, p50 and p99 (ms).
    func json(id: String, pages: Int) -> String {
        var line = JSONLine()
        line.add("id", id)
        line.add("pages", pages)
        line.add("frames_sent", framesSent)
        line.add("frames_dropped", framesDropped)
        let sorted = latenciesMicros.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
        }
        line.add("drawn", sorted.count)
        line.add("draw_latency_p50_ms", percentile(0.5), digits: 2)
        line.add("draw_latency_p99_ms", percentile(0.99), digits: 2)
        return line.text
    }
}
