/* The reference glove's sensors: five FSR dividers on PA0..PA4 (ADC1 channels 0..4),
 * scanned by ADC1 into memory by DMA2 stream 0 (never polling EOC); an MPU-6050 on I2C1
 * (PB6 SCL, PB7 SDA) at ±4 g and ±500 deg/s; the serial number from the 96-bit unique ID. */
#include "board.h"
#include "tf_glove.h"
#include "tf_port.h"

#define MPU_ADDRESS 0x68u
#define MPU_PWR_MGMT_1 0x6Bu
#define MPU_GYRO_CONFIG 0x1Bu
#define MPU_ACCEL_CONFIG 0x1Cu
#define MPU_ACCEL_XOUT_H 0x3Bu
#define I2C_TIMEOUT 20000u

static volatile uint16_t scan[5];

static int i2c_wait(uint32_t bit) {
    for (uint32_t i = 0; i < I2C_TIMEOUT; i++) {
        uint32_t status = I2C1_SR1;
        if (status & I2C_SR1_AF) { I2C1_SR1 = ~I2C_SR1_AF; return 0; }
        if (status & bit) return 1;
    }
    return 0;
}

static int i2c_start(uint8_t address_rw) {
    I2C1_CR1 |= I2C_CR1_START;
    if (!i2c_wait(I2C_SR1_SB)) return 0;
    I2C1_DR = address_rw;
    if (!i2c_wait(I2C_SR1_ADDR)) return 0;
    (void)I2C1_SR2; /* reading SR1 then SR2 clears ADDR */
    return 1;
}

static int mpu_write(uint8_t reg, uint8_t value) {
    int ok = i2c_start(MPU_ADDRESS << 1) && (I2C1_DR = reg, i2c_wait(I2C_SR1_TXE)) && (I2C1_DR = value, i2c_wait(I2C_SR1_BTF));
    I2C1_CR1 |= I2C_CR1_STOP;
    return ok;
}

static int mpu_read(uint8_t reg, uint8_t *out, uint32_t count) {
    int ok = i2c_start(MPU_ADDRESS << 1) && (I2C1_DR = reg, i2c_wait(I2C_SR1_BTF));
    if (!ok) { I2C1_CR1 |= I2C_CR1_STOP; return 0; }
    I2C1_CR1 |= I2C_CR1_ACK;
    if (!i2c_start((uint8_t)((MPU_ADDRESS << 1) | 1u))) { I2C1_CR1 |= I2C_CR1_STOP; return 0; }
    for (uint32_t i = 0; i < count; i++) {
        if (i == count - 1) { I2C1_CR1 &= ~I2C_CR1_ACK; I2C1_CR1 |= I2C_CR1_STOP; }
        if (!i2c_wait(I2C_SR1_RXNE)) return 0;
        out[i] = (uint8_t)I2C1_DR;
    }
    return 1;
}

void board_sensors_init(void) {
    RCC_AHB1ENR |= RCC_AHB1ENR_GPIOA | RCC_AHB1ENR_GPIOB | RCC_AHB1ENR_DMA2;
    RCC_APB2ENR |= RCC_APB2ENR_ADC1;
    RCC_APB1ENR |= RCC_APB1ENR_I2C1;
    GPIO_MODER(GPIOA_BASE) |= 0x3FFu; /* PA0..PA4 analog */

    ADC1_CR1 = ADC_CR1_SCAN;
    ADC1_SMPR2 = 0x4924u;            /* channels 0..4: 84 cycles */
    ADC1_SQR1 = (5u - 1u) << 20;      /* five conversions */
    ADC1_SQR3 = 0u | (1u << 5) | (2u << 10) | (3u << 15) | (4u << 20);
    ADC1_CR2 = ADC_CR2_ADON | ADC_CR2_DMA;
    DMA2_S0PAR = ADC1_DR_ADDRESS;
    DMA2_S0M0AR = (uint32_t)(uintptr_t)scan;
    DMA2_S0CR = DMA_SCR_TCIE | DMA_SCR_MINC | DMA_SCR_PSIZE_16 | DMA_SCR_MSIZE_16; /* channel 0, peripheral to memory */
    board_nvic_enable(DMA2_STREAM0_IRQ);

    /* PB6, PB7: alternate function 4, open drain, pull-up. */
    GPIO_MODER(GPIOB_BASE) = (GPIO_MODER(GPIOB_BASE) & ~(0xFu << 12)) | (0xAu << 12);
    GPIO_OTYPER(GPIOB_BASE) |= (3u << 6);
    GPIO_PUPDR(GPIOB_BASE) = (GPIO_PUPDR(GPIOB_BASE) & ~(0xFu << 12)) | (0x5u << 12);
    GPIO_AFRL(GPIOB_BASE) = (GPIO_AFRL(GPIOB_BASE) & ~(0xFFu << 24)) | (0x44u << 24);
    I2C1_CR2 = 42u;            /* APB1 MHz */
    I2C1_CCR = (1u << 15) | 35u; /* fast mode, 400 kHz */
    I2C1_TRISE = 13u;
    I2C1_CR1 = I2C_CR1_PE;
    mpu_write(MPU_PWR_MGMT_1, 0x01);   /* wake, gyro X PLL clock */
    mpu_write(MPU_ACCEL_CONFIG, 0x08); /* ±4 g: 8192 LSB/g */
    mpu_write(MPU_GYRO_CONFIG, 0x08);  /* ±500 deg/s: 65.5 LSB per deg/s */
}

void board_sensors_stream_started(void) {}

void tf_port_adc_start_scan(void) {
    DMA2_LIFCR = DMA_LIFCR_ALL0;
    DMA2_S0NDTR = 5;
    DMA2_S0CR |= DMA_SCR_EN;
    ADC1_CR2 |= ADC_CR2_SWSTART;
}

void DMA2_Stream0_IRQHandler(void) {
    if (DMA2_LISR & DMA_LISR_TCIF0) {
        DMA2_LIFCR = DMA_LIFCR_ALL0;
        uint16_t values[5];
        for (int i = 0; i < 5; i++) values[i] = scan[i];
        tf_glove_isr_adc_done(values);
    }
}

bool tf_port_imu_read(int16_t accel[3], int16_t gyro[3]) {
    uint8_t raw[14];
    if (!mpu_read(MPU_ACCEL_XOUT_H, raw, sizeof raw)) return false;
    /* The IMU is mounted with its axes along the glove's: x to the fingertips, y to the thumb, z out of the hand. */
    for (int i = 0; i < 3; i++) {
        accel[i] = (int16_t)((raw[2 * i] << 8) | raw[2 * i + 1]);
        gyro[i] = (int16_t)((raw[8 + 2 * i] << 8) | raw[9 + 2 * i]);
    }
    return true;
}

void tf_port_serial_number(char out[17]) {
    const volatile uint32_t *uid = (const volatile uint32_t *)UID_BASE;
    uint32_t high = uid[0] ^ (uid[2] << 7), low = uid[1] ^ (uid[2] >> 3);
    const char digits[] = "0123456789ABCDEF";
    out[0] = 'T'; out[1] = 'F'; out[2] = 'G'; out[3] = '-';
    for (int i = 0; i < 4; i++) out[4 + i] = digits[(high >> (12 - 4 * i)) & 0xFu];
    for (int i = 0; i < 8; i++) out[8 + i] = digits[(low >> (28 - 4 * i)) & 0xFu];
    out[16] = '\0';
}
