import Foundation
import Testing
import TenderfootAnalysis
import TenderfootRules
@testable import TenderfootSimulator

/// Limits derived from an instructor's own hands: near the instructor's forces times the margin,
/// quiet for a trainee who works like the instructor, and warning one who presses much harder.
@Suite(.serialized) struct InstructorReferenceTests {
    static let months = 6.0

    /// The run's samples, then its events (pending samples wait for the episode that covers them).
    func reference(_ run: AnalysisRun) -> InstructorReference {
        var reference = InstructorReference()
        for (truth, newtons) in zip(run.truth, run.newtons) { reference.add(newtons, deviceTimeMicros: truth.micros) }
        for event in run.events { reference.take(event) }
        return reference
    }

    @Test func limitsComeFromTheInstructorsForces() throws {
        let scenario = try Scenario.named("six-months")
        let run = try AnalysisRun(scenario: scenario, serial: "TFG-INSTR-0001", seed: 21, hand: HandProfile(seed: 21))
        let reference = reference(run)
        let book = try reference.rules(from: .shipped, months: Self.months, instructor: "Test", recorded: Date())
        let shown = Set(reference.measured.map(\.technique))
        #expect(shown.isSuperset(of: [.stroking, .rubbing, .kneading, .vibration, .tapping, .pressing]))
        for measured in reference.measured {
            let limit = book.limit(measured.technique, months: Self.months)
            #expect(abs(limit.fingertipNewtons - measured.fingertipNewtons * 1.25) < 0.01)
            // The instructor's firmest fingertip in the scenario: its force times the hand's.
            let step = try #require(scenario.steps.first { $0.technique == measured.technique })
            #expect(abs(measured.fingertipNewtons - step.forceN) < 0.45 * step.forceN, "\(measured.technique)")
        }
        // Another band keeps the shipped limits; the file says where its limits come from.
        #expect(book.limit(.stroking, months: 1) == RuleBook.shipped.limit(.stroking, months: 1))
        #expect(book.name.hasPrefix("Reference of Test"))
        #expect(book.force.cite.contains { $0.source == "reference" } && book.sources["reference"] != nil)
        let speed = try #require(reference.strokeSpeedCmS)
        #expect(book.speed.maxCmS == (speed * 1.25 * 100).rounded() / 100)
    }

    @Test func aTraineeLikeTheInstructorIsQuietAndAHeavyOneIsWarned() throws {
        let scenario = try Scenario.named("six-months")
        let instructor = try AnalysisRun(scenario: scenario, serial: "TFG-INSTR-0001", seed: 21, hand: HandProfile(seed: 21))
        let book = try reference(instructor).rules(from: .shipped, months: Self.months, instructor: "Test", recorded: Date())
        let alike = try AnalysisRun(scenario: scenario, serial: "TFG-TRAIN-0002", seed: 22, hand: HandProfile(seed: 21), rules: book)
        #expect(alike.warnings.filter { $0.0.rule == .force }.isEmpty)
        var heavy = scenario
        for index in heavy.steps.indices { heavy.steps[index].forceN *= 1.8 }
        let pressing = try AnalysisRun(scenario: heavy, serial: "TFG-TRAIN-0002", seed: 22, hand: HandProfile(seed: 21), rules: book)
        #expect(pressing.warnings.filter { $0.0.rule == .force }.count >= 5)
    }

    @Test func nothingShownIsRefusedWithWhatToDo() {
        let empty = InstructorReference()
        #expect(throws: RulesError.self) { try empty.rules(from: .shipped, months: 6, instructor: "x", recorded: Date()) }
    }
}
