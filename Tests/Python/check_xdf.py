"""Checks an XDF export against the JSON-lines export of the same recording, as a researcher
reads it: with pyxdf (from PyPI), every sample's values and time, every event, and the
session's details. Usage: check_xdf.py FILE.xdf FILE.jsonl. Prints one line; exits 1 on the
first difference, naming it."""
import json
import sys

import numpy as np
import pyxdf


def fail(message):
    print("xdf check failed: " + message)
    sys.exit(1)


def main(xdf_path, jsonl_path):
    lines = [json.loads(line) for line in open(jsonl_path, encoding="utf-8")]
    session = lines[0]
    if session.get("type") != "session":
        fail("the JSON lines do not open with the session")
    samples = [line for line in lines if line["type"] == "sample"]
    events = [line for line in lines[1:] if line["type"] != "sample"]

    raw, _ = pyxdf.load_xdf(xdf_path, synchronize_clocks=False, dejitter_timestamps=False)
    synced, _ = pyxdf.load_xdf(xdf_path, dejitter_timestamps=False)
    by_type = {s["info"]["type"][0]: s for s in raw}
    synced_by_type = {s["info"]["type"][0]: s for s in synced}
    if set(by_type) != {"Force", "Markers"}:
        fail(f"streams {sorted(by_type)}, not Force and Markers")
    force, markers = by_type["Force"], by_type["Markers"]

    # The samples: values within the JSON lines' decimals (and float32's precision), times exact.
    info = force["info"]
    labels = [c["label"][0] for c in info["desc"][0]["channels"][0]["channel"]]
    units = [c["unit"][0] for c in info["desc"][0]["channels"][0]["channel"]]
    if labels != ["thumb", "index", "middle", "ring", "little", "total", "accel_x", "accel_y", "accel_z", "gyro_x", "gyro_y", "gyro_z"]:
        fail(f"channel labels {labels}")
    if units[:6] != ["newtons"] * 6 or units[6:9] != ["g"] * 3 or units[9:] != ["degrees per second"] * 3:
        fail(f"channel units {units}")
    if info["nominal_srate"][0] != session["rate_hz"] or info["channel_format"][0] != "float32":
        fail(f"nominal rate {info['nominal_srate'][0]} or format {info['channel_format'][0]}")
    values, stamps = force["time_series"], force["time_stamps"]
    if len(samples) != len(values):
        fail(f"{len(values)} samples in the XDF file, {len(samples)} in the JSON lines")
    expected = np.array([s["force_N"] + [s["total_N"]] + s["accel_g"] + s["gyro_dps"] for s in samples])
    tolerance = np.array([6e-5] * 6 + [6e-6] * 3 + [6e-4] * 3) + np.abs(expected) * 1e-6
    wrong = np.abs(values - expected) > tolerance
    if wrong.any():
        row, column = np.argwhere(wrong)[0]
        fail(f"sample {row} {labels[column]}: {values[row, column]} in the XDF file, {expected[row, column]} in the JSON lines")
    device = np.array([s["t_us"] for s in samples]) / 1e6
    if np.abs(stamps - device).max() > 1e-6:
        fail(f"time stamps off the session's time line by up to {np.abs(stamps - device).max()} s")
    # Synchronised with the file's clock offsets, the times are the host's UTC times (utc_s).
    utc = np.array([s["utc_s"] for s in samples])
    offset = np.abs(synced_by_type["Force"]["time_stamps"] - utc)
    if offset.max() > 0.005:
        fail(f"synchronised time stamps off the host's UTC times by up to {offset.max() * 1000:.1f} ms")

    # The events: each as live --json prints it, at its time on the session's time line.
    texts = [m[0] for m in markers["time_series"]]
    if [json.loads(t) for t in texts] != events:
        fail(f"{len(texts)} events in the XDF file differ from the {len(events)} in the JSON lines")
    for event, stamp in zip(events, markers["time_stamps"]):
        when = event["t_us"] + (event["duration_ms"] * 1000 if event["type"] == "warning_end" else 0)
        if event["type"] == "technique_end":
            when = event["end_t_us"]
        if abs(stamp - when / 1e6) > 1e-3:
            fail(f"event {event['type']} at {stamp} s, not {when / 1e6} s")
    kinds = {e["type"] for e in events}
    if not {"technique", "stroke", "warning"} <= kinds:
        fail(f"events of kinds {sorted(kinds)}: techniques, strokes and warnings expected")

    # The session's details, in both streams' headers.
    for stream in (force, markers):
        details = {k: (v[0] or "") if v else "" for k, v in stream["info"]["desc"][0]["session"][0].items()}
        for key, value in session.items():
            if key != "type" and details.get(key, "") != value:
                fail(f"{stream['info']['name'][0]}: {key} is {details.get(key)!r}, not {value!r}")
    print(f"xdf ok: {len(values)} samples, {len(texts)} events, synchronised within {offset.max() * 1000:.2f} ms of utc_s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
