import TenderfootAnalysis
import TenderfootCalibration
import TenderfootSession
import TenderfootWire

/// A recording as an XDF file for the Lab Streaming Layer's tools: a stream of the samples
/// (forces in newtons per fingertip and their total, acceleration in g, rotation in deg/s, as
/// float32) and a marker stream of the analysed events (each the JSON object `live --json`
/// prints: techniques, strokes with their direction, warnings with their rule and limit).
/// Time stamps are the session's time line in seconds; clock offsets (one a second, from
/// `HostClockMap`) map it to the host's UTC time, which a reader applies when it synchronises
/// clocks (pyxdf does by default). Both stream headers carry the session's details.
enum XDFExport {
    static let samplesStream: UInt32 = 1
    static let eventsStream: UInt32 = 2
    static let samplesPerChunk = 1000
    static let channels: [(label: String, unit: String, type: String)] =
        ["thumb", "index", "middle", "ring", "little", "total"].map { ($0, "newtons", "Force") }
        + ["accel_x", "accel_y", "accel_z"].map { ($0, "g", "Acceleration") }
        + ["gyro_x", "gyro_y", "gyro_z"].map { ($0, "degrees per second", "AngularVelocity") }

    static func write(_ recording: Recording, name: String, options: LiveSession.Options, clock: HostClockMap,
                      details: SessionDetails, eventsOnly: Bool, to output: ExportOutput) -> (summary: RecordingExport.Summary, lastMicros: UInt64?) {
        var summary = RecordingExport.Summary()
        let header = recording.header
        let imu = options.calibration.imu
        var samples = XDFSamplesChunk(stream: samplesStream), markers = XDFSamplesChunk(stream: eventsStream)
        var first: [UInt32: Double] = [:], last: [UInt32: Double] = [:]
        var lastMicros: UInt64?
        var chunks = 0
        output.bytes { bytes in
            bytes += XDFChunks.magic
            let file = "<?xml version=\"1.0\"?><info><version>1.0</version><datetime>\(HTML.escape(header.created))</datetime></info>"
            XDFChunks.appendChunk(.fileHeader, content: Array(file.utf8), to: &bytes)
            let streams = eventsOnly ? [eventsStream] : [samplesStream, eventsStream]
            for stream in streams {
                XDFChunks.appendChunk(.streamHeader, stream: stream, content: Array(streamHeader(stream, header, details).utf8), to: &bytes)
            }
            for point in clock.points {
                for stream in streams {
                    XDFChunks.appendClockOffset(stream: stream, collectionSeconds: Double(point.deviceMicros) / 1e6,
                                                offsetSeconds: Double(point.offsetMicros) / 1e6, to: &bytes)
                }
            }
        }
        var replay = options
        replay.emitSamples = !eventsOnly
        ReplayPipeline.run(recording, name: name, options: replay) { event in
            if case .sample(let sample, let newtons) = event {
                let seconds = Double(sample.deviceTimeMicros) / 1e6
                samples.begin(seconds: seconds)
                channelValues(sample, newtons, imu) { _, value in samples.append(value) }
                if first[samplesStream] == nil { first[samplesStream] = seconds }
                last[samplesStream] = seconds
                lastMicros = sample.deviceTimeMicros
                summary.samples += 1
                if samples.count == samplesPerChunk {
                    chunks += 1
                    output.bytes { bytes in
                        samples.flush(to: &bytes)
                        // A boundary every ten chunks: a reader can resume after a damaged stretch.
                        if chunks % 10 == 0 { XDFChunks.appendChunk(.boundary, content: XDFChunks.boundary, to: &bytes) }
                    }
                }
            } else if let line = RecordingExport.eventLine(event), let micros = eventMicros(event) {
                let seconds = Double(micros) / 1e6
                markers.add(seconds: seconds, text: line)
                first[eventsStream] = min(first[eventsStream] ?? seconds, seconds)
                last[eventsStream] = max(last[eventsStream] ?? seconds, seconds)
                summary.events += 1
                if markers.count == 64 { output.bytes { markers.flush(to: &$0) } }
            }
        }
        output.bytes { bytes in
            samples.flush(to: &bytes)
            markers.flush(to: &bytes)
            for (stream, count) in eventsOnly ? [(eventsStream, summary.events)] : [(samplesStream, summary.samples), (eventsStream, summary.events)] {
                let footer = "<?xml version=\"1.0\"?><info><first_timestamp>\(first[stream] ?? 0)</first_timestamp>"
                    + "<last_timestamp>\(last[stream] ?? 0)</last_timestamp><sample_count>\(count)</sample_count></info>"
                XDFChunks.appendChunk(.streamFooter, stream: stream, content: Array(footer.utf8), to: &bytes)
            }
        }
        return (summary, lastMicros)
    }

