"""The browser's trainer as a trainee sees it: Debian's headless Chromium, driven by Playwright.

  check_trainer.py watch URL OUT [stuck]
                                   (stuck: once the page has loaded, also opens a WebSocket to
                                   the session that never reads, and keeps it open throughout)
                                   opens the trainer page at URL, turns its sound on with a click,
                                   and watches until the session ends: on every look, each
                                   fingertip's colour and number, the total, and the warnings
                                   with their full advice must be what the page's latest frame
                                   says. Writes OUT (JSON): frames received and how fast, every
                                   warning seen (message and tip), the cues played, the audio
                                   state, anything fetched from elsewhere, script errors.
  check_trainer.py token URL       URL is the address printed with its ?token=: without the
                                   token every request is refused with what to do; with it, the
                                   page loads and its WebSocket delivers frames.
  check_trainer.py classroom URL COUNT OUT
                                   opens the classroom page: waits for COUNT tiles, each drawn
                                   from its glove's frames; clicks the first tile and checks its
                                   trainer page opens on that glove.
  check_trainer.py tile URL ID lost|back
                                   waits until glove ID's tile shows GLOVE LOST (lost), or its
                                   glove streams again without it (back).
Prints one line; exits 1 on the first problem, naming it.
"""
import atexit
import base64
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Seconds any Playwright action on a page may take (Playwright's own default is 30).
PAGE_TIMEOUT_S = 90
# Where each Chromium writes its log (gone when the check ends).
LOGS = tempfile.mkdtemp(prefix="tenderfoot-chromium-")
atexit.register(shutil.rmtree, LOGS, True)


def fail(message):
    print("trainer check failed: " + message)
    sys.exit(1)


def ask_server(url):
    """What the server says to a plain request for `url`, asked directly (not through the browser)."""
    started = time.time()
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return True, f"answered {answer.status} in {time.time() - started:.2f} s"
    except urllib.error.HTTPError as error:
        return True, f"answered {error.code} in {time.time() - started:.2f} s"
    except OSError as error:
        return False, f"did not answer in {time.time() - started:.1f} s ({error})"


def open_page(playwright, url, width=1280, height=720, prepare=lambda page: None):
    """A page of Debian's Chromium at `url` (`prepare` runs on it first, to listen for its events).
    Every Playwright action on it (a navigation, a click, an evaluate) may take PAGE_TIMEOUT_S:
    CI runs the browser beside the gloves and the other test processes on 2 cores.

    A browser that does not load the page in that time while the server, asked directly, answers
    is at fault, not the trainer (on the loaded CI machine Chromium has stalled so: a navigation
    that never committed, the server idle): that browser is closed and a new one tries once more,
    and the check says so on its standard error, with Playwright's account of the navigation and
    the end of Chromium's log. A server that does not answer fails the check, naming what it saw."""
    for attempt in (1, 2):
        log = os.path.join(LOGS, f"chromium-{attempt}.log")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                                             "--enable-logging", f"--log-file={log}"])
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_default_timeout(PAGE_TIMEOUT_S * 1000)
        prepare(page)
        try:
            page.goto(url)
            return page
        except PlaywrightTimeoutError as error:
            answered, said = ask_server(url)
            retrying = answered and attempt == 1
            if retrying:
                print(f"check_trainer: Chromium did not load {url} in {PAGE_TIMEOUT_S} s, though the server, asked directly, {said}; "
                      "trying once more in a new browser", file=sys.stderr)
            for line in str(error).splitlines()[1:] + chromium_said(log):
                print("check_trainer:   " + line.strip(), file=sys.stderr)
            if not retrying:
                fail(f"the browser did not load {url} ({str(error).splitlines()[0]}); the server, asked directly, {said}")
            browser.close()


def chromium_said(log, count=15):
    """The last `count` lines of a Chromium's log, without its complaints that this machine has
    no D-Bus (every launch makes them): what it did while it stalled, for the next one to read."""
    try:
        with open(log, encoding="utf-8", errors="replace") as lines:
            said = [line for line in lines if not any(noise in line for noise in ("dbus", "D-Bus", "Floss"))]
    except OSError as error:
        return [f"(no Chromium log: {error})"]
    return ["Chromium's log:"] + said[-count:]


