#ifndef CTENDERFOOT_SYS_H
#define CTENDERFOOT_SYS_H

/* The few POSIX calls Swift cannot make directly (variadic ioctl, open with
 * flags, B921600 and friends). Each returns -1 and leaves errno set on failure. */

#include <stddef.h>

/* Opens a new pseudo-terminal pair in raw mode. Returns the controller's fd and
 * writes the device path of the other end (e.g. /dev/pts/3) into `name`. */
int tf_pty_open(char *name, size_t name_size);

/* Opens a terminal device read-write, without becoming its controlling
 * terminal, for exclusive use (TIOCEXCL). */
int tf_tty_open(const char *path);

/* Takes an advisory exclusive lock on an open port, as other serial tools
 * do; fails with EBUSY if another program holds it. */
int tf_lock_exclusive(int fd);

/* Raw 8N1 at `baud` (any standard rate up to 921600), no flow control,
 * reads return at once. */
int tf_tty_configure_raw(int fd, unsigned baud);

/* Flushes C's buffered standard output; fails if that or any earlier write to
 * it failed (errno is the flush's, or EIO when only an earlier one failed). */
int tf_stdout_flush(void);

/* Writes `text` to standard error, unbuffered; a failure is ignored. */
void tf_stderr_write(const char *text);

#endif
