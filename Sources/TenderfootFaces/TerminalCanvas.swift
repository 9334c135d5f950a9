import Glibc
import TenderfootLink

/// Draws full screens in a terminal without flicker: the alternate screen, the cursor hidden,
/// each frame written over the last in one write (home, lines each cleared to their end,
/// then the rest of the screen cleared). `close` restores the terminal as it was. Frames go
/// through an `OutputQueue`, so a paused or vanished terminal never holds the session up.
public final class TerminalCanvas {
    private var active = false
    let output: OutputQueue

    public init(output: OutputQueue) { self.output = output }

    /// Whether standard output is a terminal.
    public static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The terminal's width in columns, or nil when standard output is not a terminal.
    public static var columns: Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// The terminal's height in rows, or nil when standard output is not a terminal.
    public static var rows: Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    /// Whether to colour: not when `NO_COLOR` is set (no-color.org), nor on a terminal that
    /// says it has none (`TERM` unset or `dumb`).
    public static func colourWanted(environment: [String: String]) -> Bool {
        guard environment["NO_COLOR"].map({ $0.isEmpty }) ?? true else { return false }
        guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else { return false }
        return true
    }

    public func open() {
        guard !active else { return }
        active = true
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J")
    }

    public func draw(_ lines: [String], bell: Bool = false) {
        // No newline after the last line: on a screen's last row it would scroll the top away.
        var frame = "\u{1B}[H" + lines.map { $0 + "\u{1B}[K" }.joined(separator: "\r\n")
        frame += "\u{1B}[J"
        if bell { frame += "\u{07}" }
        write(frame)
    }

    public func close() {
        guard active else { return }
        active = false
        write("\u{1B}[?25h\u{1B}[?1049l")
    }

    private func write(_ text: String) { output.write(text) }
}
