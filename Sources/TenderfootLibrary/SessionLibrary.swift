import Foundation
import GRDB
import TenderfootRules
import TenderfootSession

/// The trainee's recordings and their index: a data folder with a `recordings/` folder and an
/// SQLite index (`library.sqlite`) holding each session's date, glove, trainee, age, length,
/// score and main faults. Opening it creates or upgrades the index.
public final class SessionLibrary: Sendable {
    public let folder: String
    private let database: DatabaseQueue

    /// The folder used when none is given: $TENDERFOOT_DATA, else $XDG_DATA_HOME/tenderfoot, else ~/.local/share/tenderfoot.
    public static var defaultFolder: String {
        let environment = ProcessInfo.processInfo.environment
        if let data = environment["TENDERFOOT_DATA"], !data.isEmpty { return data }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/tenderfoot" }
        return FileManager.default.homeDirectoryForCurrentUser.path + "/.local/share/tenderfoot"
    }

    public var recordingsFolder: String { folder + "/recordings" }

    /// Opens (creating if need be) the library in `folder`.
    public init(folder: String = SessionLibrary.defaultFolder) throws(LibraryError) {
        self.folder = folder
        do {
            // Trainee names and their sessions: for the owner's eyes only (0700 folders, a 0600 index).
            try FileManager.default.createDirectory(atPath: folder + "/recordings", withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw LibraryError("cannot create the session library in \(folder) — check that it is writable, or set TENDERFOOT_DATA to another folder")
        }
        do {
            // Several sessions may end at once (a classroom, two terminals): a writer waits its turn.
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            database = try DatabaseQueue(path: folder + "/library.sqlite", configuration: configuration)
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/library.sqlite")
            try Self.migrator.migrate(database)
        } catch {
            throw LibraryError("the session library's index \(folder)/library.sqlite cannot be opened (\(Self.reason(error))) — move it away and add the recordings again with `tenderfoot sessions --add`")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: LibrarySession.databaseTableName) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("path", .text).notNull().unique()
                table.column("created", .text).notNull()
                table.column("createdMicros", .integer).notNull().indexed()
                table.column("glove", .text).notNull()
                table.column("trainee", .text).indexed()
                table.column("ageMonths", .double).notNull()
                table.column("ageBand", .text).notNull()
                table.column("seconds", .double).notNull()
                table.column("massageSeconds", .double).notNull()
                table.column("score", .integer).notNull()
                table.column("warnings", .integer).notNull()
                table.column("faults", .jsonText).notNull()
                table.column("parts", .jsonText).notNull()
                table.column("notes", .jsonText).notNull()
            }
        }
        return migrator
    }

    /// A path in the recordings folder for a new session of glove `serial`, named by the time.
    public func newRecordingPath(serial: String, at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let safe = serial.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        return "\(recordingsFolder)/\(formatter.string(from: date))-\(String(safe)).tfrec"
    }

    /// Reviews the recording at `path` with `rules` and adds it (or updates it, if already there).
    @discardableResult
    public func add(_ path: String, rules: RuleBook = .shipped) throws -> LibrarySession {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let recording = try Recording.read(absolute)
        let review = SessionReview.of(recording, name: absolute, rules: rules)
        // Times to the millisecond, so the list and `--json` print 53.806, not 53.80599999999999.
        func milliseconds(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
        var session = LibrarySession(
            id: nil, path: absolute, created: recording.header.created, createdMicros: Int64(recording.header.createdHostMicros),
            glove: recording.header.glove.serial, trainee: recording.header.trainee, ageMonths: review.ageMonths,
            ageBand: rules.band(months: review.ageMonths).label, seconds: milliseconds(review.seconds),
            massageSeconds: milliseconds(review.massageSeconds),
            score: review.score.total, warnings: review.warnings.count, faults: review.score.improvements.map(\.title),
            parts: Dictionary(uniqueKeysWithValues: review.score.parts.map { ($0.name, ($0.points * 10).rounded() / 10) }),
            notes: review.notes)
        do {
            try database.write { db in
                if let existing = try LibrarySession.filter(Column("path") == absolute).fetchOne(db) { session.id = existing.id }
                try session.save(db)
            }
        } catch {
            throw LibraryError("cannot add \(path) to the session library (\(Self.reason(error))) — check that \(folder) is writable")
        }
        return session
    }

    /// The sessions, oldest first; only `trainee`'s if given (names compared without regard to case).
    public func sessions(trainee: String? = nil) throws(LibraryError) -> [LibrarySession] {
        do {
            return try database.read { db in
                var request = LibrarySession.order(Column("createdMicros"), Column("id"))
                if let trainee { request = request.filter(sql: "trainee = ? COLLATE NOCASE", arguments: [trainee]) }
                return try request.fetchAll(db)
            }
        } catch {
            throw LibraryError("cannot read the session library (\(Self.reason(error))) — move \(folder)/library.sqlite away and add the recordings again")
        }
    }

    private static func reason(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}

/// Why the library could not be used; one line that says what to do.
public struct LibraryError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
