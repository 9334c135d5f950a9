#include "CUmockdevTestbed.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <umockdev.h>

struct cumockdev_testbed { UMockdevTestbed *bed; };

int cumockdev_is_preloaded(void) {
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "libumockdev-preload") ? 1 : 0;
}

cumockdev_testbed *cumockdev_new(void) {
    cumockdev_testbed *t = g_new0(cumockdev_testbed, 1);
    t->bed = umockdev_testbed_new();
    return t;
}

int cumockdev_add_from_string(cumockdev_testbed *t, const char *description, char *error, int error_size) {
    GError *err = NULL;
    if (umockdev_testbed_add_from_string(t->bed, description, &err)) return 1;
    if (error && error_size > 0) snprintf(error, (size_t)error_size, "%s", err ? err->message : "unknown error");
    g_clear_error(&err);
    return 0;
}

int cumockdev_dev_fd(cumockdev_testbed *t, const char *devnode) {
    return umockdev_testbed_get_dev_fd(t->bed, devnode);
}

void cumockdev_unplug(cumockdev_testbed *t, const char *syspath, const char *devnode) {
    int fd = umockdev_testbed_get_dev_fd(t->bed, devnode);
    umockdev_testbed_uevent(t->bed, syspath, "remove");
    umockdev_testbed_remove_device(t->bed, syspath);
    if (fd >= 0) {
        /* Drop the testbed's reference to the pty's device side without freeing the
         * descriptor number it will close later: point that number at /dev/null. */
        int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd >= 0) {
            dup2(null_fd, fd);
            close(null_fd);
        }
    }
}

struct _UMockdevTestbed *cumockdev_bed(cumockdev_testbed *t) { return t->bed; }

void cumockdev_free(cumockdev_testbed *t) {
    g_object_unref(t->bed);
    g_free(t);
}
