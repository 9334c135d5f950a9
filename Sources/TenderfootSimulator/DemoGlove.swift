import Foundation

/// The virtual glove `tenderfoot demo` runs on: its serial number and its calibration profile,
/// shipped as a resource so the demo is calibrated wherever the binary runs from.
public enum DemoGlove {
    public static let serial = "TFG-DEMO-0001"

    /// The profile made for it on its rig (Calibration/README.md says how); nil only if the
    /// package's resources are missing.
    public static var calibrationPath: String? {
        Bundle.module.url(forResource: serial, withExtension: "json", subdirectory: "DemoGlove")?.path
    }
}
