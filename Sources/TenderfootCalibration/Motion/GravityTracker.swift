/// Where "up" is in glove axes, from gyroscope and accelerometer fusion (a complementary
/// filter): the gyroscope turns the estimate at once, and the accelerometer pulls it back
/// toward the measured specific force with a one-second time constant, only while the hand is
/// not accelerating much (the reading is within 0.15 g of gravity's size). For its first half
/// second it trusts the accelerometer ten times more, to settle from a standing start.
public struct GravityTracker: Sendable {
    /// Unit vector pointing up (away from the doll), glove axes.
    public private(set) var up = Vector(0, 0, 1)
    /// The size of gravity as this accelerometer reads it, g.
    public let gravityG: Double
    private var started = false
    private var settling = 0.0
    static let timeConstant = 1.0
    static let settlingSeconds = 0.5

    public init(gravityG: Double = 1) { self.gravityG = gravityG }

    /// One sample: body rate in rad/s (bias removed), acceleration in g, interval in seconds.
    public mutating func update(omega: Vector, accelG: Vector, dt: Double) {
        guard started else {
            up = accelG.normalized
            started = accelG.length > 0.5
            return
        }
        up = (up - omega.cross(up) * dt).normalized
        if abs(accelG.length - gravityG) < 0.15 {
            settling += dt
            let constant = settling < Self.settlingSeconds ? Self.timeConstant / 10 : Self.timeConstant
            let k = dt / (constant + dt)
            up = (up + (accelG.normalized - up) * k).normalized
        }
    }

    /// The hand's own acceleration (gravity removed), g, glove axes.
    public func linear(_ accelG: Vector) -> Vector { accelG - up * gravityG }
}
