/* 168 MHz from an 8 MHz crystal: HSE -> PLL (M 8, N 336, P 2, Q 7); AHB 168, APB1 42, APB2 84 MHz.
 * Each wait is bounded, so a missing crystal leaves the chip on its 16 MHz HSI instead of hanging. */
#include "board.h"

#if !TF_EMULATION
static int wait_for(volatile uint32_t *reg, uint32_t bit) {
    for (uint32_t i = 0; i < 200000u; i++) {
        if (*reg & bit) return 1;
    }
    return 0;
}
#endif

void board_clock_init(void) {
#if TF_EMULATION
    /* QEMU's netduinoplus2 models the 168 MHz system clock and no RCC. */
#else
    RCC_CR |= RCC_CR_HSEON;
    if (!wait_for(&RCC_CR, RCC_CR_HSERDY)) return;
    RCC_PLLCFGR = 8u | (336u << 6) | (0u << 16) | (1u << 22) | (7u << 24); /* M, N, P=2, HSE source, Q */
    RCC_CFGR = (5u << 10) | (4u << 13);                                    /* APB1 /4, APB2 /2 */
    FLASH_ACR = 5u | (1u << 8) | (1u << 9) | (1u << 10);                   /* 5 wait states, caches */
    RCC_CR |= RCC_CR_PLLON;
    if (!wait_for(&RCC_CR, RCC_CR_PLLRDY)) return;
    RCC_CFGR = (RCC_CFGR & ~3u) | 2u;                                       /* SYSCLK = PLL */
    for (uint32_t i = 0; i < 200000u && ((RCC_CFGR >> 2) & 3u) != 2u; i++) {}
#endif
}

void board_nvic_enable(uint32_t irq) { NVIC_ISER(irq / 32u) = 1u << (irq % 32u); }
