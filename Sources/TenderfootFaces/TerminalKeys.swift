import Glibc

/// Keys pressed in the terminal, one at a time and without Enter: standard input in
/// non-canonical mode without echo while open, restored on `close`. For a player's controls.
public final class TerminalKeys {
    /// A key the player understands.
    public enum Key: Equatable, Sendable {
        case character(Character)
        case left, right, up, down
    }

    private var saved = termios()
    private var active = false
    private var pending: [UInt8] = []

    public init() {}

    /// Switches standard input to single keys; does nothing if it is not a terminal.
    public func open() {
        guard !active, isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else { return }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        active = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0
    }

    /// The keys pressed since the last call, waiting for none.
    public func pressed() -> [Key] {
        guard active else { return [] }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count > 0 { pending += buffer[0..<count] }
        return Self.parse(&pending)
    }

    /// Takes whole keys off the front of `bytes` (arrow keys are ESC [ A..D); leaves an incomplete escape.
    public static func parse(_ bytes: inout [UInt8]) -> [Key] {
        var keys: [Key] = []
        while let first = bytes.first {
            if first == 0x1B {
                guard bytes.count >= 3 else { break }
                if bytes[1] == UInt8(ascii: "[") || bytes[1] == UInt8(ascii: "O") {
                    switch bytes[2] {
                    case UInt8(ascii: "A"): keys.append(.up)
                    case UInt8(ascii: "B"): keys.append(.down)
                    case UInt8(ascii: "C"): keys.append(.right)
                    case UInt8(ascii: "D"): keys.append(.left)
                    default: break
                    }
                }
                bytes.removeFirst(3)
            } else {
                keys.append(.character(Character(Unicode.Scalar(first))))
                bytes.removeFirst()
            }
        }
        return keys
    }

    /// Restores the terminal as it was.
    public func close() {
        guard active else { return }
        active = false
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }
}
