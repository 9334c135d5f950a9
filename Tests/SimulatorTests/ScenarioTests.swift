import Foundation
import TenderfootAnalysis
import Testing
@testable import TenderfootSimulator

@Suite struct ScenarioTests {
    @Test func everyShippedScenarioLoads() throws {
        #expect(Scenario.shippedNames.contains(Scenario.defaultName))
        #expect(Scenario.shippedNames.count >= 3)
        for name in Scenario.shippedNames {
            let scenario = try Scenario.named(name)
            #expect(scenario.seconds > 10, "\(name)")
        }
    }

    @Test func theDefaultScenarioHoldsTheDeliberateMistakes() throws {
        let scenario = try Scenario.named(Scenario.defaultName)
        let mistakes = Set(scenario.steps.flatMap { $0.mistakes ?? [] })
        #expect(mistakes == [.tooMuchForce, .wrongDirection, .notAllowedForAge])
        #expect(scenario.steps.first?.technique == .stroking && scenario.steps.first?.direction == .up)
    }

    @Test(arguments: [
        ("{", "is not valid JSON"),
        (#"{"format":"tenderfoot-scenario","version":1,"name":"x","description":"","age_months":2}"#, "missing \"steps\""),
        (#"{"format":"other","version":1,"name":"x","description":"","age_months":2,"steps":[]}"#, "\"format\" must be"),
        (#"{"format":"tenderfoot-scenario","version":2,"name":"x","description":"","age_months":2,"steps":[]}"#, "update Tenderfoot"),
        (#"{"format":"tenderfoot-scenario","version":1,"name":"x","description":"","age_months":2,"steps":[]}"#, "has no steps"),
        (#"{"format":"tenderfoot-scenario","version":1,"name":"x","description":"","age_months":2,"steps":[{"technique":"stroking","seconds":3}]}"#, "force_n must be above 0"),
        (#"{"format":"tenderfoot-scenario","version":1,"name":"x","description":"","age_months":2,"steps":[{"technique":"hugging","seconds":3}]}"#, "steps"),
        (#"{"format":"tenderfoot-scenario","version":1,"name":"x","description":"","age_months":2,"steps":[{"technique":"rubbing","seconds":3,"force_n":1,"pattern":"zigzag"}]}"#, "pattern must be"),
    ])
    func badScenariosAreRefusedWithAClearMessage(json: String, message: String) {
        #expect {
            _ = try Scenario.parse(Data(json.utf8), name: "bad.json")
        } throws: { error in
            let text = "\(error)"
            return text.contains(message) && text.contains("bad.json") && !text.contains("\n")
        }
    }

    @Test func unknownScenarioNamesListTheShippedOnes() {
        #expect { _ = try Scenario.named("no-such-scenario") } throws: { "\($0)".contains("first-session") }
    }

    /// The hand goes the way the scenario says: up the leg (+X) for "up", down for "down", and
    /// the truth labels the strokes accordingly.
    @Test func strokesMoveTheWayTheScenarioSays() {
        for direction in [StrokeDirection.up, .down] {
            let scenario = Scenario(name: "t", description: "", ageMonths: 2, steps: [
                .init(technique: .stroking, region: .leg, direction: direction, seconds: 10, forceN: 0.5)])
            let player = ScenarioPlayer(scenario: scenario)
            var moves: [Double] = []
            var last: HandState?
            for i in 0..<5000 {
                let state = player.state(at: Double(i) * 0.002)
                if let previous = last, state.inContact, previous.inContact, state.stroke == previous.stroke {
                    moves.append(state.position.x - previous.position.x)
                    #expect(state.direction == direction)
                }
                last = state
            }
            let travelled = moves.reduce(0, +)
            #expect(direction == .up ? travelled > 30 : travelled < -30)
        }
    }

    /// A palm on the doll takes its share of a stroke's force from every fingertip (the glove
    /// reads none of it), and has no part in the other techniques.
    @Test(arguments: [0.1, 0.3, 0.5])
    func aPalmOnTheDollTakesItsShareOfAStrokeFromTheFingertips(palm: Double) {
        var withPalm = HandProfile()
        withPalm.strokingPalmShare = palm
        withPalm.strokingThumbShare = 0.2
        var without = withPalm
        without.strokingPalmShare = 0
        for technique in [Technique.stroking, .kneading, .rubbing] {
            let scenario = Scenario(name: "t", description: "", ageMonths: 2, steps: [.init(technique: technique, region: .leg, seconds: 6, forceN: 0.5)])
            let (a, b) = (ScenarioPlayer(scenario: scenario, hand: withPalm), ScenarioPlayer(scenario: scenario, hand: without))
            for t in stride(from: 0.5, to: 5.5, by: 0.25) {
                let (read, whole) = (a.state(at: t).forces, b.state(at: t).forces)
                for finger in 0..<5 {
                    let wanted = technique == .stroking ? whole[finger] * (1 - palm) : whole[finger]
                    #expect(abs(read[finger] - wanted) < 1e-12, "\(technique) at \(t) s, finger \(finger): \(read[finger]) for \(wanted)")
                }
            }
        }
    }
}
