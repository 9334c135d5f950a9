// What the trainer page and the classroom page share: the glove's WebSocket and the colours.
"use strict";

const Tenderfoot = {
  // The address's token, carried to the WebSocket (the cookie carries it too).
  token: new URLSearchParams(location.search).get("token"),

  // Opens glove `id`'s frames and calls onMessage with each (and a function that answers the
  // server over the same socket); reconnects every second after a
  // drop (Tenderfoot restarted, the network went) and tells onLink whether it is connected.
  connect(id, onMessage, onLink) {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const url = `${scheme}//${location.host}/ws/${encodeURIComponent(id)}` + (this.token ? `?token=${encodeURIComponent(this.token)}` : "");
    const open = () => {
      const socket = new WebSocket(url);
      socket.onopen = () => onLink(true);
      socket.onmessage = (message) => onMessage(JSON.parse(message.data), (text) => socket.send(text));
      socket.onclose = () => { onLink(false); setTimeout(open, 1000); };
    };
    open();
  },

  // A force's colour against its limit: amber from 80 % of it, red over it (or while the
  // session's warning is open), grey while the glove is lost (the values are stale).
  paint(value, limit, over, stale) {
    if (stale) return "stale";
    if (over || value > limit) return "over";
    return value >= 0.8 * limit ? "near" : "good";
  },

  clock(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  },

  newtons(value) { return `${value.toFixed(2)} N`; },

  fingers: ["thumb", "index", "middle", "ring", "little"],

  // The last stroke in words and as an arrow's direction ("up", "down" or "").
  stroke(frame) {
    const s = frame.stroke;
    if (!s) return { text: "no stroke yet", arrow: "" };
    const size = `${s.length_cm.toFixed(1)} cm · ${s.speed_cm_s.toFixed(1)} cm/s`;
    if (s.region === "sole") return { text: `on the sole · ${size}`, arrow: "" };
    if (s.direction === "up") return { text: `↑ up the leg · ${size}`, arrow: "up" };
    if (s.direction === "down") return { text: `↓ DOWN the leg · ${size}`, arrow: "down" };
    return { text: (s.length_cm < frame.stroke_min_cm ? "too short to judge · " : "across the leg · ") + size, arrow: "" };
  },
};
