// The classroom: a tile per glove with its fingertips' colours, the technique, the last
// stroke, the warnings; a click opens that glove's full trainer.
"use strict";

const C = Tenderfoot;
const tiles = document.getElementById("tiles");
const classroom = window.tenderfoot = { gloves: [], frames: {}, counts: {}, connected: {} };

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function tile(glove) {
  const box = element("section", "panel tile");
  box.id = `glove-${glove.id}`;
  box.dataset.glove = glove.id;
  const title = element("h2", "", glove.trainee || glove.serial);
  const who = element("div", "who", `baby ${glove.age_words} · glove ${glove.serial}`);
  if (!glove.calibrated) who.append(" · ", element("span", "uncalibrated", "uncalibrated: forces approximate"));
  const lost = element("span", "lost", "GLOVE LOST");
  lost.hidden = true;
  const dots = element("div", "tips");
  const fingerDots = C.fingers.map((name) => { const dot = element("span", "good"); dot.title = name; dots.appendChild(dot); return dot; });
  const technique = element("div", "technique-small", "no contact");
  const stroke = element("div", "stroke-small", "no stroke yet");
  const count = element("div", "count", "No warnings.");
  const newest = element("div", "newest", "");
  box.append(title, who, lost, dots, technique, stroke, count, newest);
  box.addEventListener("click", () => {
    location.href = `trainer?glove=${encodeURIComponent(glove.id)}` + (C.token ? `&token=${encodeURIComponent(C.token)}` : "");
  });
  // In the roster's order (a glove's id is its seat), whenever each glove joins.
  const after = [...tiles.children].find((other) => Number(other.dataset.glove) > Number(glove.id));
  tiles.insertBefore(box, after || null);
  C.connect(glove.id, (message) => {
    if (message.type !== "frame") return;
    const f = message;
    classroom.frames[glove.id] = f;
    classroom.counts[glove.id] = (classroom.counts[glove.id] || 0) + 1;
    f.force_n.forEach((value, index) => { fingerDots[index].className = C.paint(value, f.limit.fingertip_n, f.over[index], Boolean(f.lost)); });
    lost.hidden = !f.lost;
    technique.textContent = f.technique ? `${f.technique} (${Math.round(f.confidence * 100)} %)` : "no contact";
    const last = C.stroke(f);
    stroke.textContent = last.text;
    stroke.className = `stroke-small stroke ${last.arrow}`;
    count.textContent = f.warnings_given ? `${f.warnings_given} warning${f.warnings_given === 1 ? "" : "s"}` : "No warnings.";
    newest.textContent = f.warnings.length ? f.warnings[0].message : "";
  }, (connected) => { classroom.connected[glove.id] = connected; });
}

// Gloves join as each one answers: the list is read again every two seconds for newcomers.
function join() {
  fetch("gloves.json" + (C.token ? `?token=${encodeURIComponent(C.token)}` : ""))
    .then((response) => response.json())
    .then((gloves) => {
      for (const glove of gloves) {
        if (classroom.gloves.some((known) => known.id === glove.id)) continue;
        classroom.gloves.push(glove);
        tile(glove);
      }
      const count = classroom.gloves.length;
      document.getElementById("who").textContent = `${count} glove${count === 1 ? "" : "s"}`;
    })
    .catch(() => {});
}
join();
setInterval(join, 2000);
