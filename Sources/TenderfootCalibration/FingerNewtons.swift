import TenderfootWire

/// Calibrated force at each fingertip, newtons, thumb to little finger.
public typealias FingerNewtons = FiveFingers<Double>
