import Foundation
import Testing
import TestSupport

/// The tests' own process runner: a command that hangs fails its test with where it hung,
/// instead of stalling the whole run, and leaves nothing running.
@Suite struct ChildProcessTests {
    @Test func aCommandThatDoesNotFinishInTimeIsKilledAndReported() throws {
        let error = #expect(throws: ChildProcess.TimedOut.self) {
            try BuiltBinary.run(["simulate", "--rate", "100"], timeout: 3)
        }
        #expect(error?.description.contains("tenderfoot simulate --rate 100 did not finish in 3 s and was killed") == true,
                "\(String(describing: error))")
        // What it printed before it was killed comes with the report.
        #expect(error?.description.contains("its standard error so far") == true)
    }

    @Test func aChildThatOutlivesItsTimeIsKilledWithItsHelpersAndReaped() throws {
        // The shell's own child (as a browser's helpers) is in its process group and goes too.
        let child = try ChildProcess("/bin/sh", ["-c", "sleep 1000 & echo $!; wait"], environment: [:], stdout: .pipe)
        let printed = child.read(timeout: 60) { $0.stdout.contains(0x0A) }
        let helper = try #require(pid_t(String(decoding: printed.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(throws: ChildProcess.TimedOut.self) { try child.finish(timeout: 0.5) }
        #expect(child.hasExited)
        #expect(kill(child.pid, 0) == -1 && errno == ESRCH, "reaped, not left a zombie")
        // The helper was sent SIGKILL too: it is gone, or a zombie until init reaps it, once the
        // kernel has delivered the signal (asynchronously, so the test waits for that, bounded).
        func helperState() -> Substring? {
            (try? String(contentsOfFile: "/proc/\(helper)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
        }
        let deadline = Date().addingTimeInterval(10)
        var state = helperState()
        while state != nil && state != "Z" && Date() < deadline {
            usleep(2_000)
            state = helperState()
        }
        #expect(state == nil || state == "Z", "helper \(helper) still \(String(describing: state)) 10 s after the kill")
    }

    @Test func exitCodesAndSignalsAreReportedAsTheyEnded() throws {
        let exits = try ChildProcess("/bin/sh", ["-c", "exit 7"], environment: [:])
        #expect(exits.wait(timeout: 60) == 7)
        let killed = try ChildProcess("/bin/sh", ["-c", "kill -TERM $$"], environment: [:])
        #expect(killed.wait(timeout: 60) == SIGTERM)
    }

    @Test func bothOutputsAreReadInFullHoweverMuchIsPrinted() throws {
        // Far more than a pipe holds, on both streams at once: neither may block the other.
        let child = try ChildProcess("/bin/sh", ["-c", "head -c 300000 /dev/zero; head -c 200000 /dev/zero >&2"],
                                     environment: [:], stdout: .pipe, stderr: .pipe)
        let printed = child.read(timeout: 60)
        #expect(printed.complete)
        #expect(printed.stdout.count == 300_000)
        #expect(printed.stderr.count == 200_000)
        #expect(try child.finish(timeout: 60) == 0)
    }

    @Test func aChildHasItsThreeStreamsAndNoOtherDescriptorOfTheRunner() throws {
        // A descriptor of the runner's that is not close-on-exec, as a library may leave one.
        let held = open("/dev/null", O_RDONLY)
        try #require(held >= 3)
        defer { close(held) }
        let child = try ChildProcess("/bin/sh", ["-c", "ls /proc/$$/fd"], environment: ["PATH": "/usr/bin:/bin"], stdout: .pipe, stderr: .pipe)
        let printed = child.read(timeout: 60)
        #expect(try child.finish(timeout: 60) == 0)
        let open = Set(String(decoding: printed.stdout, as: UTF8.self).split(separator: "\n").compactMap { Int32($0) })
        #expect(open == [0, 1, 2], "the shell's descriptors: \(open) (the runner's \(held) must not be among them)")
    }
}
