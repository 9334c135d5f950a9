#include "tf_glove.h"

#include "tf_port.h"

/* Received bytes, RX interrupt -> main loop. */
static uint8_t rx_bytes[TF_GLOVE_RX_QUEUE];
static volatile uint32_t rx_head, rx_tail;
/* Sample ticks (their device time), timer interrupt -> main loop. */
static uint32_t tick_times[TF_GLOVE_TICK_QUEUE];
static volatile uint32_t tick_head, tick_tail;
/* One ADC scan in flight, and its result from the DMA interrupt. */
static volatile bool adc_busy, adc_ready;
static uint16_t adc_values[5];
static uint32_t adc_time;

/* Main-loop state. */
static uint8_t run[TF_FRAME_MAX_RUN];
static uint32_t run_length;
static bool run_discarding;
static bool streaming;
static uint16_t rate_hz;
static uint16_t sequence;
static uint32_t next_status_us;
static tf_glove_counters counters;
static tf_txq txq;
static char serial_number[17];

void tf_glove_init(void) {
    rx_head = rx_tail = 0;
    tick_head = tick_tail = 0;
    adc_busy = adc_ready = false;
    run_length = 0;
    run_discarding = false;
    streaming = false;
    rate_hz = TF_GLOVE_DEFAULT_RATE_HZ;
    sequence = 0;
    counters = (tf_glove_counters){0};
    tf_txq_init(&txq);
    tf_port_serial_number(serial_number);
}

/* ---- interrupt side: queue only ---- */

void tf_glove_isr_sample_tick(void) {
    uint32_t tail = tick_tail;
    if (tail - tick_head >= TF_GLOVE_TICK_QUEUE) {
        counters.adc_overruns++;
        return;
    }
    tick_times[tail & (TF_GLOVE_TICK_QUEUE - 1)] = tf_port_micros();
    tick_tail = tail + 1;
}

void tf_glove_isr_adc_done(const uint16_t values[5]) {
    for (int i = 0; i < 5; i++) adc_values[i] = values[i];
    adc_ready = true;
}

void tf_glove_isr_rx_byte(uint8_t byte) {
    uint32_t tail = rx_tail;
    if (tail - rx_head >= TF_GLOVE_RX_QUEUE) {
        counters.rx_overflows++;
        return;
    }
    rx_bytes[tail & (TF_GLOVE_RX_QUEUE - 1)] = byte;
    rx_tail = tail + 1;
}

int tf_glove_isr_tx_byte(void) { return tf_txq_pop_byte(&txq); }

/* ---- main loop: the work ---- */

static void send(uint8_t type, const uint8_t *body, size_t length) {
    uint8_t frame[TF_FRAME_MAX_ENCODED];
    size_t n = tf_frame_encode(type, sequence, body, length, frame);
    sequence++;  /* one counter for every frame, sent or dropped */
    if (tf_txq_push_frame(&txq, frame, n)) tf_port_serial_tx_kick();
}

static void send_ack(uint16_t command_sequence, uint8_t command_type, uint8_t result) {
    uint8_t body[4];
    tf_ack ack = {command_sequence, command_type, result};
    send(TF_FRAME_ACK, body, tf_frame_ack_body(&ack, body));
}

static void send_device_info(void) {
    tf_device_info info = {
        .firmware = {TF_GLOVE_FIRMWARE_MAJOR, TF_GLOVE_FIRMWARE_MINOR, TF_GLOVE_FIRMWARE_PATCH},
        .force_channels = 5, .adc_bits = 12, .imu_flags = 3,
        .rate_hz = rate_hz, .max_rate_hz = TF_GLOVE_MAX_RATE_HZ,
        .accel_lsb_per_g = 8192, .gyro_lsb_per_dps_x10 = 655,
    };
    for (int i = 0; i < 17; i++) info.serial[i] = serial_number[i];
    const char *model = "Tenderfoot Glove";
    for (int i = 0; i < 17; i++) { info.model[i] = model[i]; if (model[i] == '\0') break; }
    uint8_t body[46];
    send(TF_FRAME_DEVICE_INFO, body, tf_frame_device_info_body(&info, body));
}

static void send_status(void) {
    tf_status status = {
        .uptime_ms = tf_port_micros() / 1000u,
        .state = streaming ? 1 : 0,
        .rate_hz = rate_hz,
        .samples_since_start = counters.samples_since_start,
        .adc_overruns = counters.adc_overruns,
        .tx_dropped = txq.dropped,
        .battery_mv = 0,
    };
    uint8_t body[22];
    send(TF_FRAME_STATUS, body, tf_frame_status_body(&status, body));
}

