/// What a command prints with `print` (C's buffered standard output) and its notes on
/// standard error.
public enum StandardStreams {
    /// Writes what `print` buffered; throws if it, or any earlier write to standard output, failed.
    public static func flushOutput() throws(WriteError) {
        do { try PosixIO.flushStandardOutput() } catch { throw WriteError(error, path: "standard output") }
    }

    /// A note on standard error ("note: …"). Never fails: a closed standard error loses the note, not the command.
    public static func note(_ text: String) {
        PosixIO.writeStandardError("note: \(text)\n")
    }

    /// A line on standard error as it is.
    public static func error(_ line: String) {
        PosixIO.writeStandardError(line + "\n")
    }
}
