#define _GNU_SOURCE
#include "CTenderfootSys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static speed_t tf_speed(unsigned baud) {
    switch (baud) {
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 921600: return B921600;
    default: return 0;
    }
}

int tf_tty_configure_raw(int fd, unsigned baud) {
    speed_t speed = tf_speed(baud);
    if (speed == 0) { errno = EINVAL; return -1; }
    struct termios tio;
    if (tcgetattr(fd, &tio) != 0) return -1;
    cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~(CRTSCTS | CSTOPB | PARENB);
    tio.c_iflag &= ~(IXON | IXOFF | IXANY);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (cfsetispeed(&tio, speed) != 0 || cfsetospeed(&tio, speed) != 0) return -1;
    return tcsetattr(fd, TCSANOW, &tio);
}

int tf_pty_open(char *name, size_t name_size) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, name, name_size) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    struct termios tio;
    if (tcgetattr(fd, &tio) == 0) {
        cfmakeraw(&tio);
        tcsetattr(fd, TCSANOW, &tio);
    }
    return fd;
}

int tf_lock_exclusive(int fd) {
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) return 0;
    if (errno == EWOULDBLOCK) errno = EBUSY;
    return -1;
}

int tf_tty_open(const char *path) {
    int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return -1;
    if (!isatty(fd)) {
        close(fd);
        errno = ENOTTY;
        return -1;
    }
    if (tf_lock_exclusive(fd) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    /* Refuse later opens by other programs too, where the driver supports it. */
    (void)ioctl(fd, TIOCEXCL);
    return fd;
}

int tf_stdout_flush(void) {
    if (fflush(stdout) != 0) return -1;
    if (ferror(stdout)) { errno = EIO; return -1; }
    return 0;
}

void tf_stderr_write(const char *text) {
    fputs(text, stderr);
    fflush(stderr);
}