# What the page shows, read from its DOM, beside the frame it last drew.
LOOK = """() => {
  const s = window.tenderfoot;
  if (!s || !s.last) return null;
  return {
    frames: s.frames, frame: s.last, history: s.history, plotLimits: s.plotLimits,
    tips: [0, 1, 2, 3, 4].map((i) => document.getElementById(`tip${i}`).getAttribute("class")),
    numbers: [0, 1, 2, 3, 4].map((i) => document.getElementById(`n${i}`).textContent),
    total: document.getElementById("total").textContent,
    totalClass: document.getElementById("total").className,
    warnings: [...document.querySelectorAll("#warnings li:not(.none)")].map((li) => ({
      message: li.querySelector(".message").textContent, tip: li.querySelector(".tip-text").textContent })),
    banner: document.getElementById("banner").hidden ? "" : document.getElementById("banner").textContent,
    technique: document.getElementById("technique").textContent,
    cues: s.cues.played.slice(), audio: s.cues.context ? s.cues.context.state : "none",
  };
}"""


def wait_until(page, expression, timeout, what):
    """Polls `expression` (a function's source) in the page until it is true; the page's own
    script policy forbids evaluating strings in it, so each look is an evaluate."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    fail(f"{what} within {timeout} s")


def paint(value, limit, over, stale):
    if stale:
        return "stale"
    if over or value > limit:
        return "over"
    return "near" if value >= 0.8 * limit else "good"


def reads(text, value):
    """Whether `text` is `value` in newtons to two decimals (a half may round either way)."""
    return text.endswith(" N") and abs(float(text[:-2]) - value) <= 0.005 + 1e-9


def check_look(look):
    frame = look["frame"]
    stale = "lost" in frame
    for finger in range(5):
        value = frame["force_n"][finger]
        wanted = paint(value, frame["limit"]["fingertip_n"], frame["over"][finger], stale)
        if look["tips"][finger] != f"tip {wanted}":
            fail(f"fingertip {finger} is drawn '{look['tips'][finger]}' for {value} N against {frame['limit']['fingertip_n']} N")
        if not reads(look["numbers"][finger], value):
            fail(f"fingertip {finger} reads '{look['numbers'][finger]}' for {value} N")
    if not reads(look["total"], frame["total_n"]):
        fail(f"the total reads '{look['total']}' for {frame['total_n']} N")
    shown = [(w["tip"]) for w in look["warnings"]]
    if shown != [w["tip"] for w in frame["warnings"]]:
        fail(f"the warnings shown {shown} are not the frame's, newest first")
    for w, item in zip(frame["warnings"], look["warnings"]):
        if not item["message"].endswith(w["message"]):
            fail(f"a warning reads '{item['message']}' for '{w['message']}'")
    # The plot's limit lines: at every moment of the last 10 s, the limit that stood then.
    for name, key in (("fingertip", "fingertipLimit"), ("total", "totalLimit")):
        runs = (look.get("plotLimits") or {}).get(name)
        if runs is None:
            continue
        for point in look["history"]:
            standing = [run for run in runs if run["from"] <= point["t"]]
            if not standing or standing[-1]["value"] != point[key]:
                fail(f"the plot draws the {name} limit at {point['t']} s as {standing[-1]['value'] if standing else None} N, "
                     f"and it stood at {point[key]} N")
    if frame["technique"] if "technique" in frame else False:
        if look["technique"] != frame["technique"]:
            fail(f"the technique reads '{look['technique']}' for '{frame['technique']}'")


def check_cues(cues):
    """What the cue scheduler scheduled: on the audio clock in order once the sound is on, a
    tone pattern of its own for each kind, and the force cue higher the further over."""
    times = [c["at"] for c in cues if c["at"] >= 0]
    if times != sorted(times):
        fail(f"cues scheduled out of order on the audio clock: {times}")
    patterns = {}
    for cue in cues:
        if cue["kind"] != "force":
            patterns.setdefault(cue["kind"], json.dumps(cue["tones"]))
    if len(set(patterns.values())) != len(patterns):
        fail(f"two kinds of warning share a cue: {patterns}")
    for cue in cues:
        if cue["kind"] == "force" and not cue["tones"][0][0] > 440:
            fail(f"a force cue over the limit is not above the limit's 440 Hz: {cue}")


def stuck_client(url):
    """A WebSocket client that completes the handshake and then never reads a byte, with the
    smallest receive buffer the kernel allows: what it is sent piles up at the server."""
    parts = urllib.parse.urlparse(url)
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    client.connect((parts.hostname, parts.port))
    key = base64.b64encode(os.urandom(16)).decode()
    client.sendall((f"GET /ws/0 HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    answer = client.recv(4096)  # the handshake's answer only; nothing after it is ever read
    if not answer.startswith(b"HTTP/1.1 101"):
        fail(f"the stuck client's handshake was refused: {answer[:80]!r}")
    return client


def watch(url, out_path, stuck=False):
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlparse(url))
    elsewhere, errors = [], []
    with sync_playwright() as playwright:
        def listen(page):
            page.on("request", lambda request: None if request.url.startswith(origin) or request.url.startswith("ws://" + origin[7:]) else elsewhere.append(request.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
        page = open_page(playwright, url, 1280, 1000, prepare=listen)
        # Opened once the page is there, not before: the server pings every WebSocket every 30 s
        # and closes one that never answers, so a client that never reads may not wait out a
        # browser that had to be started again (it happened on CI: the client was gone by the session's end).
        held = stuck_client(url) if stuck else None
        wait_until(page, "() => window.tenderfoot && window.tenderfoot.frames > 0", 30, "no frame drawn")
        page.click("#sound")
        first = page.evaluate(LOOK)
        started = time.time()
        warnings, looks, techniques, red_thumb, limit_steps = {}, 0, [], False, 0
        deadline = started + 120
        look = first
        while time.time() < deadline:
            look = page.evaluate(LOOK)
            check_look(look)
            looks += 1
            for w in look["frame"]["warnings"]:  # as shown: check_look compared them
                warnings[w["message"]] = w["tip"]
            if look["technique"] != "no contact" and (not techniques or techniques[-1] != look["technique"]):
                techniques.append(look["technique"])
            red_thumb = red_thumb or look["tips"][0] == "tip over"
            limit_steps = max(limit_steps, len((look.get("plotLimits") or {}).get("total", [])))
            if look["frame"].get("ended"):
                wait_until(page, "() => window.tenderfoot.reportStatus !== null", 30, "no summary after the session ended")
                break
            page.wait_for_timeout(50)
        else:
            fail("the session did not end on the page within 120 s")
        wall = time.time() - started
        rate = (look["frames"] - first["frames"]) / wall if wall > 0 else 0
        check_cues(look["cues"])
        stats = page.evaluate("() => window.tenderfoot.delivery")
        result = {"frames": look["frames"], "frames_per_s": rate, "looks": looks, "warnings": warnings, "cues": look["cues"],
                  "techniques": techniques, "red_thumb": red_thumb, "stats": stats, "limit_steps": limit_steps,
                  "missed": page.evaluate("() => window.tenderfoot.missed"), "hello": page.evaluate("() => window.tenderfoot.hello"),
                  "summary": page.evaluate("() => window.tenderfoot.summary"), "report_status": page.evaluate("() => window.tenderfoot.reportStatus"),
                  "summary_shown": page.evaluate("() => ({ score: document.getElementById('score').textContent, "
                                                 "parts: document.querySelectorAll('#parts tbody tr').length, "
                                                 "improvements: [...document.querySelectorAll('#improvements li')].map((li) => li.textContent) })"),
                  "audio": look["audio"], "elsewhere": elsewhere, "errors": errors, "banner": look["banner"]}
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(result, out)
    print(f"trainer ok: {look['frames']} frames at {rate:.1f} per s, {looks} looks, {len(warnings)} warnings, "
          f"cues {sorted(set(c['kind'] for c in look['cues']))}")


def token(url):
    parts = urllib.parse.urlparse(url)
    bare = f"{parts.scheme}://{parts.netloc}/"
    for path in ["", "page/trainer.js", "gloves.json", "ws/0"]:
        try:
            urllib.request.urlopen(bare + path, timeout=10)
            fail(f"/{path} was served without the token")
        except urllib.error.HTTPError as error:
            body = error.read().decode()
            if error.code != 401 or "token" not in body:
                fail(f"/{path} without the token: {error.code} {body!r}")
    with urllib.request.urlopen(url, timeout=10) as answer:
        if answer.status != 200 or "tenderfoot_token=" not in (answer.headers.get("Set-Cookie") or ""):
            fail("the address with its token did not load, or set no cookie")
    with sync_playwright() as playwright:
        page = open_page(playwright, url)
        wait_until(page, "() => window.tenderfoot && window.tenderfoot.frames > 2", 30, "no frames with the token")
    print("token ok: refused without it, served with it")


# The tiles and the frames they were drawn from, read in one turn of the page's script.
TILES = """() => ({ frames: window.tenderfoot.frames, gloves: window.tenderfoot.gloves, tiles: [...document.querySelectorAll('.tile')].map((t) => ({
    id: t.dataset.glove, title: t.querySelector('h2').textContent, lost: !t.querySelector('.lost').hidden,
    tips: [...t.querySelectorAll('.tips span')].map((s) => s.className),
    technique: t.querySelector('.technique-small').textContent, count: t.querySelector('.count').textContent,
    newest: t.querySelector('.newest').textContent, who: t.querySelector('.who').textContent })) })"""


def classroom(url, count, out_path):
    errors = []
    with sync_playwright() as playwright:
        page = open_page(playwright, url, 1400, 1000, prepare=lambda page: page.on("pageerror", lambda error: errors.append(str(error))))
        wait_until(page, f"() => window.tenderfoot && window.tenderfoot.gloves.length >= {count} && "
                   "window.tenderfoot.gloves.every((g) => window.tenderfoot.frames[g.id])", 60, f"not {count} tiles with frames")
        look = page.evaluate(TILES)
        tiles, frames = look["tiles"], look["frames"]
        for tile in tiles:
            frame = frames[tile["id"]]
            wanted = [paint(v, frame["limit"]["fingertip_n"], frame["over"][i], "lost" in frame) for i, v in enumerate(frame["force_n"])]
            if tile["tips"] != wanted:
                fail(f"tile {tile['id']} draws its fingertips {tile['tips']} for {frame['force_n']} N")
            given = frame["warnings_given"]
            if (str(given) if given else "No warnings") not in tile["count"]:
                fail(f"tile {tile['id']} counts '{tile['count']}' for {given} warnings")
            if frame["warnings"] and tile["newest"] != frame["warnings"][0]["message"]:
                fail(f"tile {tile['id']} shows '{tile['newest']}' as its newest warning")
            if not re.match(r"baby (1 month|\d+(\.\d)? months) · glove ", tile["who"]):
                fail(f"tile {tile['id']} writes the baby's age as '{tile['who']}'")
            glove = next(g for g in look["gloves"] if g["id"] == tile["id"])
            if ("uncalibrated" in tile["who"]) == glove["calibrated"]:
                fail(f"tile {tile['id']} says '{tile['who']}' of a glove {'' if glove['calibrated'] else 'not '}calibrated")
        page.click(f".tile[data-glove='{tiles[0]['id']}']")
        wait_until(page, "() => window.tenderfoot && window.tenderfoot.hello && window.tenderfoot.frames > 0", 30,
                   "the tile's trainer page did not open")
        opened = page.evaluate("window.tenderfoot.hello")
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump({"tiles": tiles, "opened": opened, "errors": errors}, out)
    print(f"classroom ok: {len(tiles)} tiles; the first opened the trainer of {opened.get('trainee')}")


def tile(url, glove, wanted):
    """Waits until glove's tile shows it lost (or back); when lost, every other tile must show
    its own glove streaming: GLOVE LOST is said on the glove that went, and on no other."""
    with sync_playwright() as playwright:
        page = open_page(playwright, url)
        lost = "true" if wanted == "lost" else "false"
        # A fresh page opens a socket per glove, and each glove's first frame comes when it
        # comes: the page is looked at once every tile has been drawn from a frame of its own.
        wait_until(page, f"() => {{ const c = window.tenderfoot; const f = c && c.frames['{glove}']; "
                   f"const t = document.querySelector(\".tile[data-glove='{glove}'] .lost\"); "
                   f"return Boolean(f && t && (f.lost !== undefined) === {lost} && t.hidden === !{lost} "
                   f"&& c.gloves.length > 1 && c.gloves.every((g) => c.frames[g.id])); }}", 60,
                   f"glove {glove}'s tile did not show it {wanted}, with a frame on every tile")
        if wanted == "lost":
            others = page.evaluate("""(glove) => window.tenderfoot.gloves.filter((g) => g.id !== glove).map((g) => ({
                id: g.id, lost: window.tenderfoot.frames[g.id].lost !== undefined,
                shown: !document.querySelector(`.tile[data-glove='${g.id}'] .lost`).hidden }))""", glove)
            wrong = [o["id"] for o in others if o["lost"] or o["shown"]]
            if wrong:
                fail(f"GLOVE LOST on glove {glove} only, but tiles {wrong} of {len(others)} others show it too")
    print(f"tile ok: glove {glove} {wanted}")


if __name__ == "__main__":
    if sys.argv[1] == "watch":
        watch(sys.argv[2], sys.argv[3], stuck=sys.argv[4:] == ["stuck"])
    elif sys.argv[1] == "token":
        token(sys.argv[2])
    elif sys.argv[1] == "classroom":
        classroom(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        tile(sys.argv[2], sys.argv[3], sys.argv[4])
