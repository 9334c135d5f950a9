import TenderfootWire

/// Why talking to a glove failed. Each case's description is one line that says
/// what happened and what to do about it.
///
/// The cases fall in the classes libserialport uses: the caller's mistake
/// (`invalidArgument`), the operating system's refusal (`noSuchPort`,
/// `permissionDenied`, `portBusy`, `system`), the device's behaviour
/// (`notAGlove`, `noAnswer`, `commandRejected`, `deviceVanished`, a replay's `endOfRecording`) and missing
/// support (`unsupported`).
public enum LinkError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSuchPort(String)
    case permissionDenied(String)
    case portBusy(String)
    case notAGlove(String)
    case noAnswer(port: String, command: String)
    case commandRejected(command: String, result: AckResult)
    case deviceVanished(String)
    /// A recording being replayed has no more bytes: the normal end of a replay.
    case endOfRecording(String)
    case unsupported(String)
    /// The glove is not the reference glove this version reads (five force channels, a 12-bit ADC).
    case notTheReferenceGlove(port: String, serial: String, forceChannels: UInt8, adcBits: UInt8)
    case invalidArgument(String)
    /// `--port auto` (or `usb:auto`) found no glove, or more than one: what it found and what to give.
    case noGloveChosen(String)
    case system(operation: String, port: String, errno: Errno)

    public var description: String {
        switch self {
        case .noSuchPort(let port):
            "no such port: \(port) — plug the glove in, then run `tenderfoot devices` to see its port"
        case .permissionDenied(let port):
            "permission denied on \(port) — add yourself to the dialout group (sudo usermod -aG dialout $USER, then log in again) or install Support/udev/60-tenderfoot-glove.rules"
        case .portBusy(let port):
            "\(port) is in use by another program — close it (another tenderfoot, screen, minicom, a modem manager) and try again"
        case .notAGlove(let port):
            "no valid glove frames from \(port) within 2 s — is this a Tenderfoot glove? run `tenderfoot devices` to find the glove's port"
        case .noAnswer(let port, let command):
            "the glove on \(port) did not answer \(command) — unplug it, plug it back in and try again"
        case .commandRejected(let command, let result):
            "the glove refused \(command): \(result) — check the rate (the glove takes 100 to 2000 Hz) or update its firmware"
        case .deviceVanished(let port):
            "the glove on \(port) disappeared — check the cable; everything received until then is kept"
        case .endOfRecording(let name):
            "the recording \(name) ended"
        case .unsupported(let what):
            "not supported: \(what)"
        case .notTheReferenceGlove(let port, let serial, let channels, let bits):
            "the glove \(serial) on \(port) has \(channels) force channel\(channels == 1 ? "" : "s") and a \(bits)-bit ADC; this Tenderfoot reads the reference glove (\(DeviceInfo.referenceForceChannels) channels, \(DeviceInfo.referenceADCBits)-bit) — use a reference glove, or a Tenderfoot release that supports this one"
        case .invalidArgument(let what):
            "invalid argument: \(what)"
        case .noGloveChosen(let what):
            what
        case .system(let operation, let port, let errno):
            "\(operation) failed on \(port): \(errno) — check the port with `tenderfoot devices`"
        }
    }

    /// The error for `errno` from opening `port`.
    static func opening(_ port: String, _ errno: Errno) -> LinkError {
        switch errno {
        case .noSuchFile, .noDevice, .noDeviceOrAddress: .noSuchPort(port)
        case .permissionDenied, Errno(rawValue: 1): .permissionDenied(port)
        case .busy: .portBusy(port)
        default: .system(operation: "open", port: port, errno: errno)
        }
    }
}
