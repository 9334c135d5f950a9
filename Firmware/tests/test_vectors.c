/* The shared golden vectors (Tests/Vectors/wire-v1.vectors), byte for byte. */
#include <stdlib.h>
#include <string.h>

#include "tf_frame.h"
#include "tf_glove.h"
#include "tf_port_host.h"
#include "tf_test.h"

#ifndef TF_VECTORS_PATH
#error "TF_VECTORS_PATH names Tests/Vectors/wire-v1.vectors"
#endif

typedef struct {
    char name[64];
    char keys[24][24];
    char values[24][600];
    int count;
} vector_line;

static const char *field(const vector_line *v, const char *key) {
    for (int i = 0; i < v->count; i++) if (strcmp(v->keys[i], key) == 0) return v->values[i];
    return NULL;
}

static long number(const vector_line *v, const char *key) {
    const char *text = field(v, key);
    CHECK(text != NULL);
    return text ? strtol(text, NULL, 10) : 0;
}

static int list(const vector_line *v, const char *key, long *out, int max) {
    const char *text = field(v, key);
    int n = 0;
    while (text && *text && n < max) {
        char *end;
        out[n++] = strtol(text, &end, 10);
        text = *end == ',' ? end + 1 : end;
    }
    return n;
}

static size_t hex(const char *text, uint8_t *out) {
    size_t n = 0;
    for (; text && text[0] && text[1]; text += 2) {
        char pair[3] = {text[0], text[1], 0};
        out[n++] = (uint8_t)strtoul(pair, NULL, 16);
    }
    return n;
}

static int parse(char *line, vector_line *v) {
    char *token = strtok(line, " \n");
    if (!token || token[0] == '#') return 0;
    snprintf(v->name, sizeof v->name, "%s", token);
    v->count = 0;
    while ((token = strtok(NULL, " \n")) && v->count < 24) {
        char *eq = strchr(token, '=');
        if (!eq) continue;
        *eq = 0;
        snprintf(v->keys[v->count], sizeof v->keys[0], "%s", token);
        snprintf(v->values[v->count], sizeof v->values[0], "%s", eq + 1);
        v->count++;
    }
    return 1;
}

static void check_device_frame(const vector_line *v, const char *type) {
    uint8_t body[256], frame[TF_FRAME_MAX_ENCODED], wire[600];
    size_t length = 0;
    uint8_t code = 0;
    long values[8];
    if (strcmp(type, "sample") == 0) {
        tf_sample s = {.t_us = (uint32_t)strtoul(field(v, "t_us"), NULL, 10)};
        list(v, "force", values, 5); for (int i = 0; i < 5; i++) s.force[i] = (uint16_t)values[i];
        list(v, "accel", values, 3); for (int i = 0; i < 3; i++) s.accel[i] = (int16_t)values[i];
        list(v, "gyro", values, 3); for (int i = 0; i < 3; i++) s.gyro[i] = (int16_t)values[i];
        length = tf_frame_sample_body(&s, body);
        code = TF_FRAME_SAMPLE;
    } else if (strcmp(type, "device_info") == 0) {
        tf_device_info d = {0};
        const char *fw = field(v, "fw");
        d.firmware[0] = (uint8_t)strtol(fw, NULL, 10);
        d.firmware[1] = (uint8_t)strtol(strchr(fw, '.') + 1, NULL, 10);
        d.firmware[2] = (uint8_t)strtol(strrchr(fw, '.') + 1, NULL, 10);
        d.force_channels = (uint8_t)number(v, "channels");
        d.adc_bits = (uint8_t)number(v, "adc_bits");
        d.imu_flags = (uint8_t)number(v, "imu");
        d.rate_hz = (uint16_t)number(v, "rate");
        d.max_rate_hz = (uint16_t)number(v, "max_rate");
        d.accel_lsb_per_g = (uint16_t)number(v, "accel_lsb");
        d.gyro_lsb_per_dps_x10 = (uint16_t)number(v, "gyro_lsb10");
        snprintf(d.serial, sizeof d.serial, "%s", field(v, "serial"));
        snprintf(d.model, sizeof d.model, "%s", field(v, "model"));
        for (char *c = d.model; *c; c++) if (*c == '_') *c = ' ';
        length = tf_frame_device_info_body(&d, body);
        code = TF_FRAME_DEVICE_INFO;
    } else if (strcmp(type, "status") == 0) {
        tf_status s = {.uptime_ms = (uint32_t)number(v, "uptime_ms"), .state = (uint8_t)number(v, "state"),
                       .rate_hz = (uint16_t)number(v, "rate"), .samples_since_start = (uint32_t)number(v, "samples"),
                       .adc_overruns = (uint32_t)number(v, "overruns"), .tx_dropped = (uint32_t)number(v, "tx_drops"),
                       .battery_mv = (uint16_t)number(v, "battery_mv")};
        length = tf_frame_status_body(&s, body);
        code = TF_FRAME_STATUS;
    } else if (strcmp(type, "ack") == 0) {
        tf_ack a = {(uint16_t)number(v, "cmd_seq"), (uint8_t)number(v, "cmd_type"), (uint8_t)number(v, "result")};
        length = tf_frame_ack_body(&a, body);
        code = TF_FRAME_ACK;
    } else if (strcmp(type, "log") == 0) {
        uint8_t text[256] = {0};
        hex(field(v, "text_hex"), text);
        length = tf_frame_log_body((uint8_t)number(v, "level"), (const char *)text, body);
        code = TF_FRAME_LOG;
    }
    size_t n = tf_frame_encode(code, (uint16_t)number(v, "seq"), body, length, frame);
    size_t expected = hex(field(v, "wire"), wire);
    CHECK(n == expected && memcmp(frame, wire, n) == 0);
    if (!(n == expected && memcmp(frame, wire, n) == 0)) fprintf(stderr, "  vector %s\n", v->name);
}

