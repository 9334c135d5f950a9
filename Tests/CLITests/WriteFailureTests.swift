import Foundation
import Testing
import TenderfootSession
import TestSupport

/// Every way an output can fail — a full disk, a file-size limit, a closed pipe, a standard
/// output nobody reads, a closed terminal — ends the command with one line that names the file
/// and what to do, and loses nothing it could keep: the recording closed with what it holds,
/// the session in the library, no empty or partial export where the output belongs.
@Suite(.serialized) struct WriteFailureTests {
    /// Under ThreadSanitizer (`make test-tsan`) the binaries carry its runtime: a file-size
    /// limit kills it before the program sees the write fail, and its shadow memory is what a
    /// memory bound would measure. Those tests run in the plain build only (the Makefile's
    /// UNINSTRUMENTED names them).
    static let plainBuild = ProcessInfo.processInfo.environment["TENDERFOOT_TSAN"] == nil

    /// A recording of `seconds` made by the virtual glove, offline.
    func recording(seconds: Int = 20) throws -> String {
        let path = Fixtures.temporary(".tfrec")
        let made = try BuiltBinary.run(["simulate", "--record", path, "--seconds", "\(seconds)"])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    /// `tenderfoot arguments` under a file-size limit of `kilobytes`, through the shell's `ulimit -f`.
    func limited(kilobytes: Int, _ arguments: [String], environment: [String: String] = [:]) throws -> ChildProcess {
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // dash counts ulimit -f in 512-byte blocks.
        return try ChildProcess("/bin/sh", ["-c", "ulimit -f \(kilobytes * 2) && exec '\(BuiltBinary.url.path)' \(quoted)"],
                                environment: BuiltBinary.environment(environment), stdout: .pipe, stderr: .pipe)
    }

    func sessions(in library: String) throws -> [[String: Any]] {
        let listed = try BuiltBinary.run(["sessions", "--json", "--library", library])
        #expect(listed.status == 0, "\(listed.stderr)")
        return objects(listed.stdout)
    }

    /// `live --json` on a virtual glove, recording into a fresh library, its output in pipes.
    struct LiveRun {
        let glove: BackgroundProcess
        let child: ChildProcess
        let record = Fixtures.temporary(".tfrec")
        let library = Fixtures.temporary("-library")

        init(seed: Int, _ extra: [String] = []) throws {
            let (glove, port) = try BackgroundProcess.virtualGlove(["--seed", "\(seed)"])
            self.glove = glove
            child = try ChildProcess(BuiltBinary.url.path, ["live", "--port", port, "--age-months", "2", "--json", "--skip-checklist",
                                                            "--record", record, "--library", library] + extra,
                                     environment: BuiltBinary.environment(), stdout: .pipe, stderr: .pipe)
        }

        /// The recording has its end mark, and the session is in the library; both for the
        /// owner's eyes only.
        func expectKept(_ tests: WriteFailureTests) throws {
            let manager = FileManager.default
            #expect(try manager.attributesOfItem(atPath: record)[.posixPermissions] as? Int == 0o600)
            #expect(try manager.attributesOfItem(atPath: library)[.posixPermissions] as? Int == 0o700)
            #expect(try manager.attributesOfItem(atPath: library + "/library.sqlite")[.posixPermissions] as? Int == 0o600)
            let replayed = try BuiltBinary.run(["replay", record, "--json", "--fast"])
            #expect(replayed.status == 0 && !replayed.stderr.contains("cut off"), "the end mark is there: \(replayed.stderr)")
            #expect(try tests.sessions(in: library).count == 1)
        }
    }

    @Test func anOutputOnAFullDiskOrAClosedStandardOutputIsOneLineAndAFailure() throws {
        let file = try recording()
        for (arguments, output, named) in [(["export", file], "/dev/full", "standard output"),
                                           (["export", file, "-o", "/dev/full"], nil, "/dev/full"),
                                           (["replay", file, "--json", "--fast"], "/dev/full", "standard output"),
                                           (["rules", "--age-months", "2"], "/dev/full", "standard output")] as [([String], String?, String)] {
            let child = try ChildProcess(BuiltBinary.url.path, arguments, environment: BuiltBinary.environment(),
                                         stdout: output.map { .file($0) } ?? .null, stderr: .pipe)
            let printed = child.read(timeout: 120)
            let status = try child.finish(timeout: 60)
            let error = String(decoding: printed.stderr, as: UTF8.self)
            #expect(status == 1, "\(arguments): \(error)")
            let lines = error.split(separator: "\n")
            #expect(lines.count == 1, "one line, no backtrace: \(arguments): \(error)")
            #expect(error.contains("cannot write \(named): No space left on device — free some space"), "\(arguments): \(error)")
        }
    }

    @Test(.enabled(if: plainBuild, "not under ThreadSanitizer")) func anExportCutShortLeavesNoFileAndAnExistingFileIsKeptUnlessForced() throws {
        let file = try recording()
        let folder = Fixtures.temporary("-exports")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = folder + "/samples.csv"
        // 64 KB of a 20 s export at 500 Hz (about 1.5 MB): the file-size limit stops it.
        let child = try limited(kilobytes: 64, ["export", file, "-o", target])
        let printed = child.read(timeout: 120)
        #expect(try child.finish(timeout: 60) == 1)
        let error = String(decoding: printed.stderr, as: UTF8.self)
        #expect(error.contains("File too large — it reached this system's file-size limit (ulimit -f)"), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "no partial export is left behind")
        let page = folder + "/report.html"
        let report = try limited(kilobytes: 16, ["report", file, "-o", page])
        let reported = report.read(timeout: 120)
        #expect(try report.finish(timeout: 60) == 1)
        #expect(String(decoding: reported.stderr, as: UTF8.self).contains("cannot write \(page): File too large"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "no partial report is left behind")

        try Data("kept\n".utf8).write(to: URL(fileURLWithPath: target))
        let refused = try BuiltBinary.run(["export", file, "-o", target])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("-o \(target) already exists — give --force to replace it"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "kept\n")
        let forced = try BuiltBinary.run(["export", file, "-o", target, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\nt_us,utc_s,"))
        // The same rule for a recording: refused before the glove is even opened.
        let again = try BuiltBinary.run(["simulate", "--record", file, "--seconds", "1"])
        #expect(again.status != 0 && again.stderr.contains("--record \(file) already exists"), "\(again.stderr)")
    }

    /// A session whose recording hits the file-size limit ends cleanly: the error names the
    /// file and the limit, the recording reads back up to where it stopped, and the session is
    /// in the library.
    @Test(.enabled(if: plainBuild, "not under ThreadSanitizer")) func aRecordingThatHitsTheFileSizeLimitEndsTheSessionAndKeepsWhatItHolds() throws {
        let (glove, port) = try BackgroundProcess.virtualGlove(["--seed", "4"])
        defer { glove.stop() }
        let library = Fixtures.temporary("-library")
        let record = Fixtures.temporary(".tfrec")
        let child = try limited(kilobytes: 256, ["live", "--port", port, "--age-months", "2", "--json", "--skip-checklist",
                                                 "--record", record, "--library", library, "--duration", "60"])
        let printed = child.read(timeout: 120)
        #expect(try child.finish(timeout: 60) == 1)
        let error = String(decoding: printed.stderr, as: UTF8.self)
        #expect(error.hasSuffix("Error: cannot write \(record): File too large — it reached this system's file-size limit (ulimit -f); "
                                + "raise it or record shorter sessions; the recording holds everything before this\n"), "\(error)")
        let events = objects(String(decoding: printed.stdout, as: UTF8.self))
        #expect(events.last?["type"] as? String == "session_end", "the session ended cleanly")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: record)[.size] as? Int)
        #expect(size <= 256 * 1024 && size > 200 * 1024)
        let exported = try BuiltBinary.run(["export", record, "-o", Fixtures.temporary(".csv")])
        #expect(exported.status == 0, "the recording reads: \(exported.stderr)")
        // The limit falls mid-chunk (the file is cut off) or, by chance, between two chunks
        // (it has no end mark): either way the reader says the file did not close.
        #expect(exported.stderr.contains("cut off") || exported.stderr.contains("has no end mark"),
                "its reader says the file did not close: \(exported.stderr)")
        let kept = try sessions(in: library)
        #expect(kept.count == 1, "the session is in the library")
        #expect((kept.first?["seconds"] as? Double ?? 0) > 5, "\(kept)")
    }

