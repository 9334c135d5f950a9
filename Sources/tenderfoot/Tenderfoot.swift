import ArgumentParser
import Glibc
import TenderfootLink
import TenderfootSession

/// The `tenderfoot` command: the root of every subcommand.
@main
struct Tenderfoot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenderfoot",
        abstract: "Pressure-feedback trainer for infant foot-and-leg massage, with a sensing glove.",
        discussion: "Tenderfoot trains technique on a doll; it makes no medical claims.",
        version: TenderfootVersion.string,
        subcommands: [Demo.self, Live.self, Classroom.self, Calibrate.self, Reference.self, Replay.self, Report.self, Sessions.self, Rules.self, Simulate.self, Export.self, Devices.self, Dump.self])

    /// Runs the command. A closed pipe and a file-size limit are write errors, not signals that
    /// kill without a word; output that could not be written fails the command with one line.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            try? StandardStreams.flushOutput()
            if let unknown = UnknownOption.find(in: Array(CommandLine.arguments.dropFirst()), root: Self.self) {
                StandardStreams.error("Error: \(unknown)")
                Glibc.exit(ExitCode.validationFailure.rawValue)
            }
            exit(withError: error)
        }
        do {
            try StandardStreams.flushOutput()
        } catch {
            StandardStreams.error("Error: \(error)")
            Glibc.exit(1)
        }
    }
}

