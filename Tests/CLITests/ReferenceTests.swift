import Foundation
import Testing
import TestSupport

/// An instructor's reference over the product's serial path: the virtual glove plays the shipped
/// six-month session, `reference` derives a rules file, and `rules --check` and `live --rules` take it.
@Suite(.serialized) struct ReferenceTests {
    @Test func anInstructorsReferenceBecomesARulesFile() throws {
        let output = Fixtures.temporary(".rules.json")
        let (glove, port) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("instructor-6m.json"), "--seed", "8"])
        let reference = try BuiltBinary.run(["reference", "--port", port, "--age-months", "6", "--duration", "34",
                                             "--instructor", "Ms Test", "--output", output])
        glove.stop()
        #expect(reference.status == 0, "\(reference.stderr)")
        for technique in ["stroking", "rubbing", "kneading", "vibration", "tapping", "pressing"] {
            #expect(reference.lines.contains { $0.hasPrefix("  \(technique) ") && $0.contains("fingertip") }, "\(technique)")
        }
        #expect(reference.stdout.contains("Wrote \(output)."))

        let check = try BuiltBinary.run(["rules", "--check", output, "--age-months", "6"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.lines.first?.hasPrefix("Reference of Ms Test") == true)
        #expect(check.stdout.contains("source: reference: “6-12 months: "))

        let (practice, practicePort) = try BackgroundProcess.virtualGlove(["--scenario", Fixtures.path("gentle-2m.json")])
        let live = try BuiltBinary.run(["live", "--port", practicePort, "--age-months", "6", "--json", "--duration", "1",
                                        "--rules", output])
        practice.stop()
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.lines.first?.contains("\"rules\":\"Reference of Ms Test") == true)
    }

    @Test(arguments: [
        (["reference", "--port", "/dev/null", "--age-months", "6", "--output", "x.json", "--margin", "5"], "--margin 5.0 is out of range"),
        (["reference", "--port", "/dev/null", "--age-months", "6"], "Missing expected argument '--output <output>'"),
        (["reference", "--port", "/dev/ttyACM97", "--age-months", "6", "--output", "x.json"], "no such port"),
    ])
    func badReferenceInvocationsSayWhatToDo(arguments: [String], message: String) throws {
        let result = try BuiltBinary.run(arguments)
        #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
    }
}