static void clear_pending_samples(void) {
    uint32_t state = tf_port_irq_save();
    tick_head = tick_tail;
    adc_ready = false;
    tf_port_irq_restore(state);
}

static void handle_command(const tf_frame_view *frame) {
    switch (frame->type) {
    case TF_FRAME_IDENTIFY:
        send_ack(frame->sequence, frame->type, TF_ACK_OK);
        send_device_info();
        break;
    case TF_FRAME_START: {
        uint16_t rate = tf_le16(frame->body);
        if (rate < 1 || rate > TF_GLOVE_MAX_RATE_HZ) {
            send_ack(frame->sequence, frame->type, TF_ACK_BAD_ARGUMENT);
            break;
        }
        if (!streaming) {
            counters.samples_since_start = 0;
            next_status_us = tf_port_micros() + 1000000u;
        }
        rate_hz = rate;
        streaming = true;
        tf_port_sampling_start(rate);
        send_ack(frame->sequence, frame->type, TF_ACK_OK);
        break;
    }
    case TF_FRAME_STOP:
        tf_port_sampling_stop();
        streaming = false;
        clear_pending_samples();
        send_ack(frame->sequence, frame->type, TF_ACK_OK);
        break;
    case TF_FRAME_GET_STATUS:
        send_ack(frame->sequence, frame->type, TF_ACK_OK);
        send_status();
        break;
    default:
        send_ack(frame->sequence, frame->type, TF_ACK_UNKNOWN);
        break;
    }
}

static void end_run(void) {
    if (!run_discarding && run_length > 0) {
        tf_frame_view frame;
        enum tf_frame_error error = tf_frame_decode(run, run_length, &frame);
        if (error == TF_FRAME_OK || error == TF_FRAME_UNKNOWN_TYPE) {
            handle_command(&frame);
        } else if (error == TF_FRAME_BAD_BODY_LENGTH) {
            bool command = frame.type >= TF_FRAME_IDENTIFY && frame.type <= TF_FRAME_GET_STATUS;
            send_ack(frame.sequence, frame.type, command ? TF_ACK_BAD_ARGUMENT : TF_ACK_UNKNOWN);
        } else {
            counters.rx_bad_frames++;
        }
    }
    run_length = 0;
    run_discarding = false;
}

static void receive(void) {
    while (rx_head != rx_tail) {
        uint32_t head = rx_head;
        uint8_t byte = rx_bytes[head & (TF_GLOVE_RX_QUEUE - 1)];
        rx_head = head + 1;
        if (byte == 0) {
            end_run();
        } else if (!run_discarding) {
            if (run_length == TF_FRAME_MAX_RUN) {
                run_discarding = true;
                counters.rx_bad_frames++;
            } else {
                run[run_length++] = byte;
            }
        }
    }
}

static void sample(void) {
    if (adc_ready) {
        uint32_t state = tf_port_irq_save();
        tf_sample s = {.t_us = adc_time};
        for (int i = 0; i < 5; i++) s.force[i] = adc_values[i];
        adc_ready = false;
        adc_busy = false;
        tf_port_irq_restore(state);
        if (streaming) {
            if (!tf_port_imu_read(s.accel, s.gyro)) {
                for (int i = 0; i < 3; i++) { s.accel[i] = 0; s.gyro[i] = 0; }
            }
            uint8_t body[26];
            send(TF_FRAME_SAMPLE, body, tf_frame_sample_body(&s, body));
            counters.samples_since_start++;
        }
    }
    if (streaming && !adc_busy && tick_head != tick_tail) {
        uint32_t head = tick_head;
        adc_time = tick_times[head & (TF_GLOVE_TICK_QUEUE - 1)];
        tick_head = head + 1;
        adc_busy = true;
        tf_port_adc_start_scan();
    }
}

void tf_glove_poll(void) {
    receive();
    sample();
    sample(); /* a scan the port finished at once is sent in the same pass */
    if (streaming && (int32_t)(tf_port_micros() - next_status_us) >= 0) {
        next_status_us += 1000000u;
        send_status();
    }
}

const tf_glove_counters *tf_glove_counters_now(void) { return &counters; }
tf_txq *tf_glove_txq(void) { return &txq; }
bool tf_glove_streaming(void) { return streaming; }
uint16_t tf_glove_rate_hz(void) { return rate_hz; }
void tf_glove_set_sequence(uint16_t next) { sequence = next; }
