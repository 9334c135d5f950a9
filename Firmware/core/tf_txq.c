#include "tf_txq.h"

/* head and tail only grow (mod 2^32); the used bytes are tail - head <= capacity.
 * The producer writes the bytes, then publishes tail; the consumer reads the
 * byte, then publishes head. On a single-core Cortex-M aligned 32-bit stores are
 * atomic; the compiler barrier keeps the order. */
#define TF_BARRIER() __asm__ volatile("" ::: "memory")

void tf_txq_init(tf_txq *q) {
    q->head = 0;
    q->tail = 0;
    q->dropped = 0;
}

size_t tf_txq_free(const tf_txq *q) { return TF_TXQ_CAPACITY - (size_t)(q->tail - q->head); }

bool tf_txq_push_frame(tf_txq *q, const uint8_t *frame, size_t length) {
    if (length > tf_txq_free(q)) {
        q->dropped++;
        return false;
    }
    uint32_t tail = q->tail;
    for (size_t i = 0; i < length; i++) q->bytes[(tail + i) & (TF_TXQ_CAPACITY - 1)] = frame[i];
    TF_BARRIER();
    q->tail = tail + (uint32_t)length;
    return true;
}

int tf_txq_pop_byte(tf_txq *q) {
    uint32_t head = q->head;
    if (head == q->tail) return -1;
    uint8_t byte = q->bytes[head & (TF_TXQ_CAPACITY - 1)];
    TF_BARRIER();
    q->head = head + 1;
    return byte;
}
