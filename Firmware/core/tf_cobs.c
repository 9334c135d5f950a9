#include "tf_cobs.h"

size_t tf_cobs_encode(const uint8_t *data, size_t length, uint8_t *out) {
    size_t code_at = 0, write = 1;
    uint8_t code = 1;
    for (size_t i = 0; i < length; i++) {
        if (data[i] == 0) {
            out[code_at] = code;
            code_at = write++;
            code = 1;
        } else {
            out[write++] = data[i];
            if (++code == 0xFF) {
                out[code_at] = code;
                code_at = write++;
                code = 1;
            }
        }
    }
    out[code_at] = code;
    return write;
}

int tf_cobs_decode_in_place(uint8_t *buffer, size_t length) {
    size_t read = 0, write = 0;
    while (read < length) {
        uint8_t code = buffer[read];
        if (code == 0 || read + code > length) return -1;
        read++;
        for (uint8_t i = 1; i < code; i++) {
            if (buffer[read] == 0) return -1;
            buffer[write++] = buffer[read++];
        }
        if (code != 0xFF && read < length) buffer[write++] = 0;
    }
    return (int)write;
}
