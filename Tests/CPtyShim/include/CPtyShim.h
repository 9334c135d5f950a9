#ifndef CPTYSHIM_H
#define CPTYSHIM_H
/* Test fixture, never linked into the product: makes libserialport 0.1.1 open
 * pseudo-terminals (and umockdev's pty-backed ttys) by interposing ioctl,
 * readlink and __lxstat in the test binary. See shim.c. */

/* How many modem-line ioctls were emulated so far (to show the shim is in use). */
int cptyshim_emulated_calls(void);
#endif
