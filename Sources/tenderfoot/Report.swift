import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootFaces
import TenderfootRules
import TenderfootSession

/// `tenderfoot report`: one recorded session as a self-contained HTML page.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a recorded session's report: forces over time with the limits, techniques, warnings, leg strokes, structure, a score and what to improve, as one HTML file.")

    @Argument(help: "The recording.")
    var file: String

    @Option(name: [.short, .long], help: "The HTML file to write.")
    var output: String

    @Option(help: "An instructor's recording to compare with, technique by technique.")
    var instructor: String?

    @Option(name: .customLong("age-months"), help: "Judge for this age in months instead of the one recorded.")
    var ageMonths: Double?

    @Option(help: "Judge by this rules file instead of the shipped defaults.")
    var rules: String?

    @OptionGroup var recordingCalibration: RecordingCalibrationOption

    @OptionGroup var overwrite: OverwriteOption

    func validate() throws {
        try OptionChecks.ageMonths(ageMonths)
        try OptionChecks.htmlFile(output, "the report")
        try overwrite.check(output, flag: "-o")
    }

    func run() throws {
        let book = try rules.map { try RuleBook.load($0) } ?? .shipped
        var recording = try Recording.read(file)
        try recordingCalibration.apply(to: &recording)
        let reference = try instructor.map { try Recording.read($0) }
        let review = SessionReview.of(recording, name: file, rules: book, ageMonths: ageMonths)
        let instructorReview = reference.map { SessionReview.of($0, name: instructor!, rules: book, ageMonths: review.ageMonths) }
        let page = SessionReport(review: review, instructor: instructorReview, name: URL(fileURLWithPath: file).lastPathComponent).html
        try overwrite.write(page, to: output)
        for note in review.notes { StandardStreams.note(note) }
        print("Score \(review.score.total)/100 · \(review.warnings.count) warning\(review.warnings.count == 1 ? "" : "s") · report written to \(output)")
        for (index, item) in review.score.improvements.enumerated() { print("\(index + 1). \(item.title): \(item.detail)") }
    }
}
