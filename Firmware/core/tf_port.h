/* The contract between the glove's portable core and a board port.
 *
 * The core never includes a vendor header. A port implements every function
 * below and calls the core's tf_glove_isr_* entry points from its interrupt
 * handlers; those only queue. The main loop calls tf_glove_poll(), which does
 * the work. */
#ifndef TF_PORT_H
#define TF_PORT_H

#include <stdbool.h>
#include <stdint.h>

/* Time: a free-running microsecond clock (wraps every 2^32 us, about 71.6 min). */
uint32_t tf_port_micros(void);

/* Sampling: call tf_glove_isr_sample_tick() at rate_hz until stopped. */
void tf_port_sampling_start(uint16_t rate_hz);
void tf_port_sampling_stop(void);

/* ADC: start one scan of the five force channels (thumb..little). When the
 * conversion is done (DMA complete), the port calls tf_glove_isr_adc_done(). */
void tf_port_adc_start_scan(void);

/* IMU: read accelerometer and gyroscope (raw, glove axes). False if it failed.
 * Called from the main loop. */
bool tf_port_imu_read(int16_t accel[3], int16_t gyro[3]);

/* Serial: bytes are waiting in the transmit queue; start sending them by
 * pulling tf_glove_isr_tx_byte() until it returns -1. Received bytes go to
 * tf_glove_isr_rx_byte(). */
void tf_port_serial_tx_kick(void);

/* Critical sections around state shared with interrupts. */
uint32_t tf_port_irq_save(void);
void tf_port_irq_restore(uint32_t state);

/* The device's serial number: NUL-terminated ASCII, at most 16 characters. */
void tf_port_serial_number(char out[17]);

#endif
