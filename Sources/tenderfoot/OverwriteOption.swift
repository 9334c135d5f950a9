import ArgumentParser
import Foundation
import TenderfootLink

/// `--force`, shared by every command that writes a file: without it, an existing file is
/// refused before any work is done (so a session is never practised into a file that cannot be kept).
struct OverwriteOption: ParsableArguments {
    @Flag(help: "Replace an output file that already exists (without it, an existing file is refused).")
    var force = false

    var existing: OutputFile.Existing { force ? .replace : .refuse }

    /// Refuses `path` (given as `flag`) when a file is already there and `--force` was not given.
    func check(_ path: String?, flag: String) throws {
        guard let path, let refusal = OutputFile.refusal(path, existing: existing) else { return }
        throw ValidationError(refusal.isExistingFile ? "\(flag) \(refusal)" : "\(flag): \(refusal)")
    }

    /// Writes `text` as the whole of the file at `path` (a page), atomically: a failed write
    /// leaves whatever was there before. Readable by its owner only, like the recordings: a
    /// report, a progress page or a reference names trainees.
    func write(_ text: String, to path: String) throws(WriteError) {
        let file = try OutputFile(creating: path, existing: existing, permissions: 0o600, atomically: true)
        try file.write(text)
        try file.close()
    }
}
