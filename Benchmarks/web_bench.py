"""The web face's benchmark (`make bench` runs it after the Swift harness; not a test).

  web_bench.py TENDERFOOT [--quick]

1. Latency: a virtual glove at 1 kHz, `live --web-only` on it, the trainer page open in
   Debian's headless Chromium (Playwright). The page tells the server each frame it has drawn;
   the server times that report against the host arrival of the frame's newest sample
   (`/stats.json`). Prints p50 and p99 (target p99 <= 50 ms), the page's frame rate, frames missed.
2. Classroom: 8 virtual gloves at 1 kHz each, `classroom` on them for 60 s (20 s with --quick),
   its page open: samples lost (target 0), the server's CPU per glove, each tile's frame rate.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


def start(binary, arguments, until, stream="stdout"):
    """Starts `tenderfoot arguments`, returns it once a line containing `until` is printed, with that line."""
    process = subprocess.Popen([binary] + arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pipe = process.stdout if stream == "stdout" else process.stderr
    for line in pipe:
        if until in line:
            return process, line.strip()
    sys.exit(f"{arguments[0]} ended before printing {until!r}: {process.stderr.read() if stream == 'stdout' else ''}")


def glove(binary, serial, link):
    process, _ = start(binary, ["simulate", "--scenario", "six-months", "--serial", serial, "--link", link], "Linked as")
    return process


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def address(line):
    return line[line.index("http://"):].split()[0]


def latency(binary, seconds, folder):
    link = os.path.join(folder, "latency.glove")
    simulated = glove(binary, "TFG-BENCH-LAT", link)
    live, line = start(binary, ["live", "--port", link, "--age-months", "6", "--rate", "1000", "--web-only", "--listen", "127.0.0.1:0",
                                "--duration", str(seconds + 8), "--no-library", "--skip-checklist"], "http://", stream="stderr")
    url = address(line)
    with sync_playwright() as playwright:
        page = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]).new_page()
        page.goto(url)
        page.wait_for_timeout(2000)
        first = page.evaluate("() => window.tenderfoot.frames")
        started = time.time()
        page.wait_for_timeout(seconds * 1000)
        frames = page.evaluate("() => window.tenderfoot.frames") - first
        wall = time.time() - started
        missed = page.evaluate("() => window.tenderfoot.missed")
        stats = json.loads(urllib.request.urlopen(url + "stats.json", timeout=10).read())[0]
    live.wait()
    simulated.terminate()
    return {"p50_ms": stats["draw_latency_p50_ms"], "p99_ms": stats["draw_latency_p99_ms"], "drawn": stats["drawn"],
            "frames_per_s": frames / wall, "missed": missed, "frames_dropped": stats["frames_dropped"]}


def classroom(binary, seconds, folder, gloves=8):
    links = [os.path.join(folder, f"class{i}.glove") for i in range(gloves)]
    simulated = [glove(binary, f"TFG-BENCH-{i:04d}", link) for i, link in enumerate(links)]
    arguments = ["classroom", "--rate", "1000", "--age-months", "6", "--duration", str(seconds + 10), "--skip-checklist",
                 "--listen", "127.0.0.1:0", "--library", os.path.join(folder, "library")]
    for i, link in enumerate(links):
        arguments += ["--port", link, "--trainee", f"trainee {i + 1}"]
    server, line = start(binary, arguments, "http://", stream="stderr")
    url = address(line)
    with sync_playwright() as playwright:
        page = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]).new_page(
            viewport={"width": 1600, "height": 1000})
        page.goto(url)
        deadline = time.time() + 60
        while time.time() < deadline and page.evaluate(f"() => Object.keys(window.tenderfoot.counts).length") < gloves:
            page.wait_for_timeout(200)
        counts = page.evaluate("() => ({...window.tenderfoot.counts})")
        cpu, started = cpu_seconds(server.pid), time.time()
        page.wait_for_timeout(seconds * 1000)
        wall = time.time() - started
        cpu = cpu_seconds(server.pid) - cpu
        after = page.evaluate("() => ({...window.tenderfoot.counts})")
        frames = page.evaluate("() => window.tenderfoot.frames")
    server.wait()
    for process in simulated:
        process.terminate()
    rates = sorted((after[key] - counts.get(key, 0)) / wall for key in after)
    lost = {key: f["link"]["lost"] + f["link"]["ring_overflows"] + f["link"]["events_dropped"] for key, f in frames.items()}
    samples = {key: f["samples"] for key, f in frames.items()}
    return {"gloves": len(after), "seconds": wall, "lost": sum(lost.values()), "samples": sum(samples.values()),
            "cpu_per_glove_percent": 100 * cpu / wall / gloves, "tile_fps_min": rates[0], "tile_fps_median": rates[len(rates) // 2]}


if __name__ == "__main__":
    binary = sys.argv[1]
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as folder:
        measured = latency(binary, 10 if quick else 30, folder)
        print("\n## Web face: from a sample's arrival to the browser having drawn it (1 kHz, live --web-only)\n")
        print("| draws reported | p50 ms | p99 ms (target <= 50) | page frames per s | frames missed | frames dropped |")
        print("|---|---|---|---|---|---|")
        print(f"| {measured['drawn']} | {measured['p50_ms']:.1f} | {measured['p99_ms']:.1f} | {measured['frames_per_s']:.1f} | "
              f"{measured['missed']} | {measured['frames_dropped']} |")
        room = classroom(binary, 20 if quick else 60, folder)
        print(f"\n## Classroom: {room['gloves']} gloves at 1 kHz for {room['seconds']:.0f} s, its page open\n")
        print("| samples analysed | samples lost (target 0) | server CPU per glove | tile frames per s (min, median) |")
        print("|---|---|---|---|")
        print(f"| {room['samples']} | {room['lost']} | {room['cpu_per_glove_percent']:.1f} % of a core | "
              f"{room['tile_fps_min']:.1f}, {room['tile_fps_median']:.1f} |")
