#ifndef CUMOCKDEV_TESTBED_H
#define CUMOCKDEV_TESTBED_H
/* Test fixture: the few libumockdev calls the tests need, behind a plain C
 * header so Swift never sees GLib. Works only when the process runs under
 * umockdev-wrapper (LD_PRELOAD of libumockdev-preload). */

typedef struct cumockdev_testbed cumockdev_testbed;

/* 1 when the umockdev preload library is active in this process. */
int cumockdev_is_preloaded(void);

/* A new testbed: /sys and /dev are emulated from now on for this process. */
cumockdev_testbed *cumockdev_new(void);

/* Adds devices from a umockdev description (the text `umockdev-record` writes).
 * Returns 1 on success, 0 on failure with a message in `error` (may be NULL). */
int cumockdev_add_from_string(cumockdev_testbed *bed, const char *description, char *error, int error_size);

/* The device-side file descriptor of an emulated character device (for a tty: the pty behind it). */
int cumockdev_dev_fd(cumockdev_testbed *bed, const char *devnode);

/* Unplugs a device: sends the "remove" uevent, removes it (by its sysfs path)
 * and hangs up its emulated tty `devnode`, so a reader gets EIO as from a real unplug. */
void cumockdev_unplug(cumockdev_testbed *bed, const char *syspath, const char *devnode);

/* Ends the emulation and frees the testbed. */
void cumockdev_free(cumockdev_testbed *bed);

/* A USB glove behind the usbfs node `devnode` (attach it before adding its /sys description):
 * string descriptors 1-3 answer `manufacturer`, `product` and `serial`; bytes libusb writes to
 * bulk OUT are written to the stream socket `stream`, and a bulk IN read is answered with the
 * bytes waiting on it (looked at on each reap, so the glove at its other end paces the stream). */
typedef struct cumockdev_usb_glove cumockdev_usb_glove;
cumockdev_usb_glove *cumockdev_usb_glove_new(cumockdev_testbed *bed, const char *devnode, const char *manufacturer,
                                             const char *product, const char *serial, int stream);
/* From now on every transfer fails as from a device that is gone. */
void cumockdev_usb_glove_unplug(cumockdev_usb_glove *glove);
/* Bulk IN transfers completed with bytes so far, and bulk IN transfers waiting now. */
long cumockdev_usb_glove_reads_completed(cumockdev_usb_glove *glove);
int cumockdev_usb_glove_reads_waiting(cumockdev_usb_glove *glove);
void cumockdev_usb_glove_free(cumockdev_usb_glove *glove);

/* The testbed's umockdev object (for the fixtures in this library). */
struct _UMockdevTestbed;
struct _UMockdevTestbed *cumockdev_bed(cumockdev_testbed *bed);
#endif
