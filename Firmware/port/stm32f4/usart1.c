/* USART1 at 921600 8N1 on PA9 (TX) and PA10 (RX), both directions interrupt-driven:
 * RXNE queues each byte for the core; TXE pulls the next byte from the core's queue. */
#include "board.h"
#include "tf_glove.h"
#include "tf_port.h"

void board_usart1_init(void) {
    RCC_AHB1ENR |= RCC_AHB1ENR_GPIOA;
    RCC_APB2ENR |= RCC_APB2ENR_USART1;
    GPIO_MODER(GPIOA_BASE) = (GPIO_MODER(GPIOA_BASE) & ~(0xFu << 18)) | (0xAu << 18); /* PA9, PA10 alternate */
    GPIO_AFRH(GPIOA_BASE) = (GPIO_AFRH(GPIOA_BASE) & ~(0xFFu << 4)) | (0x77u << 4);   /* AF7 */
    USART1_BRR = (5u << 4) | 11u; /* 84 MHz / (16 x 5.6875) = 923 kBd, 0.2 % from 921600 */
    USART1_CR1 = USART_CR1_UE | USART_CR1_TE | USART_CR1_RE | USART_CR1_RXNEIE;
    board_nvic_enable(USART1_IRQ);
}

void tf_port_serial_tx_kick(void) {
    uint32_t state = tf_port_irq_save();
    USART1_CR1 |= USART_CR1_TXEIE;
    NVIC_ISPR(USART1_IRQ / 32u) = 1u << (USART1_IRQ % 32u); /* run the handler now, whatever TXE does */
    tf_port_irq_restore(state);
}

void USART1_IRQHandler(void) {
    uint32_t status = USART1_SR;
    if (status & (USART_SR_RXNE | USART_SR_ORE)) tf_glove_isr_rx_byte((uint8_t)USART1_DR);
    if (USART1_CR1 & USART_CR1_TXEIE) {
        while (USART1_SR & USART_SR_TXE) {
            int byte = tf_glove_isr_tx_byte();
            if (byte < 0) {
                USART1_CR1 &= ~USART_CR1_TXEIE;
                break;
            }
            USART1_DR = (uint32_t)byte;
        }
    }
}
