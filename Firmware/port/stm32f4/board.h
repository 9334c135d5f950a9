/* The STM32F4 board port's own parts, shared by its files. */
#ifndef BOARD_H
#define BOARD_H
#include <stdint.h>

#include "stm32f4_regs.h"

void board_clock_init(void);
void board_systick_init(void);
/* Sample ticks at rate_hz (0 stops them). */
void board_systick_sample_rate(uint16_t rate_hz);
void board_usart1_init(void);
void board_sensors_init(void);
/* A new stream starts (START from idle). */
void board_sensors_stream_started(void);
void board_nvic_enable(uint32_t irq);

/* Interrupt handlers (startup.c puts them in the vector table). */
void SysTick_Handler(void);
void USART1_IRQHandler(void);
void DMA2_Stream0_IRQHandler(void);
#endif
