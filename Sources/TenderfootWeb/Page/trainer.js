// The live trainer: one glove's session, drawn from the frames Tenderfoot sends about 25
// times a second over one WebSocket. Everything here comes from the page's own server.
"use strict";

const T = Tenderfoot;
const glove = new URLSearchParams(location.search).get("glove") || "0";
const $ = (id) => document.getElementById(id);
const svg = (name, attributes) => {
  const element = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
};

// Each finger from its base on the palm to its tip, where the sensor is (thumb first); the
// number stands above the tip.
const FINGERS = [[115, 270, 45, 185], [130, 200, 110, 85], [190, 200, 190, 62], [250, 200, 270, 85], [280, 215, 335, 140]];
const tips = FINGERS.map(([x1, y1, x2, y2], index) => {
  $("fingers").appendChild(svg("line", { x1, y1, x2, y2, class: "finger" }));
  const tip = svg("circle", { cx: x2, cy: y2, r: 27, class: "tip good", id: `tip${index}` });
  tip.appendChild(svg("title", {})).textContent = T.fingers[index];
  $("labels").appendChild(tip);
  const label = svg("text", { x: x2, y: y2 - 36, class: "tip-label", id: `n${index}` });
  label.textContent = "–";
  $("labels").appendChild(label);
  return tip;
});

// The page's state, for whoever checks it (the tests read it).
const state = window.tenderfoot = { frames: 0, hello: null, last: null, connected: false, cues: new Cues(), history: [],
                                    summary: null, reportStatus: null, delivery: null, missed: 0 };

$("sound").addEventListener("click", () => {
  const on = state.cues.toggle();
  $("sound").setAttribute("aria-pressed", String(on));
  $("sound").textContent = on ? "Sound on — click to turn it off" : "Sound off — click to turn it on";
});

// The session's details; the page says it watches (a session may wait for a page to start).
function hello(message, reply) {
  state.hello = message;
  const who = message.trainee ? `${message.trainee} · ` : "";
  $("who").textContent = `${who}baby ${message.age} · glove ${message.serial} (${message.model})`
    + (message.calibrated ? "" : " · UNCALIBRATED: forces are approximate") + (message.replay ? " · replay" : "");
  document.title = `Tenderfoot — ${message.trainee || message.serial}`;
  if (!state.last) {
    $("banner").hidden = false;
    $("banner").textContent = "Connected: the session shows here as soon as the glove streams.";
  }
  reply("watching");
}

function drawForces(f) {
  const stale = Boolean(f.lost);
  f.force_n.forEach((value, index) => {
    tips[index].setAttribute("class", `tip ${T.paint(value, f.limit.fingertip_n, f.over[index], stale)}`);
    $(`n${index}`).textContent = T.newtons(value);
  });
  $("total").textContent = T.newtons(f.total_n);
  $("total").className = T.paint(f.total_n, f.limit.total_n, f.over[5], stale);
  $("total-limit").textContent = `limit ${T.newtons(f.limit.total_n)}`;
  $("limit").textContent = `fingertip limit ${T.newtons(f.limit.fingertip_n)} (${f.limit.label})`
    + (f.limit.provisional ? " · provisional defaults: no published study gives infant massage forces in newtons" : "");
}

function drawTechnique(f) {
  $("technique").textContent = f.technique || "no contact";
  $("confidence").textContent = f.technique ? `${Math.round(f.confidence * 100)} %` : "";
  const stroke = T.stroke(f);
  $("stroke").textContent = stroke.text;
  $("stroke").className = `stroke ${stroke.arrow}`;
  const arrow = $("arrow");
  arrow.hidden = stroke.arrow === "";
  arrow.setAttribute("class", stroke.arrow);
  arrow.setAttribute("transform", stroke.arrow === "down" ? "rotate(180 70 150)" : "");
}