    /// `live --json | head -2`: the pipe closes after two lines; the session ends at once with
    /// its recording whole (its end mark written) and in the library.
    @Test func aClosedPipeEndsTheSessionWithItsRecordingSafe() throws {
        let run = try LiveRun(seed: 5, ["--duration", "60"])
        defer { run.glove.stop() }
        let first = run.child.read(timeout: 60) { $0.stdout.count { $0 == 0x0A } >= 3 }
        #expect(objects(String(decoding: first.stdout, as: UTF8.self)).first?["type"] as? String == "session_start")
        run.child.closeStandardOutput()
        let rest = run.child.read(timeout: 60)
        #expect(try run.child.finish(timeout: 30) == 1)
        let error = String(decoding: first.stderr + rest.stderr, as: UTF8.self)
        #expect(error.contains("note: the session ended; its recording is safe in \(run.record)"), "\(error)")
        #expect(error.hasSuffix("Error: cannot write standard output: Broken pipe — the program reading the output ended\n"), "\(error)")
        try run.expectKept(self)
    }

    /// A closed terminal (SIGHUP) ends a session as Ctrl-C does: the last line, the end mark,
    /// the library entry.
    @Test func aClosedTerminalEndsTheSessionCleanly() throws {
        let run = try LiveRun(seed: 6)
        defer { run.glove.stop() }
        var printed = run.child.read(timeout: 60) { objects(String(decoding: $0.stdout, as: UTF8.self)).contains { $0["type"] as? String == "status" } }
        run.child.signal(SIGHUP)
        let rest = run.child.read(timeout: 60)
        printed.stdout += rest.stdout
        printed.stderr += rest.stderr
        #expect(try run.child.finish(timeout: 30) == 0, "\(String(decoding: printed.stderr, as: UTF8.self))")
        #expect(objects(String(decoding: printed.stdout, as: UTF8.self)).last?["type"] as? String == "session_end")
        try run.expectKept(self)
    }

