import Foundation
import Testing
import TestSupport
import TenderfootLink
import TenderfootSimulator
import TenderfootWire

/// What one full host conversation with an emulated glove saw.
struct ConversationResult {
    var info: DeviceInfo
    var received: [Sample]
    var sent: [Sample]
    var counters: LinkCounters
    var injected: InjectedFaults
    var status: DeviceStatus
}

/// IDENTIFY, START at `rate`, `count` samples, GET_STATUS, STOP: the conversation every transport must hold.
func converse(with connection: GloveConnection, glove: PatternGlove, rate: UInt16 = 1000, count: Int = 1000) throws -> ConversationResult {
    let info = try connection.identify()
    try connection.start(rateHz: rate)
    let received = connection.collectSamples(count: count)
    let status = try connection.status()
    try connection.stop()
    // Every sample sent before STOP's ACK has arrived by now (the stream is in order).
    let rest = connection.collectSamples(count: .max, timeout: .milliseconds(100))
    connection.close()
    glove.stop()
    let (sent, injected) = glove.inspect { ($0.sentSamples, $0.injected) }
    return ConversationResult(info: info, received: received + rest, sent: sent,
                              counters: connection.counters, injected: injected, status: status)
}

/// Checks a fault-free conversation: every sample arrived, in order, with exact values.
func expectPerfect(_ result: ConversationResult, serial: String, count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.info == testGloveInfo(serial: serial), sourceLocation: sourceLocation)
    #expect(result.received.count >= count, sourceLocation: sourceLocation)
    expectSameSamples(result.received, result.sent, sourceLocation: sourceLocation)
    for (index, sample) in result.received.enumerated() {
        let expected = PatternSource.expected(index: UInt64(index))
        if sample.force != expected.force || sample.accel != expected.accel || sample.gyro != expected.gyro {
            Issue.record("sample \(index) differs from the pattern", sourceLocation: sourceLocation)
            break
        }
    }
    #expect(result.counters.decoder.dropped == 0, sourceLocation: sourceLocation)
    #expect(result.counters.decoder.lostBySequenceGap == 0, sourceLocation: sourceLocation)
    #expect(result.counters.ringOverflows == 0, sourceLocation: sourceLocation)
    #expect(result.status.state == .streaming, sourceLocation: sourceLocation)
}

/// Checks that every injected fault was counted exactly and every intact sample arrived in order:
/// a damaged frame is counted by its reason and its number as missing, as the spec counts it.
func expectFaultsCounted(_ result: ConversationResult, sourceLocation: SourceLocation = #_sourceLocation) {
    let counts = result.counters.decoder
    let injected = result.injected
    expectSameSamples(result.received, result.sent, sourceLocation: sourceLocation)
    #expect(counts.lostBySequenceGap == UInt64(injected.dropped + injected.corrupted), sourceLocation: sourceLocation)
    #expect(counts.dropped == UInt64(injected.corrupted + injected.garbage), sourceLocation: sourceLocation)
    #expect(counts.crc >= UInt64(injected.corrupted), sourceLocation: sourceLocation)
    #expect(counts.senderRestarts == 0, sourceLocation: sourceLocation)
}

/// Compares sample lists without printing thousands of samples when they differ.
func expectSameSamples(_ received: [Sample], _ expected: [Sample], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(received.count == expected.count, "received \(received.count), expected \(expected.count)",
            sourceLocation: sourceLocation)
    if let index = zip(received, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
        Issue.record("sample \(index) differs: received \(received[index]), expected \(expected[index])",
                     sourceLocation: sourceLocation)
    }
}

/// Streams at `rate`, pulls the glove out after `before` samples, and checks that the session
/// ended with `.deviceVanished` and that every sample received is kept, in order, exactly as sent
/// (what was still in flight when the glove went is lost, as with a real unplug).
func expectUnplugEndsCleanly(_ connection: GloveConnection, glove: PatternGlove, rate: UInt16, before: Int,
                             unplug: () -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
    _ = try connection.identify()
    try connection.start(rateHz: rate)
    var received = connection.collectSamples(count: before)
    unplug()
    received += connection.drainSamples()
    let sent = glove.inspect { $0.sentSamples }
    #expect(received.count >= before, sourceLocation: sourceLocation)
    expectSameSamples(received, Array(sent.prefix(received.count)), sourceLocation: sourceLocation)
    #expect(connection.nextEndEvent() == .ended(.deviceVanished(connection.portName)), sourceLocation: sourceLocation)
    #expect(throws: LinkError.deviceVanished(connection.portName), sourceLocation: sourceLocation) { try connection.stop() }
    connection.close()
}

extension GloveConnection {
    /// Waits for the event that says the reader ended.
    func nextEndEvent(timeout: Duration = .seconds(3)) -> LinkEvent? {
        while let event = nextEvent(timeout: timeout) {
            if case .ended = event { return event }
        }
        return nil
    }
}
