"""A Lab Streaming Layer inlet, as LabRecorder or a researcher's script is, for `live --lsl`.

  check_lsl.py library               prints the liblsl that pylsl carries
  check_lsl.py receive SERIAL OUT    resolves the glove's two streams (printing "ready" once it
                                     looks), pulls everything until they go quiet, writes OUT
  check_lsl.py compare OUT EXPORT BOOT_US|pace
                                     checks what was received against the recording's JSON-lines
                                     export: every sample from the first received on, its values,
                                     its time stamp within 5 ms of its arrival (the glove's clock
                                     read 0 at host time BOOT_US: live) or of the recording's
                                     pace from the first received (pace: a replay), and the
                                     events. Prints one line; exits 1 on the first problem, naming it.
"""
import json
import os
import sys
import time

import numpy as np
import pylsl


def fail(message):
    print("lsl check failed: " + message)
    sys.exit(1)


def receive(serial, out_path):
    print("ready", flush=True)
    found = {}
    deadline = time.time() + 60
    while len(found) < 2 and time.time() < deadline:
        for info in pylsl.resolve_byprop("name", f"Tenderfoot {serial}", timeout=0.2) + \
                pylsl.resolve_byprop("name", f"Tenderfoot {serial} events", timeout=0.2):
            found.setdefault(info.type(), info)
    if len(found) < 2:
        fail(f"found streams {sorted(found)} of Force and Markers")
    inlets = {kind: pylsl.StreamInlet(info, max_buflen=360, processing_flags=0) for kind, info in found.items()}
    header = inlets["Force"].info().as_xml()
    received = {"Force": ([], []), "Markers": ([], [])}
    quiet_since = None
    while time.time() < deadline:
        got = 0
        for kind, inlet in inlets.items():
            try:
                values, stamps = inlet.pull_chunk(timeout=0.05)
            except pylsl.LostError:
                values, stamps = [], []
            received[kind][0].extend(values)
            received[kind][1].extend(stamps)
            got += len(stamps)
        if got:
            quiet_since = None
        elif received["Force"][1]:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 3:
                break
    clock_to_wall = time.time() - pylsl.local_clock()
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump({"clock_to_wall": clock_to_wall, "header": header,
                   "samples": received["Force"][0], "sample_stamps": received["Force"][1],
                   "markers": [m[0] for m in received["Markers"][0]], "marker_stamps": received["Markers"][1]}, out)
    print(f"received {len(received['Force'][1])} samples and {len(received['Markers'][1])} events")


def compare(received_path, export_path, boot):
    got = json.load(open(received_path, encoding="utf-8"))
    lines = [json.loads(line) for line in open(export_path, encoding="utf-8")]
    samples = [line for line in lines if line["type"] == "sample"]
    events = [line for line in lines[1:] if line["type"] != "sample"]
    if "<session>" not in got["header"] or "<serial_number>" not in got["header"] or "<unit>newtons</unit>" not in got["header"]:
        fail("the sample stream's header lacks the session, the glove or the channels' units")
    wall = np.array(got["sample_stamps"]) + got["clock_to_wall"]
    if len(wall) < 1000:
        fail(f"only {len(wall)} samples received")
    device = np.array([s["t_us"] for s in samples]) / 1e6
    recorded = np.array([s["force_N"] + [s["total_N"]] + s["accel_g"] + s["gyro_dps"] for s in samples])
    values = np.array(got["samples"])
    tolerance = np.array([6e-5] * 6 + [6e-6] * 3 + [6e-4] * 3)
    if boot == "pace":
        # A replay: an inlet receives from its connection on, so the first sample received is
        # found among the recorded ones by its values, and the recording's pace from there is
        # the truth (the first received sample's time stamp as its arrival).
        first = np.flatnonzero((np.abs(recorded - values[0]) <= tolerance + np.abs(recorded) * 1e-6).all(axis=1))
        if len(first) == 0:
            fail("the first sample received is none of the recorded ones")
        index = np.arange(first[0], first[0] + len(wall))
        if index[-1] >= len(samples):
            fail(f"{index[-1] + 1 - len(samples)} more samples received than recorded after the first")
        truth = device - device[index[0]] + wall[0]
    else:
        truth = int(boot) / 1e6 + device
        # Each received sample is the recorded one whose true time is nearest its time stamp.
        index = np.clip(np.searchsorted(truth, wall), 1, len(truth) - 1)
        index = np.where(np.abs(truth[index - 1] - wall) < np.abs(truth[index] - wall), index - 1, index)
    if not np.array_equal(index, np.arange(index[0], index[0] + len(index))):
        fail("the received samples are not every recorded sample from the first received on")
    if index[-1] != len(samples) - 1:
        fail(f"the last {len(samples) - 1 - index[-1]} recorded samples were not received")
    expected = recorded[index]
    tolerance = tolerance + np.abs(expected) * 1e-6
    if (np.abs(values - expected) > tolerance).any():
        row, column = np.argwhere(np.abs(values - expected) > tolerance)[0]
        fail(f"sample {index[row]} channel {column}: {values[row, column]} received, {expected[row, column]} recorded")
    error = np.abs(wall - truth[index]) * 1000
    p50, p99 = np.percentile(error, 50), np.percentile(error, 99)
    if p99 > 5:
        fail(f"time stamps off the samples' arrival by {p99:.2f} ms (p99)")
    # The events from the first received sample's time on, each as the recording's export says it.
    start = samples[index[0]]["t_us"]
    markers = [json.loads(m) for m in got["markers"]]
    expected_events = [e for e in events if e.get("t_us", 0) >= start + 500_000]
    missing = [e for e in expected_events if e not in markers]
    if missing or any(m not in events for m in markers):
        fail(f"{len(missing)} recorded events not received, or an event received that was not recorded")
    print(f"lsl ok: {len(values)} samples and {len(markers)} events; time stamps off arrival p50 {p50:.3f} ms, p99 {p99:.3f} ms")


if __name__ == "__main__":
    if sys.argv[1] == "library":
        print(os.path.join(os.path.dirname(pylsl.__file__), "lib", "liblsl.so"))
    elif sys.argv[1] == "receive":
        receive(sys.argv[2], sys.argv[3])
    else:
        compare(sys.argv[2], sys.argv[3], sys.argv[4])
