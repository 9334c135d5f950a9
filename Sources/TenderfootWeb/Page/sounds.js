// The trainer's sound: a cue of its own for each kind of warning, a short "good" after a
// correct stroke up the leg, and the advice spoken if asked. Browsers play sound only after a
// click, so the page's button turns it on.
"use strict";

class Cues {
  constructor() {
    this.context = null;
    this.played = [];        // every cue the page gave: its kind, when on the audio clock, its tones
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

  // Schedules one tone on the audio context's clock: `start` seconds from now.
  tone([frequency, start, length, to]) {
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

  // Each kind's tones, [frequency Hz, start s, length s, glide to Hz]; `how` is, for force, how
  // far over the limit (0.2: 20 % over).
  static tones(kind, how = 0) {
    switch (kind) {
      case "force": {   // rises in pitch with how far over: 440 Hz at the limit, an octave at 50 % over, two at 100 %
        const f = 440 * Math.pow(2, Math.min(2, how * 2));
        return [[f, 0, 0.12], [f, 0.16, 0.12]];
      }
      case "direction": return [[660, 0, 0.35, 330]];                          // falling: down the leg
      case "technique": return [0, 0.2, 0.4].map((t) => [220, t, 0.14]);       // three low: not at this age
      case "structure": return [[523, 0, 0.15], [392, 0.18, 0.25]];            // two notes down: the order
      case "speed": return [0, 0.1, 0.2].map((t) => [988, t, 0.06]);           // quick: too fast
      case "duration": return [[330, 0, 0.8]];                                 // long: time is up
      case "good": return [[880, 0, 0.12, 1320]];                              // a short rise: well done
      default: return [[500, 0, 0.2]];
    }
  }

  // Plays `kind`'s cue, and notes what was scheduled and when on the audio clock (-1: sound off).
  play(kind, how = 0) {
    const tones = Cues.tones(kind, how);
    this.played.push({ kind, at: this.on ? this.context.currentTime : -1, tones });
    if (this.on) tones.forEach((tone) => this.tone(tone));
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
