import Foundation
import FuzzSupport
import TenderfootCalibration
import TenderfootWire

/// One input: a calibration file is refused whole or gives finite forces for every count.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCalibrationLoader(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let profile = try? CalibrationProfile.parse(data, name: "fuzz") else { return 0 }
    let calibration = profile.calibration(named: "fuzz", imu: IMUScale())
    for counts in stride(from: 0, through: 4095, by: 315) {
        let newtons = calibration.newtons(FingerCounts(Array(repeating: UInt16(counts), count: 5)))
        precondition((0..<5).allSatisfy { newtons[$0].isFinite && newtons[$0] >= 0 }, "a loaded profile gave an impossible force")
    }
    return 0
}

@main
enum FuzzCalibrationLoaderMain {
    static func main() { runFuzzer { fuzzCalibrationLoader($0, $1) } }
}
