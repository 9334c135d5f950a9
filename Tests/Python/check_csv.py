"""Reads a CSV export (samples, and events with --events) as a researcher would, with pandas,
every warning an error: each column one type, no missing text, the session's details in the
comment lines. Usage: check_csv.py SAMPLES.csv EVENTS.csv. Prints one line; exits 1 on the
first problem, naming it."""
import sys
import warnings

import pandas as pd

warnings.simplefilter("error")


def fail(message):
    print("csv check failed: " + message)
    sys.exit(1)


def main(samples_path, events_path):
    samples = pd.read_csv(samples_path, comment="#")
    events = pd.read_csv(events_path, comment="#")
    text = {"technique", "warnings"}
    for column in samples.columns:
        kind = samples[column].dtype
        if column in text:
            if samples[column].isna().any():
                fail(f"{column} has missing cells")
        elif not pd.api.types.is_numeric_dtype(kind):
            fail(f"{column} is {kind}, not a number")
    if not (samples["total_N"] - samples[["thumb_N", "index_N", "middle_N", "ring_N", "little_N"]].sum(axis=1)).abs().max() < 6e-4:
        fail("total_N is not the fingers' sum")
    if not pd.to_datetime(samples["utc_s"], unit="s").is_monotonic_increasing:
        fail("utc_s goes back")
    for column in ["type", "technique", "region", "subject", "direction", "unit", "message"]:
        if events[column].isna().any():
            fail(f"events' {column} has missing cells")
    details = dict(line[2:].rstrip("\n").split(": ", 1) for line in open(samples_path, encoding="utf-8") if line.startswith("# "))
    for key in ["glove_serial", "age_months", "calibration", "recorded_with", "exported_with", "created_utc"]:
        if key not in details:
            fail(f"no {key} among the session's details")
    print(f"csv ok: {len(samples)} samples in {len(samples.columns)} columns, {len(events)} events, read without a warning")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
