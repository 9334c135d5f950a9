import ArgumentParser
import TenderfootSession

/// The `tenderfoot` command: the root of every subcommand.
@main
struct Tenderfoot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenderfoot",
        abstract: "Pressure-feedback trainer for infant foot-and-leg massage, with a sensing glove.",
        discussion: "Tenderfoot trains technique on a doll; it makes no medical claims.",
        version: TenderfootVersion.string,
        subcommands: [Demo.self, Live.self, Calibrate.self, Reference.self, Replay.self, Report.self, Sessions.self, Rules.self, Simulate.self, Export.self, Devices.self, Dump.self])
}

