import Foundation
import GRDB

/// One session in the library: where its recording is and what its review found, so the list
/// and the progress page need no replay.
public struct LibrarySession: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "session"

    public var id: Int64?
    /// The recording's absolute path.
    public var path: String
    /// When the recording began, ISO 8601 (UTC), and as µs since 1970 (for ordering).
    public var created: String
    public var createdMicros: Int64
    public var glove: String
    public var trainee: String?
    public var ageMonths: Double
    public var ageBand: String
    /// Length of the recording and massage time in it, seconds.
    public var seconds: Double
    public var massageSeconds: Double
    public var score: Int
    public var warnings: Int
    /// The main faults, most points lost first (the review's improvements' titles).
    public var faults: [String]
    /// Points per part of the score, by name.
    public var parts: [String: Double]
    /// What was wrong with the file when it was added, if anything.
    public var notes: [String]

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// `created`, as a date.
    public var date: Date { Date(timeIntervalSince1970: Double(createdMicros) / 1e6) }
}
