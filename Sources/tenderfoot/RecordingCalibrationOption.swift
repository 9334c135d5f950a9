import ArgumentParser
import TenderfootCalibration
import TenderfootSession

/// `--calibration`, shared by the commands that judge a recording (replay, report, export): a
/// calibration profile to judge it by instead of the one it was made with, for sessions
/// recorded before their glove was calibrated, or a rig run fitted again.
struct RecordingCalibrationOption: ParsableArguments {
    @Option(help: "Judge the recording by this calibration profile (from `tenderfoot calibrate`) instead of the one it was recorded with; it must be the recording glove's.")
    var calibration: String?

    /// `recording` judged by the profile given, if one was: refused in one line when the file
    /// cannot be read or belongs to another glove.
    func apply(to recording: inout Recording) throws {
        guard let calibration else { return }
        let header = recording.header
        let choice = try CalibrationChoice.choose(serial: header.glove.serial, override: calibration, store: .standard,
                                                  maxAgeDays: .infinity, imu: header.gloveCalibration.imu)
        recording.header.judge(by: choice.calibration)
    }
}
