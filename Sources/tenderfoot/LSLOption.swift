import ArgumentParser
import Foundation
import TenderfootFaces

/// `--lsl` and `--lsl-library`, shared by the commands that can publish a session live on the
/// Lab Streaming Layer. liblsl is loaded in `validate()`, so a missing library is said before
/// the checklist or the glove.
struct LSLOption: ParsableArguments {
    @Flag(help: "Publish the session on the Lab Streaming Layer while it runs: a stream of the samples (newtons, g, deg/s) and a marker stream of the events, for LabRecorder or any LSL inlet. Needs liblsl (see --lsl-library).")
    var lsl = false

    @Option(name: .customLong("lsl-library"), help: "liblsl to load for --lsl (default: $TENDERFOOT_LSL_LIBRARY, else liblsl.so.2 or liblsl.so from the system; `pip install pylsl` brings one in its lib folder).")
    var lslLibrary: String?

    /// The library's path to load: the option, else the environment's (nil: the system's).
    var libraryPath: String? { lslLibrary ?? ProcessInfo.processInfo.environment["TENDERFOOT_LSL_LIBRARY"] }

    func check() throws {
        guard lsl else {
            if lslLibrary != nil { throw ValidationError("--lsl-library goes with --lsl") }
            return
        }
        do { try LSLOutlets.check(libraryPath: libraryPath) } catch { throw ValidationError(error.description) }
    }
}
