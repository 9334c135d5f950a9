/* Consistent Overhead Byte Stuffing (standard COBS). */
#ifndef TF_COBS_H
#define TF_COBS_H
#include <stddef.h>
#include <stdint.h>

/* Encodes `length` bytes into `out` (room for length + length/254 + 1); returns the encoded length. */
size_t tf_cobs_encode(const uint8_t *data, size_t length, uint8_t *out);

/* Decodes `length` encoded bytes in place; returns the decoded length, or -1 if not valid COBS. */
int tf_cobs_decode_in_place(uint8_t *buffer, size_t length);
#endif
