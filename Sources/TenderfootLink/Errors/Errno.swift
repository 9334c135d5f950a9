import Glibc

/// An operating-system error number, as returned by a failed call.
public struct Errno: RawRepresentable, Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: CInt
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// The error of the call that just failed on this thread. Read it in the same expression as the call.
    static var current: Errno { Errno(rawValue: errno) }

    public static let noSuchFile = Errno(rawValue: ENOENT)
    public static let permissionDenied = Errno(rawValue: EACCES)
    public static let busy = Errno(rawValue: EBUSY)
    public static let interrupted = Errno(rawValue: EINTR)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let ioError = Errno(rawValue: EIO)
    public static let noDevice = Errno(rawValue: ENODEV)
    public static let noDeviceOrAddress = Errno(rawValue: ENXIO)
    public static let badFile = Errno(rawValue: EBADF)
    public static let notATerminal = Errno(rawValue: ENOTTY)
    public static let isFolder = Errno(rawValue: EISDIR)
    /// A pipe, a device or a socket where a file read at offsets was wanted.
    public static let notSeekable = Errno(rawValue: ESPIPE)

    /// Errors that mean the device behind a descriptor is gone.
    public var meansDeviceGone: Bool {
        self == .ioError || self == .noDevice || self == .noDeviceOrAddress || self == .badFile
    }

    public var description: String { String(cString: strerror(rawValue)) }
}
