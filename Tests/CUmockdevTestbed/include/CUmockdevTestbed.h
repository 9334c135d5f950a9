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
#endif
