import Foundation
import TenderfootLink

/// Writes the ground truth of a virtual glove session as JSON lines (Docs/scenario-format.md):
/// one `sample` object per sample, one `stroke` object when each contact ends. A failed write
/// (a full disk) is kept in `failure` and ends the writing; the glove plays on.
public final class TruthWriter: @unchecked Sendable {
    private let file: OutputFile
    /// The first write that failed.
    public private(set) var failure: WriteError?
    private var buffer = ""
    private var open: (id: Int, state: HandState, start: UInt64, end: UInt64, peak: [Double], speedSum: Double, count: Int)?

    public init(path: String) throws {
        do {
            file = try OutputFile(creating: path, existing: .replace)
        } catch {
            throw ScenarioError(description: "the truth file: \(error)")
        }
    }

    public func record(deviceTimeMicros: UInt64, seconds: Double, state: HandState) {
        let forces = state.forces.map { String(format: "%.4f", $0) }.joined(separator: ",")
        let mistakes = state.mistakes.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
        buffer += "{\"type\":\"sample\",\"t_us\":\(deviceTimeMicros),\"force_n\":[\(forces)],\"technique\":\"\(state.technique.rawValue)\","
            + "\"region\":\"\(state.region.rawValue)\",\"direction\":\(state.direction.map { "\"\($0.rawValue)\"" } ?? "null"),"
            + "\"stroke\":\(state.stroke.map(String.init) ?? "null"),\"step\":\(state.stepIndex),\"mistakes\":[\(mistakes)]}\n"
        if let current = open, current.id != state.stroke {
            closeStroke()
        }
        if let id = state.stroke {
            if open == nil { open = (id, state, deviceTimeMicros, deviceTimeMicros, state.forces, 0, 0) }
            open!.end = deviceTimeMicros
            open!.peak = zip(open!.peak, state.forces).map { max($0, $1) }
            open!.speedSum += state.speedCmS
            open!.count += 1
        }
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    private func closeStroke() {
        guard let s = open else { return }
        let peak = s.peak.map { String(format: "%.4f", $0) }.joined(separator: ",")
        let mistakes = s.state.mistakes.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
        buffer += "{\"type\":\"stroke\",\"stroke\":\(s.id),\"technique\":\"\(s.state.technique.rawValue)\",\"region\":\"\(s.state.region.rawValue)\","
            + "\"direction\":\(s.state.direction.map { "\"\($0.rawValue)\"" } ?? "null"),\"start_us\":\(s.start),\"end_us\":\(s.end),"
            + "\"peak_force_n\":[\(peak)],\"mean_speed_cm_s\":\(String(format: "%.2f", s.speedSum / Double(max(1, s.count)))),"
            + "\"mistakes\":[\(mistakes)]}\n"
        open = nil
    }

    public func flush() {
        defer { buffer = "" }
        guard failure == nil else { return }
        do { try file.write(buffer) } catch { failure = error }
    }

    public func close() {
        closeStroke()
        flush()
        do { try file.close() } catch { failure = failure ?? error }
    }
}
