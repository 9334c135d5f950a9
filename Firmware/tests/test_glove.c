/* The glove core's behaviour on the host: commands, sampling, status, queue, wrap-arounds. */
#include <string.h>

#include "tf_frame.h"
#include "tf_glove.h"
#include "tf_port_host.h"
#include "tf_test.h"

typedef struct {
    uint8_t type;
    uint16_t sequence;
    uint8_t body[256];
    size_t body_length;
} decoded_frame;

/* Sends a host command frame to the glove as its RX interrupt would, then runs the main loop. */
static void command(uint8_t type, uint16_t sequence, const uint8_t *body, size_t length) {
    uint8_t frame[TF_FRAME_MAX_ENCODED];
    size_t n = tf_frame_encode(type, sequence, body, length, frame);
    for (size_t i = 0; i < n; i++) tf_glove_isr_rx_byte(frame[i]);
    tf_glove_poll();
}

/* Takes everything the TX interrupt would send and decodes it; returns the number of frames. */
static int drain(decoded_frame *frames, int max) {
    static uint8_t run[4096];
    size_t length = 0;
    int count = 0, byte;
    while ((byte = tf_glove_isr_tx_byte()) >= 0) {
        if (byte != 0) { run[length++] = (uint8_t)byte; continue; }
        tf_frame_view view;
        CHECK(tf_frame_decode(run, length, &view) == TF_FRAME_OK);
        if (count < max) {
            frames[count].type = view.type;
            frames[count].sequence = view.sequence;
            frames[count].body_length = view.body_length;
            memcpy(frames[count].body, view.body, view.body_length);
        }
        count++;
        length = 0;
    }
    CHECK(length == 0); /* only whole frames */
    return count;
}

static void fresh(void) {
    tf_port_host_reset();
    tf_glove_init();
}

static decoded_frame frames[4096];

static void test_identify(void) {
    fresh();
    command(TF_FRAME_IDENTIFY, 7, NULL, 0);
    CHECK(drain(frames, 8) == 2);
    CHECK(frames[0].type == TF_FRAME_ACK && tf_le16(frames[0].body) == 7 && frames[0].body[2] == TF_FRAME_IDENTIFY && frames[0].body[3] == TF_ACK_OK);
    CHECK(frames[1].type == TF_FRAME_DEVICE_INFO && frames[1].body_length == 46);
    CHECK(frames[1].body[0] == 1 && frames[1].body[3] == 5 && frames[1].body[4] == 12 && frames[1].body[5] == 3);
    CHECK(tf_le16(frames[1].body + 6) == 500 && tf_le16(frames[1].body + 8) == 2000);
    CHECK(tf_le16(frames[1].body + 10) == 8192 && tf_le16(frames[1].body + 12) == 655);
    CHECK(memcmp(frames[1].body + 14, "TFG-HOST-0001\0\0\0", 16) == 0);
    CHECK(memcmp(frames[1].body + 30, "Tenderfoot Glove", 16) == 0);
    CHECK(frames[0].sequence == 0 && frames[1].sequence == 1); /* one counter for every frame */
}

static void test_start_sample_stop(void) {
    fresh();
    uint8_t rate[2] = {0xE8, 0x03}; /* 1000 Hz */
    command(TF_FRAME_START, 1, rate, 2);
    CHECK(tf_port_host.sampling && tf_port_host.rate_hz == 1000 && tf_glove_streaming());
    for (int i = 0; i < 3; i++) {
        tf_port_host.micros = 1000u * (uint32_t)(i + 1);
        tf_port_host.adc[0] = (uint16_t)(10 + i);
        tf_glove_isr_sample_tick();
        tf_glove_poll();
    }
    int n = drain(frames, 16);
    CHECK(n == 4);
    CHECK(frames[0].type == TF_FRAME_ACK && frames[0].body[3] == TF_ACK_OK);
    for (int i = 0; i < 3; i++) {
        CHECK(frames[1 + i].type == TF_FRAME_SAMPLE);
        CHECK(tf_le32(frames[1 + i].body) == 1000u * (uint32_t)(i + 1));
        CHECK(tf_le16(frames[1 + i].body + 4) == 10 + i);
        CHECK(tf_le16(frames[1 + i].body + 18) == 8192);  /* accel z */
    }
    command(TF_FRAME_STOP, 2, NULL, 0);
    tf_glove_isr_sample_tick(); /* a tick racing the STOP */
    tf_glove_poll();
    n = drain(frames, 16);
    CHECK(n == 1 && frames[0].type == TF_FRAME_ACK && frames[0].body[2] == TF_FRAME_STOP);
    CHECK(!tf_port_host.sampling && !tf_glove_streaming());
}

static void test_bad_commands_are_answered(void) {
    fresh();
    uint8_t too_fast[2] = {0xD1, 0x07}; /* 2001 Hz */
    command(TF_FRAME_START, 3, too_fast, 2);
    uint8_t zero[2] = {0, 0};
    command(TF_FRAME_START, 4, zero, 2);
    command(0x66, 5, NULL, 0);                 /* unknown type */
    uint8_t extra[1] = {1};
    command(TF_FRAME_IDENTIFY, 6, extra, 1);   /* wrong body length */
    command(TF_FRAME_SAMPLE, 7, NULL, 0);      /* a device frame sent to the device */
    int n = drain(frames, 16);
    CHECK(n == 5);
    CHECK(frames[0].body[3] == TF_ACK_BAD_ARGUMENT && frames[1].body[3] == TF_ACK_BAD_ARGUMENT);
    CHECK(frames[2].body[2] == 0x66 && frames[2].body[3] == TF_ACK_UNKNOWN);
    CHECK(frames[3].body[3] == TF_ACK_BAD_ARGUMENT && frames[4].body[3] == TF_ACK_UNKNOWN);
    CHECK(!tf_glove_streaming());
    /* A corrupted command is dropped and counted, never answered. */
    uint8_t frame[TF_FRAME_MAX_ENCODED];
    size_t length = tf_frame_encode(TF_FRAME_GET_STATUS, 8, NULL, 0, frame);
    frame[2] ^= 0x10;
    for (size_t i = 0; i < length; i++) tf_glove_isr_rx_byte(frame[i]);
    tf_glove_poll();
    CHECK(drain(frames, 4) == 0 && tf_glove_counters_now()->rx_bad_frames == 1);
}

