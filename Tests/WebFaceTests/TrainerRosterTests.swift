import Testing
import TenderfootSession
import TenderfootWire
@testable import TenderfootWeb

/// A classroom's tiles stand in the roster's order, whichever glove answers first: a glove's id
/// is its seat. A glove that joins again keeps its seat.
@Suite struct TrainerRosterTests {
    static func channel(_ id: String) -> TrainerChannel {
        let header = RecordingHeader(softwareVersion: "test", info: DeviceInfo(firmware: FirmwareVersion(1, 0, 0), sampleRateHz: 500, maxSampleRateHz: 2000,
                                                                              serialNumber: "TFG-SEAT-\(id)", model: "Virtual Glove"),
                                     port: "test", ageMonths: 4, calibration: "nominal", calibrated: false, trainee: "seat \(id)")
        return TrainerChannel(id: id, details: TrainerDetails(header: header, rules: .shipped, ageMonths: 4, calibrated: false,
                                                              firstSession: false, replay: false), elapsed: { 0 })
    }

    @Test(arguments: [["3", "0", "5", "1", "4", "2"], ["5", "4", "3", "2", "1", "0"], ["0", "1", "2", "3", "4", "5"]])
    func glovesStandInSeatOrderWhateverOrderTheyJoin(joining: [String]) {
        let roster = TrainerRoster(classroom: true)
        for id in joining { roster.add(Self.channel(id)) }
        #expect(roster.all.map(\.id) == ["0", "1", "2", "3", "4", "5"])
        let again = Self.channel("2")
        roster.add(again)
        #expect(roster.all.map(\.id) == ["0", "1", "2", "3", "4", "5"] && roster.channel("2") === again, "a glove that joins again keeps its seat")
    }
}
