#!/usr/bin/env python3
"""Writes wire-v1.vectors: golden frames of glove wire protocol v1.

An implementation independent of the Swift and C code (written from the spec),
so the vectors check both. Run it only when the spec's bytes change, which
means a new protocol version: `python3 make_vectors.py > wire-v1.vectors`.
"""
import struct

def crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc

assert crc16(b"123456789") == 0x29B1

def cobs(data):
    out, block = bytearray(), bytearray()
    for b in data:
        if b == 0:
            out += bytes([len(block) + 1]) + block
            block = bytearray()
        else:
            block.append(b)
            if len(block) == 254:
                out += bytes([255]) + block
                block = bytearray()
    out += bytes([len(block) + 1]) + block
    return bytes(out)

def frame(ftype, seq, body, version=1, crc=None):
    raw = struct.pack("<BBH", version, ftype, seq) + body
    raw += struct.pack("<H", crc16(raw) if crc is None else crc)
    return cobs(raw) + b"\x00"

def pad(text, width):
    return text.encode().ljust(width, b"\x00")

lines = []
def good(name, ftype, seq, body, fields):
    lines.append(f"{name} type={ftype[1]} seq={seq} {fields} wire={frame(ftype[0], seq, body).hex()}".replace("  ", " "))

def bad(name, reason, wire):
    lines.append(f"{name} invalid={reason} wire={wire.hex()}")

SAMPLE, INFO, STATUS, ACK, LOG = (1, "sample"), (2, "device_info"), (3, "status"), (4, "ack"), (5, "log")
IDENTIFY, START, STOP, GET_STATUS = (0x10, "identify"), (0x11, "start"), (0x12, "stop"), (0x13, "get_status")

def sample(name, seq, t, force, accel, gyro):
    body = struct.pack("<I5H3h3h", t, *force, *accel, *gyro)
    f = lambda v: ",".join(str(x) for x in v)
    good(name, SAMPLE, seq, body, f"t_us={t} force={f(force)} accel={f(accel)} gyro={f(gyro)}")

sample("sample_at_rest", 0, 0, (0, 0, 0, 0, 0), (0, 0, 8192), (0, 0, 0))
sample("sample_pressing", 1, 2000, (812, 1430, 1205, 96, 3), (-410, 233, 8020), (12, -7, 655))
sample("sample_full_scale", 65535, 0xFFFFFFFF, (4095, 4095, 4095, 4095, 4095), (32767, -32768, -1), (-32768, 32767, 1))
sample("sample_zero_bytes_everywhere", 256, 0x01000000, (256, 0, 512, 0, 1), (0, 256, 0), (-256, 0, 0))
sample("sample_wraps_soon", 4660, 0xFFFFF000, (100, 200, 300, 400, 500), (1, 2, 3), (-1, -2, -3))

info = struct.pack("<3BBBBHHHH", 1, 2, 3, 5, 12, 3, 500, 2000, 8192, 655) + pad("TFG-0001A7", 16) + pad("Tenderfoot Glove", 16)
good("device_info", INFO, 7, info,
     "fw=1.2.3 channels=5 adc_bits=12 imu=3 rate=500 max_rate=2000 accel_lsb=8192 gyro_lsb10=655 serial=TFG-0001A7 model=Tenderfoot_Glove")
status = struct.pack("<IBBHIIIH", 123456, 1, 0, 1000, 98765, 2, 17, 3700)
good("status_streaming", STATUS, 4242, status,
     "uptime_ms=123456 state=1 rate=1000 samples=98765 overruns=2 tx_drops=17 battery_mv=3700")
good("ack_ok", ACK, 8, struct.pack("<HBB", 3, 0x10, 0), "cmd_seq=3 cmd_type=16 result=0")
good("ack_bad_rate", ACK, 9, struct.pack("<HBB", 65535, 0x11, 2), "cmd_seq=65535 cmd_type=17 result=2")
text = "ADC overrun at 2000 Hz"
good("log_warning", LOG, 10, bytes([2]) + text.encode(), f"level=2 text_hex={text.encode().hex()}")
good("identify", IDENTIFY, 0, b"", "")
good("start_500", START, 1, struct.pack("<H", 500), "rate=500")
good("start_2000", START, 2, struct.pack("<H", 2000), "rate=2000")
good("stop", STOP, 3, b"", "")
good("get_status", GET_STATUS, 65535, b"", "")

ok_sample = struct.pack("<I5H3h3h", 1000, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
bad("bad_crc", "crc", frame(1, 5, ok_sample, crc=0x1234))
bad("bad_version", "version", frame(1, 5, ok_sample, version=2))
bad("short_sample_body", "length", frame(1, 5, ok_sample[:-1]))
bad("runt_frame", "length", cobs(b"\x01\x01\x00") + b"\x00")
bad("unknown_type", "unknown_type", frame(0x7E, 5, b""))
bad("cobs_code_past_end", "cobs", bytes([0x05, 0x01, 0x02, 0x00]))
bad("overlong_run", "overlong", bytes([0x11] * 300) + b"\x00")

print("# Golden frames of glove wire protocol v1, written by make_vectors.py (an independent")
print("# implementation of the spec). One frame a line: a name, then key=value fields, then")
print("# wire=<the bytes on the wire in hex, COBS-encoded, with the 0x00 delimiter>.")
print("# Good frames: type= seq= and the decoded fields (lists comma-separated; text fields")
print("# have no spaces: model names use _ for space, log text is in text_hex).")
print("# Bad frames: invalid=<the counter a receiver increments> and the wire bytes.")
print("crc_check input_hex=" + b"123456789".hex() + " crc=29b1")
print("\n".join(lines))
