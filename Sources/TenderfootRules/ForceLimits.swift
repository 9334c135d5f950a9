/// Maximum force per fingertip and in total for a baby's age band.
///
/// PROVISIONAL DEFAULTS. No published study gives infant massage forces in newtons. These
/// numbers are the project's own starting point, rising with age from 1 N per fingertip in
/// the first three months (a soft stroke: the article says "The skin on the feet of the
/// newborn thin, delicate. Therefore, you should not make great efforts", and up to a year
/// "performing extremely light stroking") to about 6 N over three years. They are meant to be
/// edited, and an instructor's recorded reference replaces them.
public struct ForceLimits: Sendable, Equatable {
    public var perFingertipNewtons: Double
    public var totalNewtons: Double
    /// Always true for the shipped numbers; shown on screen.
    public var provisional: Bool

    public init(perFingertipNewtons: Double, totalNewtons: Double, provisional: Bool) {
        self.perFingertipNewtons = perFingertipNewtons
        self.totalNewtons = totalNewtons
        self.provisional = provisional
    }

    /// The shipped provisional defaults for stroking, by age band.
    public static func provisionalDefault(for band: AgeBand) -> ForceLimits {
        switch band {
        case .upTo3Months: ForceLimits(perFingertipNewtons: 1.0, totalNewtons: 3.0, provisional: true)
        case .upTo6Months: ForceLimits(perFingertipNewtons: 1.5, totalNewtons: 4.5, provisional: true)
        case .upTo12Months: ForceLimits(perFingertipNewtons: 2.5, totalNewtons: 7.5, provisional: true)
        case .upTo3Years: ForceLimits(perFingertipNewtons: 4.0, totalNewtons: 12.0, provisional: true)
        case .over3Years: ForceLimits(perFingertipNewtons: 6.0, totalNewtons: 18.0, provisional: true)
        }
    }
}
