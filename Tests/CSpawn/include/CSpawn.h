#ifndef CSPAWN_H
#define CSPAWN_H
/* Test fixture, never linked into the product: the two GNU calls the tests' process runner
 * (TestSupport's ChildProcess) needs that Swift's Glibc module does not show. See spawn.c. */
#include <spawn.h>

/* pipe2(fds, O_CLOEXEC): both ends close-on-exec from the start. 0, or -1 with errno set. */
int cspawn_pipe_cloexec(int fds[2]);

/* posix_spawn_file_actions_addclosefrom_np: the child closes every descriptor from `from` up.
 * 0, or an error number. */
int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);
#endif
