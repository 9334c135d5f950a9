/* The board's main: set up clocks, time base, serial and sensors, then let the core work. */
#include "board.h"
#include "tf_glove.h"

int main(void) {
    board_clock_init();
    board_usart1_init();
    board_sensors_init();
    tf_glove_init();
    board_systick_init();
    for (;;) {
        tf_glove_poll();
        __asm__ volatile("wfi"); /* every interrupt wakes the loop; SysTick does so 10,000 times a second */
    }
}