function drawTime(f) {
  const over = f.massage_s > f.allowed_s;
  $("massage").textContent = T.clock(f.massage_s);
  $("massage").parentElement.className = `massage${over ? " over" : ""}`;
  $("allowed").textContent = T.clock(f.allowed_s);
  $("band").textContent = state.hello ? `for ${state.hello.band}` : "";
  $("massage-bar").style.width = `${Math.min(100, f.allowed_s > 0 ? 100 * f.massage_s / f.allowed_s : 0)}%`;
  $("massage-bar").className = over ? "over" : "";
  $("step").textContent = `Step: ${f.step}`;
}

function drawWarnings(f) {
  $("warning-count").textContent = f.warnings_given ? `(${f.warnings_given} this session, newest first)` : "";
  const list = $("warnings");
  list.replaceChildren();
  if (f.warnings.length === 0) {
    list.appendChild(Object.assign(document.createElement("li"), { className: "none", textContent: "No warnings." }));
    return;
  }
  for (const w of f.warnings) {
    const item = document.createElement("li");
    item.className = w.open ? `open${w.rule === "force" ? "" : " gentle"}` : "";
    item.dataset.rule = w.rule;
    const when = `${T.clock(w.at_s)}${w.open ? " · now" : ` · ${Math.round(w.duration_ms)} ms`}`;
    item.append(Object.assign(document.createElement("span"), { className: "message", textContent: `${when} — ${w.message}` }),
                Object.assign(document.createElement("span"), { className: "tip-text", textContent: w.tip }));
    list.appendChild(item);
  }
}

function drawLink(f) {
  const link = f.link;
  const rate = f.lost ? "— (glove lost)" : `${Math.round(f.rate_hz)} Hz`;
  $("link").textContent = `rate ${rate} · samples ${f.samples} · lost ${link.lost} · corrupt ${link.corrupt}`
    + ` · ring overflows ${link.ring_overflows}` + (link.events_dropped ? ` · page behind: ${link.events_dropped} events dropped` : "")
    + (state.connected ? "" : f.ended ? " · Tenderfoot has finished this session" : " · connection to Tenderfoot lost, retrying…");
  const banner = $("banner");
  if (f.lost) {
    banner.hidden = false; banner.className = "banner";
    banner.textContent = `GLOVE LOST — plug it in again: the session goes on when it is back (${f.lost})`;
  } else if (f.ended) {
    banner.hidden = false; banner.className = "banner ended"; banner.textContent = f.ended;
  } else banner.hidden = true;
}

// The last 10 s of force: the strongest fingertip and the total, with their limits.
function drawPlot() {
  const canvas = $("plot");
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const points = state.history;
  if (points.length === 0) return;
  const end = points[points.length - 1].t;
  const top = Math.max(...points.map((p) => p.totalLimit * 1.2), ...points.map((p) => p.total), 0.5);
  const x = (t) => width - (end - t) / 10 * width;
  const y = (v) => height - 4 - v / top * (height - 20);
  context.lineWidth = 2;
  context.setLineDash([10, 8]);
  context.font = "20px system-ui, sans-serif";
  context.fillStyle = "#d62828";
  // Each limit as it stood at each moment (it changes with the technique and a fresh touch):
  // a step line over its runs, labelled where its last run begins.
  state.plotLimits = {};
  for (const [name, key] of [["fingertip", "fingertipLimit"], ["total", "totalLimit"]]) {
    const runs = [];
    for (const p of points) if (!runs.length || runs[runs.length - 1].value !== p[key]) runs.push({ from: p.t, value: p[key] });
    state.plotLimits[name] = runs;
    context.strokeStyle = "#d62828";
    context.beginPath();
    runs.forEach((run, index) => {
      const left = index ? x(run.from) : 0;
      if (index) context.lineTo(left, y(runs[index - 1].value));
      (index ? context.lineTo : context.moveTo).call(context, left, y(run.value));
    });
    context.lineTo(width, y(runs[runs.length - 1].value));
    context.stroke();
    const newest = runs[runs.length - 1];
    const labelX = runs.length > 1 ? Math.min(Math.max(8, x(newest.from) + 8), width - 260) : 8;
    context.fillText(`${name} limit ${T.newtons(newest.value)}`, labelX, y(newest.value) - 6);
  }
  context.setLineDash([]);
  context.lineWidth = 4;
  for (const [key, colour] of [["finger", "#2a6fdb"], ["total", "#7b4bb7"]]) {
    context.strokeStyle = colour;
    context.beginPath();
    points.forEach((p, index) => (index ? context.lineTo : context.moveTo).call(context, x(p.t), y(p[key])));
    context.stroke();
  }
}

