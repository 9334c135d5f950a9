#ifndef CBOOST_SPSC_H
#define CBOOST_SPSC_H
/* boost::lockfree::spsc_queue (capacity 4096) driven through the same measurements
 * as Tenderfoot's ring: each function runs one measurement and returns nanoseconds. */
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/* item_size: 8 (uint64) or 32 (a struct laid out like a decoded sample). */

/* n pushes each followed by a pop, on one thread. */
uint64_t boost_single_thread_ns(int item_size, uint64_t n);

/* A producer thread pushes n items, the calling thread pops them; batch 1 moves one
 * item per call, batch > 1 uses the bulk push/pop. Both sides spin when full/empty. */
uint64_t boost_cross_thread_ns(int item_size, uint64_t n, int batch);

/* round_trips ping-pongs of one item through two queues; writes each round trip's ns. */
void boost_ping_pong(int item_size, uint64_t round_trips, uint64_t *latencies_ns);

#ifdef __cplusplus
}
#endif
#endif