    /// Standard output in a pipe nobody reads: the session goes on (the recording keeps
    /// growing), SIGTERM still ends it, and what could not be shown is counted.
    @Test func aStandardOutputNobodyReadsNeverHoldsTheSessionUp() throws {
        let run = try LiveRun(seed: 7, ["--json-samples"])
        defer { run.glove.stop() }
        // Read nothing. A pipe holds 64 KB, the output queue 1 MiB: about 3 s of samples.
        // The recording must keep growing well past that.
        func recorded() -> Int { ((try? FileManager.default.attributesOfItem(atPath: run.record)[.size]) as? Int) ?? 0 }
        let deadline = Date().addingTimeInterval(90)
        while recorded() < 600_000 && Date() < deadline && !run.child.hasExited { usleep(100_000) }
        #expect(recorded() >= 600_000, "the session went on with its output blocked")
        run.child.signal(SIGTERM)
        #expect(run.child.wait(timeout: 30) == 0, "SIGTERM ended it with its output still blocked")
        let error = String(decoding: run.child.read(timeout: 10) { !$0.stderr.isEmpty && $0.stderr.last == 0x0A }.stderr, as: UTF8.self)
        #expect(error.range(of: #"note: standard output was not read fast enough: [1-9]\d* updates were not written"#,
                            options: .regularExpression) != nil, "\(error)")
        #expect(try sessions(in: run.library).count == 1)
    }

    /// A calibration is taken from the user's folder or `--calibration`, never from the folder a
    /// command runs in; the demo's own comes with the program, so it is calibrated from anywhere.
    /// (Not under ThreadSanitizer: where a file is looked for is one thread's business, and the
    /// demo's threads run instrumented in the web demo's test; this one's whole demo took a
    /// minute of CI's 30.)
    @Test(.enabled(if: plainBuild, "not under ThreadSanitizer"))
    func noCalibrationIsTakenFromTheCurrentFolderAndTheDemoIsCalibratedFromAnywhere() throws {
        let folder = Fixtures.temporary("-elsewhere")
        try FileManager.default.createDirectory(atPath: folder + "/Calibration", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.repositoryPath("Calibration/nominal.json"),
                                         toPath: folder + "/Calibration/TFG-V0000001.json")
        let data = Fixtures.temporary("-data")
        func inFolder(_ arguments: [String]) throws -> ChildProcess {
            let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
            return try ChildProcess("/bin/sh", ["-c", "cd '\(folder)' && exec '\(BuiltBinary.url.path)' \(quoted)"],
                                    environment: BuiltBinary.environment(["XDG_DATA_HOME": data]), stdout: .pipe, stderr: .pipe)
        }
        let simulate = try inFolder(["simulate", "--record", "x.tfrec", "--seconds", "1"])
        _ = simulate.read(timeout: 60)
        #expect(try simulate.finish(timeout: 30) == 0)
        let replayed = try BuiltBinary.run(["replay", folder + "/x.tfrec", "--json", "--fast"])
        #expect(objects(replayed.stdout).first?["calibrated"] as? Bool == false, "./Calibration/ is not where profiles are looked for")

        // The whole demo, from elsewhere: calibrated, and the same six warnings as from the repository.
        let demo = try inFolder(["demo", "--json", "--skip-checklist"])
        let printed = demo.read(timeout: 180)
        #expect(try demo.finish(timeout: 30) == 0)
        let events = objects(String(decoding: printed.stdout, as: UTF8.self))
        #expect(events.filter { $0["type"] as? String == "warning" }.count == 6, "\(events.filter { $0["type"] as? String == "warning" })")
        let start = try #require(events.first)
        #expect(start["calibrated"] as? Bool == true, "\(start)")
        #expect((start["calibration"] as? String)?.range(of: #"^/.*/DemoGlove/TFG-DEMO-0001\.json of \d{4}-\d{2}-\d{2}$"#,
                                                         options: .regularExpression) != nil, "the full path: \(start)")
    }

    /// A recording is read through a window, never whole: replaying one of 256 MB holds a
    /// fraction of it. (The glove bytes here are valid chunks of junk, so the analysis has no
    /// samples to spend the test's time on; the reading is the same.)
    @Test(.enabled(if: plainBuild, "not under ThreadSanitizer")) func aLargeRecordingIsReadInBoundedMemory() throws {
        let path = Fixtures.temporary(".tfrec")
        let header = try Recording.read(try recording(seconds: 1)).header
        let file = try RecordingFile(path: path, header: header)
        let junk = [UInt8](repeating: 0x5A, count: 1 << 20)
        for index in 0..<256 { file.append(.wire, hostMicros: header.createdHostMicros + UInt64(index) * 1000, payload: junk) }
        try file.finish(hostMicros: header.createdHostMicros + 256_000)
        let child = try ChildProcess(BuiltBinary.url.path, ["replay", path, "--json", "--fast"], environment: BuiltBinary.environment(),
                                     stdout: .null, stderr: .pipe)
        // The child's own high-water mark, read while it runs (wait4's ru_maxrss would count the
        // test process's memory that the child shared until its exec).
        var peak = 0
        func highWater() -> Int? {
            guard let status = try? String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        let printed = child.read(timeout: 600) { _ in peak = max(peak, highWater() ?? 0); return false }
        #expect(try child.finish(timeout: 60) == 0, "\(String(decoding: printed.stderr, as: UTF8.self))")
        #expect(peak > 0, "the child's memory was read")
        print("replay of a 256 MiB recording: peak resident \(peak / 1024) MiB")
        #expect(peak < 64 * 1024, "peak resident \(peak) KB")
    }
}
