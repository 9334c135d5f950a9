/* The emulation build's sensors (QEMU netduinoplus2, whose ADC model is a sawtooth that
 * never sets EOC): a deterministic pattern from the sample's index since START, the same
 * pattern the host's tests expect (Tests/TestSupport/PatternSource.swift). Each scan
 * "completes" at once, as a DMA interrupt would report it. */
#include "board.h"
#include "tf_glove.h"
#include "tf_port.h"

static uint32_t scans; /* since the stream started */
static uint32_t reads;

void board_sensors_init(void) {}

void board_sensors_stream_started(void) {
    scans = 0;
    reads = 0;
}

void tf_port_adc_start_scan(void) {
    uint16_t values[5];
    for (uint32_t i = 0; i < 5; i++) values[i] = (uint16_t)((scans * 7u + i * 409u) % 4096u);
    scans++;
    tf_glove_isr_adc_done(values);
}

bool tf_port_imu_read(int16_t accel[3], int16_t gyro[3]) {
    uint32_t n = reads++;
    accel[0] = (int16_t)(uint16_t)n;
    accel[1] = (int16_t)(uint16_t)(n >> 16);
    accel[2] = 8192;
    gyro[0] = (int16_t)(uint16_t)(n * 3u);
    gyro[1] = (int16_t)(-(int32_t)(n % 1000u));
    gyro[2] = 655;
    return true;
}

void tf_port_serial_number(char out[17]) {
    const char *serial = "TFG-EMU-00000001";
    for (int i = 0; i < 17; i++) out[i] = serial[i];
}
