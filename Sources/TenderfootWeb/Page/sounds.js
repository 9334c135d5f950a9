// The trainer's sound: a cue of its own for each kind of warning, a short "good" after a
// correct stroke up the leg, and the advice spoken if asked. Browsers play sound only after a
// click, so the page's button turns it on.
"use strict";

class Cues {
  constructor() {
    this.context = null;
    this.played = [];        // every cue the page gave, for whoever checks it
    this.nextForce = 0;      // when the force cue may repeat
  }

  get on() { return this.context !== null && this.context.state === "running"; }

  // Called from the button's click (a user gesture): starts or stops the sound.
  toggle() {
    if (this.context === null) this.context = new AudioContext();
    else if (this.context.state === "running") { this.context.suspend(); return false; }
    this.context.resume();
    return true;
  }

  tone(frequency, start, length, to) {
    const context = this.context;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const at = context.currentTime + start;
    oscillator.frequency.setValueAtTime(frequency, at);
    if (to) oscillator.frequency.linearRampToValueAtTime(to, at + length);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.3, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + length + 0.02);
  }

  // Each kind's cue; `how` is, for force, how far over the limit (0.2: 20 % over).
  play(kind, how = 0) {
    this.played.push(kind);
    if (!this.on) return;
    switch (kind) {
      case "force": {   // rises in pitch with how far over: 440 Hz at the limit, an octave at 50 % over
        const f = 440 * Math.pow(2, Math.min(2, how * 2));
        this.tone(f, 0, 0.12); this.tone(f, 0.16, 0.12);
        break;
      }
      case "direction": this.tone(660, 0, 0.35, 330); break;                                   // falling: down the leg
      case "technique": [0, 0.2, 0.4].forEach((t) => this.tone(220, t, 0.14)); break;           // three low: not at this age
      case "structure": this.tone(523, 0, 0.15); this.tone(392, 0.18, 0.25); break;             // two notes: the order
      case "speed": [0, 0.1, 0.2].forEach((t) => this.tone(988, t, 0.06)); break;               // quick: too fast
      case "duration": this.tone(330, 0, 0.8); break;                                           // long: time is up
      case "good": this.tone(880, 0, 0.12, 1320); break;                                        // a short rise: well done
      default: this.tone(500, 0, 0.2);
    }
  }

  // While a force is over its limit the force cue repeats twice a second.
  forceOver(how, now) {
    if (now < this.nextForce) return;
    this.nextForce = now + 500;
    this.play("force", how);
  }

  speak(text) {
    if (!("speechSynthesis" in window)) return;
    speechSynthesis.cancel();
    speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  }
}
