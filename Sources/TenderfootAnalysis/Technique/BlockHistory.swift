import TenderfootCalibration

/// The last 1.6 seconds of the session in 10 ms blocks (samples averaged per block), the
/// classifier's raw material. Fixed capacity, allocated once; the newest block overwrites the
/// oldest.
///
/// ```
///   slot:   0   1   2  ...  head-1 | head ... capacity-1
///           newer blocks ----------^ oldest block (next to overwrite)
/// ```
struct BlockHistory {
    static let blockSeconds = 0.01
    static let capacity = 160

    /// Total force, newtons.
    var total: [Double]
    /// The most loaded finger's share of the total (1 when a single finger carries it).
    var dominantShare: [Double]
    /// 1 when the hand was in contact at the block's end.
    var contact: [Double]
    /// 1 when the thumb and another finger were both in contact (a pinch).
    var pinch: [Double]
    /// The hand's own acceleration (gravity removed), g, glove axes.
    var motion: [Vector]
    private(set) var head = 0
    private(set) var filled = 0
    /// Over the blocks held: how many were in contact, and of those, the sum of pinch and of
    /// dominant share. Kept as blocks come and go, re-added once per lap against drift.
    private(set) var contactCount = 0.0
    private(set) var pinchSum = 0.0
    private(set) var dominantSum = 0.0

    init() {
        total = Array(repeating: 0, count: Self.capacity)
        dominantShare = Array(repeating: 0, count: Self.capacity)
        contact = Array(repeating: 0, count: Self.capacity)
        pinch = Array(repeating: 0, count: Self.capacity)
        motion = Array(repeating: .zero, count: Self.capacity)
    }

    mutating func append(total: Double, dominantShare: Double, contact: Bool, pinch: Bool, motion: Vector) {
        if filled == Self.capacity && self.contact[head] > 0 {
            contactCount -= 1
            pinchSum -= self.pinch[head]
            dominantSum -= self.dominantShare[head]
        }
        if contact {
            contactCount += 1
            pinchSum += pinch ? 1 : 0
            dominantSum += dominantShare
        }
        self.total[head] = total
        self.dominantShare[head] = dominantShare
        self.contact[head] = contact ? 1 : 0
        self.pinch[head] = pinch ? 1 : 0
        self.motion[head] = motion
        head = (head + 1) % Self.capacity
        filled = min(Self.capacity, filled + 1)
        if head == 0 { recount() }
        assert(filled <= Self.capacity && head < Self.capacity)
    }

    private mutating func recount() {
        contactCount = 0
        pinchSum = 0
        dominantSum = 0
        for slot in 0..<filled where contact[slot] > 0 {
            contactCount += 1
            pinchSum += pinch[slot]
            dominantSum += dominantShare[slot]
        }
    }

    /// The slot of the block `age` blocks ago (0 = the newest).
    func slot(age: Int) -> Int {
        assert(age < filled)
        let slot = head - 1 - age
        return slot < 0 ? slot + Self.capacity : slot
    }
}
