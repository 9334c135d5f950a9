/* Reset and the vector table of the STM32F405 (16 system exceptions, 82 interrupts). */
#include <stdint.h>

#include "board.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);
void Reset_Handler(void);
void Default_Handler(void);

void Reset_Handler(void) {
    uint32_t *source = &_sidata;
    for (uint32_t *destination = &_sdata; destination < &_edata;) *destination++ = *source++;
    for (uint32_t *zero = &_sbss; zero < &_ebss;) *zero++ = 0;
    main();
    for (;;) {}
}

void Default_Handler(void) {
    for (;;) {}
}

/* Weak so the sensor file of each build supplies its own DMA handler, or none. */
__attribute__((weak, alias("Default_Handler"))) void DMA2_Stream0_IRQHandler(void);

#define IRQ(n) (16u + (n))
/* Every slot defaults to Default_Handler, then the used ones are named: a later
 * designated initializer overriding an earlier range is intended here. */
#pragma GCC diagnostic ignored "-Woverride-init"
typedef void (*vector)(void);

__attribute__((section(".isr_vector"), used)) static const vector vectors[16 + 82] = {
    [0] = (vector)(uintptr_t)&_estack,
    [1] = Reset_Handler,
    [2 ... 14] = Default_Handler,
    [15] = SysTick_Handler,
    [IRQ(0) ... IRQ(81)] = Default_Handler,
    [IRQ(USART1_IRQ)] = USART1_IRQHandler,
    [IRQ(DMA2_STREAM0_IRQ)] = DMA2_Stream0_IRQHandler,
};
