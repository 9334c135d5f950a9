import Foundation
import TenderfootAnalysis

/// A fingertip, thumb to little finger: the glove's channel order.
public enum Finger: String, Codable, Sendable, CaseIterable {
    case thumb, index, middle, ring, little
    public var channel: Int { Finger.allCases.firstIndex(of: self)! }
}

/// A deliberate mistake a step contains, so the trainer's warnings can be checked against it.
public enum Mistake: String, Codable, Sendable {
    case tooMuchForce = "too_much_force"
    case wrongDirection = "wrong_direction"
    case notAllowedForAge = "not_allowed_for_age"
    case tooFast = "too_fast"
}

/// A scripted practice session for the virtual glove: a file in the documented format of
/// Docs/scenario-format.md (JSON).
public struct Scenario: Codable, Sendable, Equatable {
    public static let format = "tenderfoot-scenario"
    public static let version = 1

    /// One stretch of the session doing one technique.
    public struct Step: Codable, Sendable, Equatable {
        public var technique: Technique
        public var region: BodyRegion = .leg
        public var direction: StrokeDirection?
        public var seconds: Double
        /// Peak force per working fingertip, newtons.
        public var forceN: Double = 0
        public var fingers: [Finger]?
        /// Hand speed for strokes, cm/s.
        public var speedCmS: Double?
        /// Length of one stroke, cm.
        public var strokeCm: Double?
        /// Rhythm (taps, squeezes, circles, oscillation) in Hz.
        public var rateHz: Double?
        /// For rubbing: spiral (default), figure8 or circle.
        public var pattern: String?
        public var mistakes: [Mistake]?

        enum CodingKeys: String, CodingKey {
            case technique, region, direction, seconds, fingers, pattern, mistakes
            case forceN = "force_n", speedCmS = "speed_cm_s", strokeCm = "stroke_cm", rateHz = "rate_hz"
        }

        public init(technique: Technique, region: BodyRegion = .leg, direction: StrokeDirection? = nil,
                    seconds: Double, forceN: Double = 0, fingers: [Finger]? = nil, speedCmS: Double? = nil,
                    strokeCm: Double? = nil, rateHz: Double? = nil, pattern: String? = nil, mistakes: [Mistake]? = nil) {
            self.technique = technique; self.region = region; self.direction = direction; self.seconds = seconds
            self.forceN = forceN; self.fingers = fingers; self.speedCmS = speedCmS; self.strokeCm = strokeCm
            self.rateHz = rateHz; self.pattern = pattern; self.mistakes = mistakes
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            technique = try c.decode(Technique.self, forKey: .technique)
            region = try c.decodeIfPresent(BodyRegion.self, forKey: .region) ?? .leg
            direction = try c.decodeIfPresent(StrokeDirection.self, forKey: .direction)
            seconds = try c.decode(Double.self, forKey: .seconds)
            forceN = try c.decodeIfPresent(Double.self, forKey: .forceN) ?? 0
            fingers = try c.decodeIfPresent([Finger].self, forKey: .fingers)
            speedCmS = try c.decodeIfPresent(Double.self, forKey: .speedCmS)
            strokeCm = try c.decodeIfPresent(Double.self, forKey: .strokeCm)
            rateHz = try c.decodeIfPresent(Double.self, forKey: .rateHz)
            pattern = try c.decodeIfPresent(String.self, forKey: .pattern)
            mistakes = try c.decodeIfPresent([Mistake].self, forKey: .mistakes)
        }
    }

    public var format: String
    public var version: Int
    public var name: String
    public var description: String
    /// The baby's age the session is meant for, months.
    public var ageMonths: Double
    public var steps: [Step]

    enum CodingKeys: String, CodingKey {
        case format, version, name, description, steps
        case ageMonths = "age_months"
    }

    public init(name: String, description: String, ageMonths: Double, steps: [Step]) {
        self.format = Self.format
        self.version = Self.version
        self.name = name
        self.description = description
        self.ageMonths = ageMonths
        self.steps = steps
    }

    /// The whole session's length, seconds.
    public var seconds: Double { steps.reduce(0) { $0 + $1.seconds } }
}

/// Why a scenario file was refused; one line that says what to fix.
public struct ScenarioError: Error, CustomStringConvertible, Equatable {
    public var description: String
}

extension Scenario {
    /// Reads and checks a scenario file.
    public static func load(_ url: URL) throws(ScenarioError) -> Scenario {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ScenarioError(description: "cannot read scenario \(url.path) — check the path (shipped scenarios: \(Scenario.shippedNames.joined(separator: ", ")))")
        }
        return try parse(data, name: url.path)
    }

    public static func parse(_ data: Data, name: String) throws(ScenarioError) -> Scenario {
        let scenario: Scenario
        do {
            scenario = try JSONDecoder().decode(Scenario.self, from: data)
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw ScenarioError(description: "scenario \(name): \(path(context))\(context.debugDescription) — see Docs/scenario-format.md")
        } catch let DecodingError.dataCorrupted(context) {
            throw ScenarioError(description: "scenario \(name) is not valid JSON (\(context.debugDescription)) — see Docs/scenario-format.md")
        } catch let DecodingError.keyNotFound(key, context) {
            throw ScenarioError(description: "scenario \(name): \(path(context))missing \"\(key.stringValue)\" — see Docs/scenario-format.md")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ScenarioError(description: "scenario \(name): \(path(context))\(context.debugDescription) — see Docs/scenario-format.md")
        } catch {
            throw ScenarioError(description: "scenario \(name): \(error) — see Docs/scenario-format.md")
        }
        try scenario.validate(name: name)
        return scenario
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return keys.isEmpty ? "" : "at \(keys): "
    }

    func validate(name: String) throws(ScenarioError) {
        func fail(_ text: String) -> ScenarioError { ScenarioError(description: "scenario \(name): \(text)") }
        guard format == Self.format else { throw fail("\"format\" must be \"\(Self.format)\"") }
        guard version == Self.version else {
            throw fail("format version \(version) is not supported (this Tenderfoot reads version \(Self.version)) — update Tenderfoot")
        }
        guard !steps.isEmpty else { throw fail("has no steps") }
        guard (0...120).contains(ageMonths) else { throw fail("age_months must be 0 to 120") }
        for (index, step) in steps.enumerated() {
            let at = "step \(index + 1) (\(step.technique.rawValue))"
            guard step.seconds > 0, step.seconds <= 3600 else { throw fail("\(at): seconds must be above 0 and at most 3600") }
            guard (0...30).contains(step.forceN) else { throw fail("\(at): force_n must be 0 to 30 newtons") }
            if step.technique != .rest && step.forceN <= 0 { throw fail("\(at): force_n must be above 0") }
            if let speed = step.speedCmS, !(0.5...50).contains(speed) { throw fail("\(at): speed_cm_s must be 0.5 to 50") }
            if let rate = step.rateHz, !(0.2...30).contains(rate) { throw fail("\(at): rate_hz must be 0.2 to 30") }
            if let pattern = step.pattern, !["spiral", "figure8", "circle"].contains(pattern) {
                throw fail("\(at): pattern must be spiral, figure8 or circle")
            }
        }
    }
}
