import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootRules
import TenderfootWeb

/// `tenderfoot classroom`: every glove of a class at once, one browser page for the instructor.
struct Classroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a class: every glove at once, each with its own session and recording, shown on one browser page with a tile per trainee.",
        discussion: """
            Give each glove's port with --port (in order with --trainee and --age-months), or --port auto \
            for every glove connected, or a roster file with one glove a line: PORT, TRAINEE, AGE_MONTHS \
            (# starts a comment). Each session is recorded into the session library. A click on a tile \
            opens that trainee's full trainer page. Ctrl-C ends the class.
            """)

    @Option(name: .customLong("port"), help: "A glove's port (repeat for each glove), or auto for every glove connected.")
    var ports: [String] = []

    @Option(name: .customLong("trainee"), help: "A trainee's name (repeat, in the order of --port).")
    var trainees: [String] = []

    @Option(name: .customLong("age-months"), help: "The baby's age in months: one for every glove, or one per --port in order.")
    var ages: [Double] = []

    @Option(help: "A roster file: one glove a line, PORT, TRAINEE, AGE_MONTHS.")
    var roster: String?

    @Option(help: "Sample rate in Hz, 100 to 2000.")
    var rate: UInt16 = 500

    @Option(help: "End the class after this many seconds (default: until Ctrl-C).")
    var duration: Double?

    @Option(help: "Judge by this rules file instead of the shipped defaults (see `tenderfoot rules`).")
    var rules: String?

    @Option(help: "The session library's folder the recordings go to (default: $TENDERFOOT_DATA, else ~/.local/share/tenderfoot).")
    var library: String?

    @Flag(name: .customLong("skip-checklist"), help: "Do not show the contraindications checklist before the class.")
    var skipChecklist = false

    @Option(help: "How to open the ports: automatic, libserialport or termios.")
    var backend: SerialBackend = .automatic

    @OptionGroup var serving: WebServing

    func validate() throws {
        try serving.check()
        try OptionChecks.rate(rate)
        for age in ages { try OptionChecks.ageMonths(age) }
        if roster != nil {
            if !ports.isEmpty || !trainees.isEmpty || !ages.isEmpty { throw ValidationError("give --roster, or --port with --trainee and --age-months, not both") }
            return
        }
        guard !ports.isEmpty else { throw ValidationError("give each glove's --port (or --port auto, or --roster FILE)") }
        if ages.isEmpty { throw ValidationError("give the babies' --age-months") }
        if ports.contains("auto") {
            if ports.count > 1 { throw ValidationError("--port auto finds every glove: give it alone") }
            if !trainees.isEmpty || ages.count > 1 { throw ValidationError("with --port auto give one --age-months for all, no --trainee (use a roster to name them)") }
        } else {
            if !trainees.isEmpty && trainees.count != ports.count { throw ValidationError("give one --trainee per --port (\(ports.count)), or none") }
            if ages.count != 1 && ages.count != ports.count { throw ValidationError("give one --age-months for all, or one per --port (\(ports.count))") }
        }
    }

    func run() throws {
        let interrupt = InterruptFlag.installed()
        let book = try rules.map { try RuleBook.load($0) } ?? .shipped
        let gloves = try seats()
        let library = LibraryChoice(folder: library, save: true)
        _ = try library.open()  // made (or found) once, before the gloves' sessions each open it
        if !skipChecklist { Checklist(rules: book).show() }
        let classroom = TrainerRoster(classroom: true)
        let server = try serving.serve(classroom, what: "the classroom")
        defer { server.stop() }
        let failures = ClassroomFailures()
        let group = DispatchGroup()
        for (index, seat) in gloves.enumerated() {
            let loop = PracticeLoop(port: seat.port, backend: backend, ageMonths: seat.ageMonths, rateHz: rate, json: false, jsonSamples: false,
                                    duration: duration, quiet: true, recordPath: nil, trainee: seat.trainee, rules: book, checklist: false,
                                    library: library, reconnect: true,
                                    web: .classroom(classroom, id: String(index)), interrupt: interrupt)
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do { try loop.run() } catch { failures.add("\(seat.trainee ?? seat.port): \(error)") }
            }
            thread.name = "tenderfoot-classroom-\(index)"
            thread.start()
        }
        group.wait()
        let said = failures.all
        for line in said { StandardStreams.error("Error: \(line)") }
        if !said.isEmpty { throw ExitCode.failure }
    }

    /// One glove of the class: where it is, who wears it, and the baby's age.
    struct Seat {
        var port: String
        var trainee: String?
        var ageMonths: Double
    }

    /// The class's gloves from the roster file or the options, every port checked first.
    func seats() throws -> [Seat] {
        if let roster { return try Self.read(roster: roster).map { Seat(port: try DeviceDiscovery.resolve($0.port), trainee: $0.trainee, ageMonths: $0.ageMonths) } }
        let found = ports == ["auto"] ? try DeviceDiscovery.allGlovePorts() : try ports.map { try DeviceDiscovery.resolve($0) }
        return found.enumerated().map { index, port in
            Seat(port: port, trainee: trainees.isEmpty ? nil : trainees[index], ageMonths: ages.count == 1 ? ages[0] : ages[index])
        }
    }

    /// A roster file's seats: `PORT, TRAINEE, AGE_MONTHS` a line; blank lines and `#` comments skipped.
    static func read(roster path: String) throws -> [Seat] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RosterError(path: path, problem: .unreadable)
        }
        var seats: [Seat] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !content.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let fields = content.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty, let age = Double(fields[2]), OptionChecks.ageMonthsRange.contains(age) else {
                throw RosterError(path: path, problem: .badLine(number + 1, content))
            }
            seats.append(Seat(port: fields[0], trainee: fields[1], ageMonths: age))
        }
        guard !seats.isEmpty else { throw RosterError(path: path, problem: .empty) }
        return seats
    }
}

/// A roster file that cannot seat the class, said in one line with what to give instead.
struct RosterError: Error, CustomStringConvertible {
    fileprivate enum Problem {
        case unreadable
        case badLine(Int, String)
        case empty
    }

    let path: String
    fileprivate let problem: Problem

    var description: String {
        switch problem {
        case .unreadable: "cannot read the roster \(path): give a text file with one glove a line, PORT, TRAINEE, AGE_MONTHS"
        case .badLine(let number, let content):
            "the roster \(path) line \(number) is not PORT, TRAINEE, AGE_MONTHS (\(OptionChecks.ageMonthsRangeText)): \(content.trimmingCharacters(in: .whitespaces))"
        case .empty: "the roster \(path) names no glove: give one a line, PORT, TRAINEE, AGE_MONTHS"
        }
    }
}

/// What went wrong with the class's gloves, said when the class ends.
final class ClassroomFailures: Sendable {
    private let lines = Locked<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
