#include "tf_frame.h"

#include "tf_cobs.h"
#include "tf_crc16.h"

static uint8_t *put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); return p + 2; }
static uint8_t *put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
    return p + 4;
}
static uint8_t *put_padded(uint8_t *p, const char *text, size_t width) {
    size_t i = 0;
    for (; i < width && text[i] != '\0'; i++) p[i] = (uint8_t)text[i];
    for (; i < width; i++) p[i] = 0;
    return p + width;
}

size_t tf_frame_sample_body(const tf_sample *s, uint8_t *body) {
    uint8_t *p = put32(body, s->t_us);
    for (int i = 0; i < 5; i++) p = put16(p, s->force[i]);
    for (int i = 0; i < 3; i++) p = put16(p, (uint16_t)s->accel[i]);
    for (int i = 0; i < 3; i++) p = put16(p, (uint16_t)s->gyro[i]);
    return (size_t)(p - body);
}

size_t tf_frame_device_info_body(const tf_device_info *d, uint8_t *body) {
    uint8_t *p = body;
    *p++ = d->firmware[0]; *p++ = d->firmware[1]; *p++ = d->firmware[2];
    *p++ = d->force_channels;
    *p++ = d->adc_bits;
    *p++ = d->imu_flags;
    p = put16(p, d->rate_hz);
    p = put16(p, d->max_rate_hz);
    p = put16(p, d->accel_lsb_per_g);
    p = put16(p, d->gyro_lsb_per_dps_x10);
    p = put_padded(p, d->serial, 16);
    p = put_padded(p, d->model, 16);
    return (size_t)(p - body);
}

size_t tf_frame_status_body(const tf_status *s, uint8_t *body) {
    uint8_t *p = put32(body, s->uptime_ms);
    *p++ = s->state;
    *p++ = 0;
    p = put16(p, s->rate_hz);
    p = put32(p, s->samples_since_start);
    p = put32(p, s->adc_overruns);
    p = put32(p, s->tx_dropped);
    p = put16(p, s->battery_mv);
    return (size_t)(p - body);
}

size_t tf_frame_ack_body(const tf_ack *a, uint8_t *body) {
    uint8_t *p = put16(body, a->command_sequence);
    *p++ = a->command_type;
    *p++ = a->result;
    return (size_t)(p - body);
}

size_t tf_frame_log_body(uint8_t level, const char *text, uint8_t *body) {
    size_t n = 0;
    body[0] = level;
    while (n < 199 && text[n] != '\0') { body[1 + n] = (uint8_t)text[n]; n++; }
    return 1 + n;
}

size_t tf_frame_encode(uint8_t type, uint16_t sequence, const uint8_t *body, size_t body_length, uint8_t *out) {
    uint8_t raw[TF_FRAME_MAX_DECODED];
    raw[0] = TF_FRAME_VERSION;
    raw[1] = type;
    put16(raw + 2, sequence);
    for (size_t i = 0; i < body_length; i++) raw[4 + i] = body[i];
    uint16_t crc = tf_crc16_update(TF_CRC16_INIT, raw, 4 + body_length);
    put16(raw + 4 + body_length, crc);
    size_t n = tf_cobs_encode(raw, 6 + body_length, out);
    out[n++] = 0;
    return n;
}

bool tf_frame_body_length_ok(uint8_t type, size_t length) {
    switch (type) {
    case TF_FRAME_SAMPLE: return length == 26;
    case TF_FRAME_DEVICE_INFO: return length == 46;
    case TF_FRAME_STATUS: return length == 22;
    case TF_FRAME_ACK: return length == 4;
    case TF_FRAME_LOG: return length >= 1 && length <= 200;
    case TF_FRAME_IDENTIFY:
    case TF_FRAME_STOP:
    case TF_FRAME_GET_STATUS: return length == 0;
    case TF_FRAME_START: return length == 2;
    default: return false;
    }
}

static bool known_type(uint8_t type) {
    return (type >= TF_FRAME_SAMPLE && type <= TF_FRAME_LOG) || (type >= TF_FRAME_IDENTIFY && type <= TF_FRAME_GET_STATUS);
}

enum tf_frame_error tf_frame_decode(uint8_t *run, size_t length, tf_frame_view *view) {
    int decoded = tf_cobs_decode_in_place(run, length);
    if (decoded < 0) return TF_FRAME_BAD_COBS;
    size_t n = (size_t)decoded;
    if (n < 6 || n > TF_FRAME_MAX_DECODED) return TF_FRAME_BAD_LENGTH;
    if (tf_crc16_update(TF_CRC16_INIT, run, n - 2) != tf_le16(run + n - 2)) return TF_FRAME_BAD_CRC;
    if (run[0] != TF_FRAME_VERSION) return TF_FRAME_BAD_VERSION;
    view->type = run[1];
    view->sequence = tf_le16(run + 2);
    view->body = run + 4;
    view->body_length = n - 6;
    if (!known_type(run[1])) return TF_FRAME_UNKNOWN_TYPE;
    if (!tf_frame_body_length_ok(run[1], n - 6)) return TF_FRAME_BAD_BODY_LENGTH;
    return TF_FRAME_OK;
}
