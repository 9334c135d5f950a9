import Foundation
import Testing
import TestSupport
import TenderfootLink
import TenderfootSimulator
import TenderfootWire

/// The built `tenderfoot` binary, run as a user would.
@Suite(.serialized) struct CLITests {
    func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func dumpPrintsEverySampleAsJSONThenTheCounters() throws {
        let pty = try PseudoTerminal.open()
        let glove = PatternGlove.pattern(on: pty.device, serial: "TFG-CLI-0001")
        let result = try BuiltBinary.run(["dump", "--port", pty.path, "--duration", "1", "--rate", "500", "--json"])
        glove.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try result.lines.map(object)
        let sent = glove.inspect { $0.sentSamples }
        let samples = objects.filter { $0["type"] as? String == "sample" }
        #expect(samples.count >= 450 && samples.count <= 550)
        #expect(samples.count == sent.count, "every sample sent before STOP was printed")
        for (printed, expected) in zip(samples, sent) {
            #expect(printed["seq"] as? Int == Int(expected.sequence))
            #expect(printed["t_us"] as? Int == Int(expected.deviceTimeMicros))
            #expect(printed["force"] as? [Int] == expected.force.array.map(Int.init))
            #expect(printed["accel"] as? [Int] == expected.accel.array.map(Int.init))
            #expect(printed["gyro"] as? [Int] == expected.gyro.array.map(Int.init))
        }
        let info = try #require(objects.first)
        #expect(info["type"] as? String == "device_info" && info["serial"] as? String == "TFG-CLI-0001")
        #expect(objects.contains { $0["type"] as? String == "ack" && $0["command"] as? String == "START" })
        let counters = try #require(objects.last)
        #expect(counters["type"] as? String == "counters")
        for key in ["crc", "cobs", "version", "length", "unknown_type", "overlong", "lost", "restarts", "ring_overflows"] {
            #expect(counters[key] as? Int == 0, "\(key)")
        }
        #expect(counters["samples"] as? Int == samples.count)
    }

    @Test func dumpCountsInjectedFaults() throws {
        let pty = try PseudoTerminal.open()
        let glove = PatternGlove.pattern(on: pty.device, serial: "TFG-CLI-0002",
                                         faults: FaultInjection(dropEvery: 10, corruptEvery: 25))
        let result = try BuiltBinary.run(["dump", "--port", pty.path, "--duration", "1", "--rate", "1000", "--json"])
        glove.stop()
        let injected = glove.inspect { $0.injected }
        let counters = try object(try #require(result.lines.last))
        #expect(counters["crc"] as? Int == injected.corrupted)
        #expect(counters["lost"] as? Int == injected.dropped + injected.corrupted)
    }

    @Test func dumpInTextShowsTheGloveAndTheCounters() throws {
        let pty = try PseudoTerminal.open()
        let glove = PatternGlove.pattern(on: pty.device, serial: "TFG-CLI-0003")
        let result = try BuiltBinary.run(["dump", "--port", pty.path, "--duration", "0.3"])
        glove.stop()
        #expect(result.status == 0)
        #expect(result.lines.first?.hasPrefix("glove TFG-CLI-0003 \"Tenderfoot Glove\" firmware 1.0.0") == true)
        #expect(result.lines.contains { $0.hasPrefix("sample seq=") })
        #expect(result.lines.last?.hasPrefix("counters frames=") == true)
    }

    @Test func aGloveUnpluggedDuringDumpKeepsWhatArrivedAndSaysWhatHappened() throws {
        let pty = try PseudoTerminal.open()
        let glove = PatternGlove.pattern(on: pty.device, serial: "TFG-CLI-0004")
        let unplug = Thread {
            usleep(600_000)
            glove.stop(unplug: true)
        }
        unplug.start()
        let result = try BuiltBinary.run(["dump", "--port", pty.path, "--duration", "5", "--json"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("disappeared"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        let objects = try result.lines.map(object)
        #expect(objects.filter { $0["type"] as? String == "sample" }.count > 100)
        #expect(objects.last?["type"] as? String == "counters")
    }

    @Test(arguments: [
        (["dump", "--port", "/dev/ttyACM97"], Int32(1), "no such port"),
        (["dump", "--port", "/dev/null", "--rate", "5000"], Int32(64), "100 to 2000 Hz"),
        (["dump", "--port", "/dev/null", "--duration", "0"], Int32(64), "positive number of seconds"),
        (["dump"], Int32(64), "Missing expected argument '--port <port>'"),
        (["dump", "--port", "/dev/null", "--backend", "magic"], Int32(64), "backend"),
        (["frobnicate"], Int32(64), "Unexpected argument"),
        // A misspelt option is named as such, not as the required one it was meant to be.
        (["live", "--prot", "/dev/null", "--age-months", "3"], Int32(64), "unknown option --prot for 'tenderfoot live': did you mean --port?"),
        (["report", "a.tfrec", "--calibraton", "p.json"], Int32(64), "unknown option --calibraton for 'tenderfoot report': did you mean --calibration?"),
        (["sessions", "--everything"], Int32(64), "unknown option --everything for 'tenderfoot sessions' (see 'tenderfoot sessions --help')"),
    ])
    func badInvocationsGetAClearError(arguments: [String], status: Int32, message: String) throws {
        let result = try BuiltBinary.run(arguments)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aSilentPortIsNotAGlove() throws {
        let pty = try PseudoTerminal.open()
        let result = try BuiltBinary.run(["dump", "--port", pty.path, "--duration", "1"])
        pty.device.close()
        #expect(result.status == 1)
        #expect(result.stderr.contains("no valid glove frames"))
    }

    @Test func devicesListsPortsAsJSON() throws {
        let result = try BuiltBinary.run(["devices", "--json"])
        #expect(result.status == 0)
        let listing = try object(result.stdout)
        #expect(listing["serial_ports"] is [Any])
        #expect(listing["usb_gloves"] is [Any])
        #expect(listing["gloves"] is [String])
    }
}
