/* The STM32F405/F411 registers this port uses, from the reference manual RM0090
 * (addresses and bits), written out here so the port needs no vendor header. */
#ifndef STM32F4_REGS_H
#define STM32F4_REGS_H
#include <stdint.h>

#define REG(address) (*(volatile uint32_t *)(address))

/* Reset and clock control */
#define RCC_BASE 0x40023800u
#define RCC_CR REG(RCC_BASE + 0x00)
#define RCC_PLLCFGR REG(RCC_BASE + 0x04)
#define RCC_CFGR REG(RCC_BASE + 0x08)
#define RCC_AHB1ENR REG(RCC_BASE + 0x30)
#define RCC_APB1ENR REG(RCC_BASE + 0x40)
#define RCC_APB2ENR REG(RCC_BASE + 0x44)
#define RCC_CR_HSEON (1u << 16)
#define RCC_CR_HSERDY (1u << 17)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define RCC_AHB1ENR_GPIOA (1u << 0)
#define RCC_AHB1ENR_GPIOB (1u << 1)
#define RCC_AHB1ENR_DMA2 (1u << 22)
#define RCC_APB1ENR_I2C1 (1u << 21)
#define RCC_APB2ENR_USART1 (1u << 4)
#define RCC_APB2ENR_ADC1 (1u << 8)
#define FLASH_ACR REG(0x40023C00u)

/* GPIO */
#define GPIOA_BASE 0x40020000u
#define GPIOB_BASE 0x40020400u
#define GPIO_MODER(base) REG((base) + 0x00)
#define GPIO_OTYPER(base) REG((base) + 0x04)
#define GPIO_OSPEEDR(base) REG((base) + 0x08)
#define GPIO_PUPDR(base) REG((base) + 0x0C)
#define GPIO_AFRL(base) REG((base) + 0x20)
#define GPIO_AFRH(base) REG((base) + 0x24)

/* USART1 (APB2, 84 MHz) */
#define USART1_BASE 0x40011000u
#define USART1_SR REG(USART1_BASE + 0x00)
#define USART1_DR REG(USART1_BASE + 0x04)
#define USART1_BRR REG(USART1_BASE + 0x08)
#define USART1_CR1 REG(USART1_BASE + 0x0C)
#define USART_SR_ORE (1u << 3)
#define USART_SR_RXNE (1u << 5)
#define USART_SR_TXE (1u << 7)
#define USART_CR1_RE (1u << 2)
#define USART_CR1_TE (1u << 3)
#define USART_CR1_RXNEIE (1u << 5)
#define USART_CR1_TXEIE (1u << 7)
#define USART_CR1_UE (1u << 13)
#define USART1_IRQ 37u

/* ADC1 and DMA2 stream 0 (channel 0 carries ADC1) */
#define ADC1_BASE 0x40012000u
#define ADC1_SR REG(ADC1_BASE + 0x00)
#define ADC1_CR1 REG(ADC1_BASE + 0x04)
#define ADC1_CR2 REG(ADC1_BASE + 0x08)
#define ADC1_SMPR2 REG(ADC1_BASE + 0x10)
#define ADC1_SQR1 REG(ADC1_BASE + 0x2C)
#define ADC1_SQR3 REG(ADC1_BASE + 0x34)
#define ADC1_DR_ADDRESS (ADC1_BASE + 0x4C)
#define ADC_CR1_SCAN (1u << 8)
#define ADC_CR2_ADON (1u << 0)
#define ADC_CR2_DMA (1u << 8)
#define ADC_CR2_SWSTART (1u << 30)
#define DMA2_BASE 0x40026400u
#define DMA2_LISR REG(DMA2_BASE + 0x00)
#define DMA2_LIFCR REG(DMA2_BASE + 0x08)
#define DMA2_S0CR REG(DMA2_BASE + 0x10)
#define DMA2_S0NDTR REG(DMA2_BASE + 0x14)
#define DMA2_S0PAR REG(DMA2_BASE + 0x18)
#define DMA2_S0M0AR REG(DMA2_BASE + 0x1C)
#define DMA_SCR_EN (1u << 0)
#define DMA_SCR_TCIE (1u << 4)
#define DMA_SCR_MINC (1u << 10)
#define DMA_SCR_PSIZE_16 (1u << 11)
#define DMA_SCR_MSIZE_16 (1u << 13)
#define DMA_LISR_TCIF0 (1u << 5)
#define DMA_LIFCR_ALL0 0x3Du
#define DMA2_STREAM0_IRQ 56u

/* I2C1 (APB1, 42 MHz) */
#define I2C1_BASE 0x40005400u
#define I2C1_CR1 REG(I2C1_BASE + 0x00)
#define I2C1_CR2 REG(I2C1_BASE + 0x04)
#define I2C1_DR REG(I2C1_BASE + 0x10)
#define I2C1_SR1 REG(I2C1_BASE + 0x14)
#define I2C1_SR2 REG(I2C1_BASE + 0x18)
#define I2C1_CCR REG(I2C1_BASE + 0x1C)
#define I2C1_TRISE REG(I2C1_BASE + 0x20)
#define I2C_CR1_PE (1u << 0)
#define I2C_CR1_START (1u << 8)
#define I2C_CR1_STOP (1u << 9)
#define I2C_CR1_ACK (1u << 10)
#define I2C_SR1_SB (1u << 0)
#define I2C_SR1_ADDR (1u << 1)
#define I2C_SR1_BTF (1u << 2)
#define I2C_SR1_RXNE (1u << 6)
#define I2C_SR1_TXE (1u << 7)
#define I2C_SR1_AF (1u << 10)

/* Cortex-M4 core */
#define SYSTICK_CTRL REG(0xE000E010u)
#define SYSTICK_LOAD REG(0xE000E014u)
#define SYSTICK_VAL REG(0xE000E018u)
#define NVIC_ISER(n) REG(0xE000E100u + 4u * (n))
#define NVIC_ISPR(n) REG(0xE000E200u + 4u * (n))

/* The 96-bit unique device ID */
#define UID_BASE 0x1FFF7A10u

#define SYSCLK_HZ 168000000u
#endif