function cues(f) {
  for (const event of f.events) {
    if (event.type === "warning") {
      if (event.rule !== "force") state.cues.play(event.rule);
      if ($("speak").checked) state.cues.speak(`${event.message}. ${event.tip}`);
    } else if (event.type === "stroke" && event.region === "leg" && event.direction === "up" && event.length_cm >= f.stroke_min_cm) {
      state.cues.play("good");
    }
  }
  const overBy = Math.max(...f.force_n.map((v, i) => (f.over[i] ? v / f.limit.fingertip_n - 1 : -1)),
                          f.over[5] ? f.total_n / f.limit.total_n - 1 : -1);
  if (overBy >= 0 && !f.lost) state.cues.forceOver(overBy, performance.now());
}

function frame(f, reply) {
  state.frames += 1;
  if (state.last && f.seq !== state.last.seq + 1) state.missed += f.seq - state.last.seq - 1;
  state.last = f;
  state.history.push({ t: f.t_s, finger: Math.max(...f.force_n), total: f.total_n,
                       fingertipLimit: f.limit.fingertip_n, totalLimit: f.limit.total_n });
  while (state.history.length && state.history[0].t < f.t_s - 10) state.history.shift();
  drawForces(f);
  drawTechnique(f);
  drawTime(f);
  drawWarnings(f);
  drawLink(f);
  drawPlot();
  cues(f);
  // Told once the browser has drawn it: the server measures from the sample's arrival to here.
  requestAnimationFrame(() => reply(`drawn ${f.seq}`));
}

// The session's summary once it has ended: the score, its parts, three things to work on, and
// the report's link; the server is told once the report is there, so it stays up until then.
function summary(message, reply) {
  state.summary = message;
  $("summary").hidden = false;
  $("score").textContent = String(message.score);
  const rows = $("parts").querySelector("tbody");
  rows.replaceChildren(...message.parts.map((part) => {
    const row = document.createElement("tr");
    for (const text of [part.name, `${part.points.toFixed(1)} of ${part.maximum}`, part.measured]) {
      row.appendChild(Object.assign(document.createElement("td"), { textContent: text }));
    }
    return row;
  }));
  $("improvements").replaceChildren(...message.improvements.map((item) => {
    const entry = document.createElement("li");
    entry.append(Object.assign(document.createElement("strong"), { textContent: `${item.title}: ` }), item.detail,
                 Object.assign(document.createElement("span"), { className: "advice", textContent: item.advice }));
    return entry;
  }));
  const link = message.report + (T.token ? `&token=${encodeURIComponent(T.token)}` : "");
  $("report").href = link;
  // How the frames reached this page, kept with the summary (the server may close after it).
  const stats = "stats.json" + (T.token ? `?token=${encodeURIComponent(T.token)}` : "");
  Promise.all([fetch(link).then((response) => response.status, () => 0),
               fetch(stats).then((response) => response.json(), () => null)])
    .then(([status, delivery]) => { state.reportStatus = status; state.delivery = delivery; reply("summary-seen"); });
}

T.connect(glove, (message, reply) => (message.type === "hello" ? hello(message, reply) : message.type === "summary" ? summary(message, reply) : frame(message, reply)),
          (connected) => { state.connected = connected; if (state.last) drawLink(state.last); });
