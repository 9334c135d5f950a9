import Foundation
import Testing
@testable import TenderfootAnalysis
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
        // Derived limits are the instructor's, marked so; the others stay the shipped defaults.
        let band = book.band(months: Self.months).id
        for measured in reference.measured {
            #expect(book.force.limits[band]?[measured.technique.rawValue]?.instructor == "Test", "\(measured.technique)")
        }
        #expect(book.force.limits[book.band(months: 1).id]?.values.allSatisfy { $0.instructor == nil } == true)
        #expect(book.force.why?.contains("from Test's own forces") == true, "\(book.force.why ?? "")")
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
        // Judged by the instructor's own limit, a warning is not a provisional default's.
        let byTechnique = pressing.warnings.map(\.0).filter { $0.rule == .force && $0.basis?.reason == .technique }
        #expect(!byTechnique.isEmpty && byTechnique.allSatisfy { !$0.provisional && !$0.summary.contains("provisional") })
    }

    /// A technique seen but given no limit is said, with why.
    @Test func aTechniqueShownTooBrieflyIsSaidWithWhy() {
        var reference = InstructorReference()
        func episode(_ technique: Technique, from start: Double, seconds: Double) {
            reference.take(.episodeEnded(Episode(technique: technique, startMicros: UInt64(start * 1e6),
                                                 endMicros: UInt64((start + seconds) * 1e6), confidence: 0.9)))
        }
        episode(.pressing, from: 0, seconds: 1.2)
        episode(.pressing, from: 3, seconds: 1.2)
        episode(.rubbing, from: 6, seconds: 1.6)
        let reasons = Dictionary(uniqueKeysWithValues: reference.notDerived.map { ($0.technique, $0.reason) })
        #expect(reasons[.pressing]?.hasPrefix("seen for 2.4 s, but never for \(String(format: "%g", Coach.confirmSeconds)) s at a stretch") == true,
                "\(reasons)")
        #expect(reasons[.rubbing] == "shown for 1.6 s in all; 2 s are needed", "\(reasons)")
        #expect(reasons[.stroking] == nil, "a technique never seen is not listed")
    }

    @Test func nothingShownIsRefusedWithWhatToDo() {
        let empty = InstructorReference()
        #expect(throws: RulesError.self) { try empty.rules(from: .shipped, months: 6, instructor: "x", recorded: Date()) }
    }
}
