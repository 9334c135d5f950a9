/* The glove's firmware: sampling, framing, commands and status, over the port
 * contract in tf_port.h. Interrupt handlers call the tf_glove_isr_* functions,
 * which only queue; the main loop calls tf_glove_poll(), which does the work. */
#ifndef TF_GLOVE_H
#define TF_GLOVE_H
#include <stdbool.h>
#include <stdint.h>

#include "tf_frame.h"
#include "tf_txq.h"

#define TF_GLOVE_FIRMWARE_MAJOR 1
#define TF_GLOVE_FIRMWARE_MINOR 0
#define TF_GLOVE_FIRMWARE_PATCH 0
#define TF_GLOVE_DEFAULT_RATE_HZ 500u
#define TF_GLOVE_MAX_RATE_HZ 2000u
#define TF_GLOVE_TICK_QUEUE 8u /* a power of two */
#define TF_GLOVE_RX_QUEUE 512u /* a power of two */

/* Counters the glove keeps (STATUS reports the first three). */
typedef struct {
    uint32_t samples_since_start;
    uint32_t adc_overruns;  /* sample ticks that found the tick queue full */
    uint32_t rx_overflows;  /* received bytes lost because the main loop fell behind */
    uint32_t rx_bad_frames; /* host frames with bad COBS, CRC or version, or overlong runs */
} tf_glove_counters;

void tf_glove_init(void);
void tf_glove_poll(void);

/* Interrupt entry points: they only queue. */
void tf_glove_isr_sample_tick(void);
void tf_glove_isr_adc_done(const uint16_t values[5]);
void tf_glove_isr_rx_byte(uint8_t byte);
int tf_glove_isr_tx_byte(void);

/* For tests and diagnostics. */
const tf_glove_counters *tf_glove_counters_now(void);
tf_txq *tf_glove_txq(void);
bool tf_glove_streaming(void);
uint16_t tf_glove_rate_hz(void);
/* Sets the next sequence number (tests of wrap-around). */
void tf_glove_set_sequence(uint16_t sequence);
#endif
