/* SysTick at 10 kHz is the time base: the microsecond clock, and the sample
 * ticks at the commanded rate (a rate that does not divide 10 kHz is spread
 * evenly, Bresenham style). */
#include "board.h"
#include "tf_glove.h"
#include "tf_port.h"

#define TICK_HZ 10000u
#define TICK_US (1000000u / TICK_HZ)
#define RELOAD (SYSCLK_HZ / TICK_HZ - 1u)

static volatile uint32_t micros_base;
static volatile uint32_t sample_rate;
static uint32_t sample_accumulator;

void board_systick_init(void) {
    SYSTICK_LOAD = RELOAD;
    SYSTICK_VAL = 0;
    SYSTICK_CTRL = 7u; /* processor clock, interrupt, enable */
}

void board_systick_sample_rate(uint16_t rate_hz) {
    uint32_t state = tf_port_irq_save();
    sample_rate = rate_hz;
    sample_accumulator = TICK_HZ; /* the first sample on the next tick */
    tf_port_irq_restore(state);
}

void SysTick_Handler(void) {
    micros_base += TICK_US;
    if (sample_rate != 0) {
        sample_accumulator += sample_rate;
        if (sample_accumulator >= TICK_HZ) {
            sample_accumulator -= TICK_HZ;
            tf_glove_isr_sample_tick();
        }
    }
}

uint32_t tf_port_micros(void) {
    uint32_t base, count;
    do {
        base = micros_base;
        count = SYSTICK_VAL;
    } while (base != micros_base);
    return base + (RELOAD - count) / (SYSCLK_HZ / 1000000u);
}

void tf_port_sampling_start(uint16_t rate_hz) {
    if (sample_rate == 0) board_sensors_stream_started();
    board_systick_sample_rate(rate_hz);
}

void tf_port_sampling_stop(void) { board_systick_sample_rate(0); }

uint32_t tf_port_irq_save(void) {
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n cpsid i" : "=r"(primask)::"memory");
    return primask;
}

void tf_port_irq_restore(uint32_t state) { __asm__ volatile("msr primask, %0" ::"r"(state) : "memory"); }
