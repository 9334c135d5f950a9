/* CRC-16/IBM-3740 (CCITT-FALSE): poly 0x1021, init 0xFFFF, no reflection. */
#ifndef TF_CRC16_H
#define TF_CRC16_H
#include <stddef.h>
#include <stdint.h>

#define TF_CRC16_INIT 0xFFFFu
uint16_t tf_crc16_update(uint16_t crc, const uint8_t *data, size_t length);
#endif
