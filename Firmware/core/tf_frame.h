/* Glove wire protocol v1: frame layout, encoding of device-to-host frames,
 * and decoding of any frame (the host's commands, and the golden vectors). */
#ifndef TF_FRAME_H
#define TF_FRAME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TF_FRAME_VERSION 1u
#define TF_FRAME_MAX_DECODED 250u
#define TF_FRAME_MAX_RUN 256u
/* The longest encoded frame with its delimiter. */
#define TF_FRAME_MAX_ENCODED (TF_FRAME_MAX_DECODED + TF_FRAME_MAX_DECODED / 254u + 2u)

enum tf_frame_type {
    TF_FRAME_SAMPLE = 0x01,
    TF_FRAME_DEVICE_INFO = 0x02,
    TF_FRAME_STATUS = 0x03,
    TF_FRAME_ACK = 0x04,
    TF_FRAME_LOG = 0x05,
    TF_FRAME_IDENTIFY = 0x10,
    TF_FRAME_START = 0x11,
    TF_FRAME_STOP = 0x12,
    TF_FRAME_GET_STATUS = 0x13,
};

enum tf_ack_result { TF_ACK_OK = 0, TF_ACK_UNKNOWN = 1, TF_ACK_BAD_ARGUMENT = 2, TF_ACK_NOT_ALLOWED = 3 };

typedef struct {
    uint32_t t_us;
    uint16_t force[5];
    int16_t accel[3];
    int16_t gyro[3];
} tf_sample;

typedef struct {
    uint8_t firmware[3];
    uint8_t force_channels;
    uint8_t adc_bits;
    uint8_t imu_flags;
    uint16_t rate_hz;
    uint16_t max_rate_hz;
    uint16_t accel_lsb_per_g;
    uint16_t gyro_lsb_per_dps_x10;
    char serial[17];
    char model[17];
} tf_device_info;

typedef struct {
    uint32_t uptime_ms;
    uint8_t state;
    uint16_t rate_hz;
    uint32_t samples_since_start;
    uint32_t adc_overruns;
    uint32_t tx_dropped;
    uint16_t battery_mv;
} tf_status;

typedef struct {
    uint16_t command_sequence;
    uint8_t command_type;
    uint8_t result;
} tf_ack;

/* Body writers: each fills `body` and returns its length. */
size_t tf_frame_sample_body(const tf_sample *sample, uint8_t *body);
size_t tf_frame_device_info_body(const tf_device_info *info, uint8_t *body);
size_t tf_frame_status_body(const tf_status *status, uint8_t *body);
size_t tf_frame_ack_body(const tf_ack *ack, uint8_t *body);
size_t tf_frame_log_body(uint8_t level, const char *text, uint8_t *body);

/* Builds a whole frame (header, body, CRC), COBS-encodes it and adds the
 * delimiter. `out` has room for TF_FRAME_MAX_ENCODED bytes. Returns its length. */
size_t tf_frame_encode(uint8_t type, uint16_t sequence, const uint8_t *body, size_t body_length, uint8_t *out);

/* Why a run of bytes between delimiters is not a usable frame. */
enum tf_frame_error {
    TF_FRAME_OK = 0,
    TF_FRAME_BAD_COBS,
    TF_FRAME_BAD_LENGTH,
    TF_FRAME_BAD_CRC,
    TF_FRAME_BAD_VERSION,
    TF_FRAME_UNKNOWN_TYPE,
    /* A known type with a body of the wrong length: the view's type and sequence are valid. */
    TF_FRAME_BAD_BODY_LENGTH,
};

typedef struct {
    uint8_t type;
    uint16_t sequence;
    const uint8_t *body;
    size_t body_length;
} tf_frame_view;

/* Decodes one encoded run (without its delimiter) in place and checks it. The
 * view points into `run`; it is filled for OK, UNKNOWN_TYPE and BAD_BODY_LENGTH.
 * BAD_LENGTH is a run too short for a header and CRC, or too long. */
enum tf_frame_error tf_frame_decode(uint8_t *run, size_t length, tf_frame_view *view);

/* The body lengths a type allows; false for an unknown type. */
bool tf_frame_body_length_ok(uint8_t type, size_t length);

/* Little-endian helpers. */
static inline uint16_t tf_le16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t tf_le32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
#endif