static void check_host_frame(const vector_line *v, const char *type) {
    uint8_t wire[600];
    size_t n = hex(field(v, "wire"), wire);
    tf_frame_view view;
    CHECK(n > 0 && wire[n - 1] == 0);
    CHECK(tf_frame_decode(wire, n - 1, &view) == TF_FRAME_OK);
    CHECK(view.sequence == (uint16_t)number(v, "seq"));
    uint8_t expected = strcmp(type, "identify") == 0 ? TF_FRAME_IDENTIFY : strcmp(type, "start") == 0 ? TF_FRAME_START
                     : strcmp(type, "stop") == 0 ? TF_FRAME_STOP : TF_FRAME_GET_STATUS;
    CHECK(view.type == expected);
    if (expected == TF_FRAME_START) CHECK(tf_le16(view.body) == (uint16_t)number(v, "rate"));
}

static void check_invalid(const vector_line *v, const char *reason) {
    uint8_t wire[600];
    size_t n = hex(field(v, "wire"), wire);
    if (strcmp(reason, "overlong") == 0) {
        /* A run longer than 256 bytes is discarded, and the next command still works. */
        tf_port_host_reset();
        tf_glove_init();
        for (size_t i = 0; i < n; i++) tf_glove_isr_rx_byte(wire[i]);
        tf_glove_poll();
        CHECK(tf_glove_counters_now()->rx_bad_frames == 1);
        return;
    }
    tf_frame_view view;
    enum tf_frame_error error = tf_frame_decode(wire, n - 1, &view);
    enum tf_frame_error expected = strcmp(reason, "crc") == 0 ? TF_FRAME_BAD_CRC
                                 : strcmp(reason, "cobs") == 0 ? TF_FRAME_BAD_COBS
                                 : strcmp(reason, "version") == 0 ? TF_FRAME_BAD_VERSION
                                 : strcmp(reason, "unknown_type") == 0 ? TF_FRAME_UNKNOWN_TYPE : TF_FRAME_BAD_LENGTH;
    if (expected == TF_FRAME_BAD_LENGTH) CHECK(error == TF_FRAME_BAD_LENGTH || error == TF_FRAME_BAD_BODY_LENGTH);
    else CHECK(error == expected);
}

void test_golden_vectors(void) {
    FILE *file = fopen(TF_VECTORS_PATH, "r");
    tf_test_begin("vectors file opens");
    CHECK(file != NULL);
    tf_test_end();
    if (!file) return;
    static char line[4096];
    static vector_line v;
    int device = 0, host = 0, invalid = 0;
    while (fgets(line, sizeof line, file)) {
        if (!parse(line, &v)) continue;
        const char *type = field(&v, "type"), *reason = field(&v, "invalid");
        tf_test_begin(v.name);
        if (type && (!strcmp(type, "identify") || !strcmp(type, "start") || !strcmp(type, "stop") || !strcmp(type, "get_status"))) {
            check_host_frame(&v, type);
            host++;
        } else if (type) {
            check_device_frame(&v, type);
            device++;
        } else if (reason) {
            check_invalid(&v, reason);
            invalid++;
        }
        tf_test_end();
    }
    fclose(file);
    tf_test_begin("every kind of vector is present");
    CHECK(device >= 9 && host >= 5 && invalid >= 7);
    tf_test_end();
}