static void test_status(void) {
    fresh();
    uint8_t rate[2] = {0xF4, 0x01};
    command(TF_FRAME_START, 1, rate, 2);
    for (int i = 0; i < 5; i++) { tf_glove_isr_sample_tick(); tf_glove_poll(); }
    command(TF_FRAME_GET_STATUS, 2, NULL, 0);
    int n = drain(frames, 16);
    CHECK(n == 8);
    CHECK(frames[6].type == TF_FRAME_ACK && frames[7].type == TF_FRAME_STATUS);
    CHECK(frames[7].body[4] == 1 && tf_le16(frames[7].body + 6) == 500 && tf_le32(frames[7].body + 8) == 5);
    /* Once a second while streaming. */
    tf_port_host.micros = 1000000;
    tf_glove_poll();
    tf_port_host.micros = 1500000;
    tf_glove_poll();
    tf_port_host.micros = 2000001;
    tf_glove_poll();
    n = drain(frames, 16);
    CHECK(n == 2 && frames[0].type == TF_FRAME_STATUS && frames[1].type == TF_FRAME_STATUS);
}

static void test_full_queue_drops_whole_frames_and_counts_them(void) {
    fresh();
    uint8_t rate[2] = {0xD0, 0x07};
    command(TF_FRAME_START, 1, rate, 2);
    int ticks = 200; /* 200 samples of ~36 bytes never fit in 2048 bytes */
    for (int i = 0; i < ticks; i++) { tf_glove_isr_sample_tick(); tf_glove_poll(); }
    uint32_t dropped = tf_glove_txq()->dropped;
    CHECK(dropped > 100);
    int n = drain(frames, 4096);
    CHECK((uint32_t)n + dropped == (uint32_t)ticks + 1);
    /* Sampling never waited: every tick became a sample or a counted drop; sequence numbers show the gap. */
    CHECK(tf_glove_counters_now()->samples_since_start == (uint32_t)ticks);
    uint32_t gaps = 0;
    for (int i = 1; i < n; i++) gaps += (uint32_t)(frames[i].sequence - frames[i - 1].sequence - 1);
    gaps += (uint32_t)ticks - frames[n - 1].sequence;
    CHECK(gaps == dropped);
    /* Once drained, frames flow again, numbered after every frame sent or dropped. */
    tf_glove_isr_sample_tick();
    tf_glove_poll();
    CHECK(drain(frames, 4) == 1 && frames[0].sequence == (uint16_t)(ticks + 1));
}

static void test_sequence_wraps(void) {
    fresh();
    tf_glove_set_sequence(65534);
    command(TF_FRAME_IDENTIFY, 1, NULL, 0);
    command(TF_FRAME_GET_STATUS, 2, NULL, 0);
    int n = drain(frames, 8);
    CHECK(n == 4);
    CHECK(frames[0].sequence == 65534 && frames[1].sequence == 65535 && frames[2].sequence == 0 && frames[3].sequence == 1);
}

static void test_timestamp_wraps(void) {
    fresh();
    uint8_t rate[2] = {0xF4, 0x01};
    tf_port_host.micros = 0xFFFFF000u;
    command(TF_FRAME_START, 1, rate, 2);
    tf_port_host.micros = 0xFFFFF800u;
    tf_glove_isr_sample_tick();
    tf_glove_poll();
    tf_port_host.micros = 0x00000100u;  /* the 32-bit clock wrapped */
    tf_glove_isr_sample_tick();
    tf_glove_poll();
    int n = drain(frames, 8);
    CHECK(n == 3);
    CHECK(tf_le32(frames[1].body) == 0xFFFFF800u && tf_le32(frames[2].body) == 0x00000100u);
}

static void test_ticks_the_main_loop_misses_are_counted_as_overruns(void) {
    fresh();
    uint8_t rate[2] = {0xF4, 0x01};
    command(TF_FRAME_START, 1, rate, 2);
    for (int i = 0; i < 11; i++) tf_glove_isr_sample_tick(); /* the queue holds 8 */
    CHECK(tf_glove_counters_now()->adc_overruns == 3);
    for (int i = 0; i < 10; i++) tf_glove_poll();
    CHECK(drain(frames, 16) == 9); /* the ACK and the 8 samples queued */
}

void test_glove(void) {
    TF_TEST_CASE(test_identify);
    TF_TEST_CASE(test_start_sample_stop);
    TF_TEST_CASE(test_bad_commands_are_answered);
    TF_TEST_CASE(test_status);
    TF_TEST_CASE(test_full_queue_drops_whole_frames_and_counts_them);
    TF_TEST_CASE(test_sequence_wraps);
    TF_TEST_CASE(test_timestamp_wraps);
    TF_TEST_CASE(test_ticks_the_main_loop_misses_are_counted_as_overruns);
}
