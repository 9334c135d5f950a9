import Testing
@testable import TenderfootLink

extension LinkSuite {
    /// What each libusb failure becomes: one class each, and a line that says what to do.
    @Suite struct USBErrorTests {
        @Test(arguments: [
            (Int32(-3), LinkError.permissionDenied("usb:TFG-X"), "60-tenderfoot-glove.rules"),  // LIBUSB_ERROR_ACCESS
            (Int32(-6), LinkError.portBusy("usb:TFG-X"), "in use by another program"),           // LIBUSB_ERROR_BUSY
            (Int32(-4), LinkError.deviceVanished("usb:TFG-X"), "disappeared"),                   // LIBUSB_ERROR_NO_DEVICE
        ])
        func libusbFailuresBecomeClearErrors(code: Int32, expected: LinkError, advice: String) {
            let error = LibUSBDevice.error(code, name: "usb:TFG-X")
            #expect(error == expected)
            #expect(error.description.contains(advice))
        }

        @Test func portNamesSayWhichGlove() {
            #expect(USBTransport.serial(fromPort: "usb:TFG-0001") == .some("TFG-0001"))
            #expect(USBTransport.serial(fromPort: "usb:auto") == .some(nil))
            #expect(USBTransport.serial(fromPort: "/dev/ttyACM0") == nil)
        }
    }
}
