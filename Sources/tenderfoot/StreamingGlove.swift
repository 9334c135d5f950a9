import TenderfootCalibration
import TenderfootLink
import TenderfootWire

/// A glove identified, with the calibration chosen for it by its serial number, and streaming
/// once `start` is called: where `live`, `demo` and `reference` start. On any failure the glove
/// is stopped and the port closed.
struct StreamingGlove {
    let connection: GloveConnection
    let info: DeviceInfo
    let choice: CalibrationChoice
    let rateHz: UInt16

    init(port: String, backend: SerialBackend, rateHz: UInt16, calibrationPath: String?, calibrationMaxAgeDays: Double,
         tap: RawByteTap? = nil) throws {
        let connection = try GloveConnection(port: port, backend: backend, tap: tap)
        do {
            info = try connection.identify()
        } catch {
            connection.close()
            throw error
        }
        do {
            choice = try CalibrationChoice.choose(serial: info.serialNumber, override: calibrationPath, store: .standard,
                                                  maxAgeDays: calibrationMaxAgeDays, imu: IMUScale(info))
        } catch {
            try? connection.stop()
            connection.close()
            throw error
        }
        self.connection = connection
        self.rateHz = rateHz
    }

    /// Starts the glove streaming (a virtual glove begins its scenario).
    func start() throws(LinkError) {
        do {
            try connection.start(rateHz: rateHz)
        } catch {
            try? connection.stop()
            connection.close()
            throw error
        }
    }
}