    /// A sample's value on each of `channels`, in order (an XDF file's and an LSL outlet's).
    static func channelValues(_ sample: Sample, _ newtons: FingerNewtons, _ imu: IMUScale, _ each: (Int, Double) -> Void) {
        for finger in 0..<5 { each(finger, newtons[finger]) }
        each(5, newtons.total)
        each(6, imu.g(sample.accel.x))
        each(7, imu.g(sample.accel.y))
        each(8, imu.g(sample.accel.z))
        each(9, imu.degreesPerSecond(sample.gyro.x))
        each(10, imu.degreesPerSecond(sample.gyro.y))
        each(11, imu.degreesPerSecond(sample.gyro.z))
    }

    /// When an event happened on the session's time line (a warning's end at its end).
    static func eventMicros(_ event: SessionEvent) -> UInt64? {
        switch event {
        case .warningStarted(let warning): warning.deviceTimeMicros
        case .warningEnded(let warning, let duration): warning.deviceTimeMicros &+ duration
        case .analysis(.episodeStarted(let episode)): episode.startMicros
        case .analysis(.episodeEnded(let episode)): episode.endMicros ?? episode.startMicros
        case .analysis(.stroke(let stroke)): stroke.startMicros
        case .rezeroed(let time, _), .gloveRestarted(let time, _), .samplesDropped(let time, _, _): time
        case .sample, .settled, .status, .linkEnded, .gloveLost, .gloveBack, .otherGlove, .limitChanged: nil
        }
    }

    /// A stream's header: what LSL says of a stream, its channels, and the session's details.
    static func streamHeader(_ stream: UInt32, _ header: RecordingHeader, _ details: SessionDetails) -> String {
        let isSamples = stream == samplesStream
        // XML's text escapes are HTML's.
        func element(_ name: String, _ value: String) -> String { "<\(name)>\(HTML.escape(value))</\(name)>" }
        var xml = "<?xml version=\"1.0\"?><info>"
        xml += element("name", "Tenderfoot \(header.glove.serial)" + (isSamples ? "" : " events"))
        xml += element("type", isSamples ? "Force" : "Markers")
        xml += element("channel_count", isSamples ? String(channels.count) : "1")
        xml += element("nominal_srate", isSamples ? String(header.glove.rateHz) : "0")
        xml += element("channel_format", isSamples ? "float32" : "string")
        xml += element("source_id", "tenderfoot-\(header.glove.serial)" + (isSamples ? "" : "-events"))
        xml += element("version", "1.1")
        xml += "<desc>"
        if isSamples {
            xml += "<channels>" + channels.map {
                "<channel>" + element("label", $0.label) + element("unit", $0.unit) + element("type", $0.type) + "</channel>"
            }.joined() + "</channels>"
        } else {
            xml += "<channels><channel>" + element("label", "event") + element("type", "Marker")
                + element("format", "one JSON object per event, as tenderfoot live --json prints it") + "</channel></channels>"
        }
        xml += "<acquisition>" + element("manufacturer", "Tenderfoot") + element("model", header.glove.model)
            + element("serial_number", header.glove.serial) + element("firmware", header.glove.firmware) + "</acquisition>"
        xml += "<session>" + details.fields.map { element($0.key, $0.value) }.joined() + "</session>"
        xml += "</desc></info>"
        return xml
    }
}
