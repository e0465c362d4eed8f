// Reads a result tape written by src/wasm/tape.rs: one Float64Array instead of one boundary
// crossing per field. The readers built on it only reshape — every number on the tape is final.

/** Words (enum names) defined by earlier tapes: the wasm module keeps the same list. */
const words = [];

/** Longest run of code units handed to String.fromCharCode at once (its arguments go on the stack). */
const CHUNK = 4096;
/** Texts up to this long are built character by character. */
const SHORT = 24;

export class Tape {
  constructor(numbers) {
    this.t = numbers;
    this.i = 0;
    this.texts = [];
  }

  num() {
    return this.t[this.i++];
  }

  /** A number, or null where the tape holds NaN (absent). */
  opt() {
    const x = this.t[this.i++];
    return x === x ? x : null;
  }

  flag() {
    return this.t[this.i++] === 1;
  }

  /** False when the record that would follow is absent. */
  present() {
    return this.t[this.i++] === 1;
  }

  /** A count, then that many numbers. */
  list() {
    const n = this.t[this.i++];
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = this.t[this.i++];
    return out;
  }

  /** A text (name, reason), or null. */
  text() {
    const x = this.t[this.i++];
    if (x !== x) return null;
    if (x < 0) return this.texts[-x - 1];
    const s = this.#chars(x);
    this.texts.push(s);
    return s;
  }

  /** A word (an enum's name), or null. */
  word() {
    const x = this.t[this.i++];
    if (x !== x) return null;
    if (x >= 0) return words[x];
    const s = this.#chars(this.t[this.i++]);
    words[-x - 1] = s;
    return s;
  }

  #chars(n) {
    const t = this.t;
    let s = '';
    if (n <= SHORT) {
      // Names and enum words: a view per string would cost more than the characters.
      for (let end = this.i + n; this.i < end; this.i++) s += String.fromCharCode(t[this.i]);
      return s;
    }
    for (let at = 0; at < n; at += CHUNK) {
      s += String.fromCharCode.apply(null, t.subarray(this.i + at, this.i + Math.min(n, at + CHUNK)));
    }
    this.i += n;
    return s;
  }
}
