/* The transmit queue: encoded frames from the main loop to the serial
 * interrupt. Single producer (main loop), single consumer (TX interrupt). A
 * frame that does not fit whole is dropped and counted; sampling never waits. */
#ifndef TF_TXQ_H
#define TF_TXQ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TF_TXQ_CAPACITY 2048u /* a power of two */

typedef struct {
    uint8_t bytes[TF_TXQ_CAPACITY];
    volatile uint32_t head; /* bytes ever taken by the interrupt */
    volatile uint32_t tail; /* bytes ever added by the main loop */
    uint32_t dropped;       /* frames that did not fit */
} tf_txq;

void tf_txq_init(tf_txq *q);
/* Adds a whole frame, or drops it and counts it. Main loop only. */
bool tf_txq_push_frame(tf_txq *q, const uint8_t *frame, size_t length);
/* The next byte to send, or -1 when empty. Interrupt only. */
int tf_txq_pop_byte(tf_txq *q);
size_t tf_txq_free(const tf_txq *q);
#endif
