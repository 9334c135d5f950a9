/* What the host port lets a test control and observe. */
#ifndef TF_PORT_HOST_H
#define TF_PORT_HOST_H
#include <stdbool.h>
#include <stdint.h>

#include "tf_port.h"

typedef struct {
    uint32_t micros;
    bool sampling;
    uint16_t rate_hz;
    uint16_t adc[5];
    int16_t accel[3];
    int16_t gyro[3];
    uint32_t scans;
    uint32_t kicks;
} tf_port_host_state;

extern tf_port_host_state tf_port_host;
void tf_port_host_reset(void);
#endif
