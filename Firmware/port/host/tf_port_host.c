/* The board port for the host build: the core's unit tests drive time, the ADC
 * and the IMU from here. */
#include "tf_port_host.h"

#include "tf_glove.h"

tf_port_host_state tf_port_host;

void tf_port_host_reset(void) {
    tf_port_host = (tf_port_host_state){0};
    for (int i = 0; i < 5; i++) tf_port_host.adc[i] = (uint16_t)(100 * (i + 1));
    tf_port_host.accel[2] = 8192;
    tf_port_host.gyro[0] = 655;
}

uint32_t tf_port_micros(void) { return tf_port_host.micros; }
void tf_port_sampling_start(uint16_t rate_hz) { tf_port_host.sampling = true; tf_port_host.rate_hz = rate_hz; }
void tf_port_sampling_stop(void) { tf_port_host.sampling = false; }
void tf_port_adc_start_scan(void) { tf_port_host.scans++; tf_glove_isr_adc_done(tf_port_host.adc); }

bool tf_port_imu_read(int16_t accel[3], int16_t gyro[3]) {
    for (int i = 0; i < 3; i++) { accel[i] = tf_port_host.accel[i]; gyro[i] = tf_port_host.gyro[i]; }
    return true;
}

void tf_port_serial_tx_kick(void) { tf_port_host.kicks++; }
uint32_t tf_port_irq_save(void) { return 0; }
void tf_port_irq_restore(uint32_t state) { (void)state; }

void tf_port_serial_number(char out[17]) {
    const char *serial = "TFG-HOST-0001";
    int i = 0;
    for (; serial[i] != '\0'; i++) out[i] = serial[i];
    out[i] = '\0';
}
