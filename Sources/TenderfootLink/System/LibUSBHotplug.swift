import CLibUSB
import Synchronization

/// libusb's notice that a glove (VID:PID 1209:0001) was plugged in, where libusb can give it:
/// a search waits on it instead of sleeping, and looks again at once when a glove arrives.
/// Every libusb hot-plug call is here. Used from one thread.
final class LibUSBHotplug {
    private let context: OpaquePointer
    private var callback: libusb_hotplug_callback_handle = 0
    private let arrived = Atomic<Bool>(false)

    /// nil where libusb has no hot-plug support (then the search polls).
    init?() {
        var context: OpaquePointer?
        guard libusb_init(&context) == 0, let context else { return nil }
        self.context = context
        guard libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0 else {
            libusb_exit(context)
            return nil
        }
        let registered = libusb_hotplug_register_callback(
            context, Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue), 0, Int32(GloveUSBIdentity.vendorID),
            Int32(GloveUSBIdentity.productID), LIBUSB_HOTPLUG_MATCH_ANY,
            { _, _, _, user in
                guard let user else { return 0 }
                Unmanaged<LibUSBHotplug>.fromOpaque(user).takeUnretainedValue().arrived.store(true, ordering: .releasing)
                return 0
            },
            Unmanaged.passUnretained(self).toOpaque(), &callback)
        guard registered == 0 else {
            libusb_exit(context)
            return nil
        }
    }

    /// Waits up to `timeoutMillis` for a glove to arrive; true if one did.
    func wait(timeoutMillis: Int) -> Bool {
        var timeout = timeval(tv_sec: timeoutMillis / 1000, tv_usec: (timeoutMillis % 1000) * 1000)
        _ = libusb_handle_events_timeout_completed(context, &timeout, nil)
        return arrived.exchange(false, ordering: .acquiringAndReleasing)
    }

    deinit {
        libusb_hotplug_deregister_callback(context, callback)
        libusb_exit(context)
    }
}
