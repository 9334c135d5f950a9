/// The gyroscope's bias on a glove whose motion was never calibrated, from the moments the hand
/// is still: a gyroscope on a still hand reads its bias, and a hand in the air between strokes
/// or resting between techniques is still for a fraction of a second again and again. A hand on
/// the doll is not used: it follows the leg's contour and turns with it, slowly and steadily,
/// which looks as quiet as stillness and is not. The body rate is taken in 0.2 s windows in the
/// air (a window with any contact is dropped); of the last `windowCount` windows, the quietest quarter (the least spread
/// within the window) are the still ones, and the bias is the median of their means, axis by
/// axis (a window caught in a slow turn is an outlier the median ignores). Until `firstWindows`
/// windows (2 s) have been seen it reads zero. Everything is allocated at creation.
public struct GyroBiasTracker: Sendable {
    static let windowSeconds = 0.2
    static let windowCount = 150
    static let firstWindows = 10
    private var means: [Vector]
    private var spreads: [Double]
    private var stored = 0
    private var next = 0
    private var sum = Vector.zero, squares = Vector.zero, seconds = 0.0
    private var touched = false
    /// Scratch space for choosing the quietest windows and their medians.
    private var order: [Int]
    private var column: [Double]
    /// The bias now, deg/s (or rad/s: whatever unit the rates are given in).
    public private(set) var bias = Vector.zero
    /// Whether enough still moments have been seen to say what the bias is.
    public var isKnown: Bool { stored >= Self.firstWindows }

    public init() {
        means = Array(repeating: .zero, count: Self.windowCount)
        spreads = Array(repeating: 0, count: Self.windowCount)
        order = Array(repeating: 0, count: Self.windowCount)
        column = Array(repeating: 0, count: Self.windowCount)
    }

    /// One reading of the body rate, `dt` seconds long, and whether the hand touched the doll.
    public mutating func add(_ rate: Vector, dt: Double, inContact: Bool) {
        sum += rate * dt
        squares += rate * rate * dt
        seconds += dt
        touched = touched || inContact
        guard seconds >= Self.windowSeconds else { return }
        defer { sum = .zero; squares = .zero; seconds = 0; touched = false }
        guard !touched else { return }
        let mean = sum / seconds
        let variance = squares / seconds - mean * mean
        means[next] = mean
        spreads[next] = max(variance.x, variance.y, variance.z, 0).squareRoot()
        next = (next + 1) % Self.windowCount
        stored = min(stored + 1, Self.windowCount)
        if stored >= Self.firstWindows { estimate() }
    }

    private mutating func estimate() {
        for index in 0..<stored { order[index] = index }
        // Insertion sort of the windows by spread (at most 150, once every 0.2 s).
        for index in 1..<max(1, stored) {
            let item = order[index]
            var place = index
            while place > 0 && spreads[order[place - 1]] > spreads[item] { order[place] = order[place - 1]; place -= 1 }
            order[place] = item
        }
        let quiet = max(1, stored / 4)
        var result = Vector.zero
        for axis in 0..<3 {
            for index in 0..<quiet { column[index] = means[order[index]][axis] }
            for index in 1..<max(1, quiet) {
                let item = column[index]
                var place = index
                while place > 0 && column[place - 1] > item { column[place] = column[place - 1]; place -= 1 }
                column[place] = item
            }
            result[axis] = quiet % 2 == 1 ? column[quiet / 2] : (column[quiet / 2 - 1] + column[quiet / 2]) / 2
        }
        bias = result
    }
}
