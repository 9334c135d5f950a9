/* Test-only interposer that lets libserialport 0.1.1 open a pseudo-terminal.
 *
 * libserialport needs (1) /sys/class/tty/<name> to be a symlink (lstat, then
 * readlink), which a pty under /dev/pts has not, and (2) TIOCMGET and friends,
 * which a pty (and umockdev 0.17's emulated tty) answers with ENOTTY; for rates
 * above 460800 it also uses TCGETS2/TCSETS2, which umockdev does not answer.
 * Each call goes to the real one first (dlsym RTLD_NEXT); only when that fails
 * in one of these known ways is the answer emulated. Linked into the test binary
 * only. */
#define _GNU_SOURCE
#include "CPtyShim.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHIM_TCGETS2 0x802C542AUL
#define SHIM_TCSETS2 0x402C542BUL
#define SHIM_TCSETSW2 0x402C542CUL
#define SHIM_TCSETSF2 0x402C542DUL
#define SHIM_KERNEL_TERMIOS_SIZE 36
#define SHIM_MAX_FD 4096

static int modem_bits[SHIM_MAX_FD];
static int emulated;

int cptyshim_emulated_calls(void) { return __atomic_load_n(&emulated, __ATOMIC_RELAXED); }

static void count(void) { __atomic_fetch_add(&emulated, 1, __ATOMIC_RELAXED); }

/* The real function `name`, looked up once; threads may race to look it up, which is harmless,
 * and the pointer is published with release/acquire so ThreadSanitizer sees that too. */
static void *real(void **slot, const char *name) {
    void *function = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!function) {
        function = dlsym(RTLD_NEXT, name);
        __atomic_store_n(slot, function, __ATOMIC_RELEASE);
    }
    return function;
}

int ioctl(int fd, unsigned long request, ...) {
    va_list args;
    va_start(args, request);
    void *arg = va_arg(args, void *);
    va_end(args);
    static void *real_ioctl_slot;
    int (*real_ioctl)(int, unsigned long, ...) = (int (*)(int, unsigned long, ...))real(&real_ioctl_slot, "ioctl");
    int result = real_ioctl(fd, request, arg);
    if (result == 0 || (errno != ENOTTY && errno != EINVAL) || fd < 0 || fd >= SHIM_MAX_FD) return result;
    int *bits = arg;
    switch (request) {
    case TIOCMGET: count(); *bits = modem_bits[fd]; return 0;
    case TIOCMSET: count(); modem_bits[fd] = *bits; return 0;
    case TIOCMBIS: count(); modem_bits[fd] |= *bits; return 0;
    case TIOCMBIC: count(); modem_bits[fd] &= ~*bits; return 0;
    /* struct termios2 starts with the kernel's struct termios: answer with the plain
     * calls, made as system calls so that umockdev's ioctl does not refuse them too. */
    case SHIM_TCGETS2:
        count();
        memset(arg, 0, 44);
        return (int)syscall(SYS_ioctl, fd, TCGETS, arg);
    case SHIM_TCSETS2: count(); return (int)syscall(SYS_ioctl, fd, TCSETS, arg);
    case SHIM_TCSETSW2: count(); return (int)syscall(SYS_ioctl, fd, TCSETSW, arg);
    case SHIM_TCSETSF2: count(); return (int)syscall(SYS_ioctl, fd, TCSETSF, arg);
    default: errno = ENOTTY; return result;
    }
}

/* /sys/class/tty/pts/N: make libserialport see a native (non-USB) tty. */
static int is_pts_sysfs(const char *path) { return strncmp(path, "/sys/class/tty/pts/", 19) == 0; }

ssize_t readlink(const char *path, char *buf, size_t size) {
    static void *real_readlink_slot;
    ssize_t (*real_readlink)(const char *, char *, size_t) = (ssize_t (*)(const char *, char *, size_t))real(&real_readlink_slot, "readlink");
    if (is_pts_sysfs(path)) {
        int n = snprintf(buf, size, "../../devices/virtual/tty/pts%s", path + 19);
        return n < (int)size ? n : (ssize_t)size;
    }
    return real_readlink(path, buf, size);
}

int __lxstat(int version, const char *path, struct stat *st) {
    static void *real_lxstat_slot;
    int (*real_lxstat)(int, const char *, struct stat *) = (int (*)(int, const char *, struct stat *))real(&real_lxstat_slot, "__lxstat");
    if (is_pts_sysfs(path)) {
        memset(st, 0, sizeof *st);
        st->st_mode = S_IFLNK | 0777;
        return 0;
    }
    return real_lxstat(version, path, st);
}
