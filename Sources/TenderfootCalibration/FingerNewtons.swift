/// Calibrated force at each fingertip, newtons, thumb to little finger.
public struct FingerNewtons: Sendable, Equatable, BitwiseCopyable {
    public var thumb = 0.0, index = 0.0, middle = 0.0, ring = 0.0, little = 0.0

    public init() {}

    public init(_ values: [Double]) {
        precondition(values.count == 5, "five fingers")
        for finger in 0..<5 { self[finger] = values[finger] }
    }

    public subscript(finger: Int) -> Double {
        get {
            switch finger {
            case 0: thumb
            case 1: index
            case 2: middle
            case 3: ring
            case 4: little
            default: preconditionFailure("finger \(finger) out of 0...4")
            }
        }
        set {
            switch finger {
            case 0: thumb = newValue
            case 1: index = newValue
            case 2: middle = newValue
            case 3: ring = newValue
            case 4: little = newValue
            default: preconditionFailure("finger \(finger) out of 0...4")
            }
        }
    }

    public var total: Double { thumb + index + middle + ring + little }
    public var array: [Double] { [thumb, index, middle, ring, little] }
}
