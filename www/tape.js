// Reads a result tape written by src/wasm/tape.rs straight from wasm memory, instead of one
// boundary crossing per field. The readers built on it only reshape — every number on the tape
// is final.
import { tapeAddress } from './yunying.js';

/** Words (enum names) defined by earlier tapes: the wasm module keeps the same list. */
const words = [];

let memory = null;
let view = null;

/** Called by init() with the module's memory. */
export function attachMemory(wasmMemory) {
  memory = wasmMemory;
  view = null;
}

/** The tape the last call left in wasm memory, `length` numbers long. Read it before the next call. */
export function lastTape(length) {
  // A view of the whole memory, made again only after the memory grew (its old buffer is detached).
  if (view === null || view.buffer !== memory.buffer) view = new Float64Array(memory.buffer);
  return new Tape(view, tapeAddress() / 8, length);
}

/** Longest run of code units handed to String.fromCharCode at once (its arguments go on the stack). */
const CHUNK = 4096;
/** Texts up to this long are built character by character. */
const SHORT = 24;

class Tape {
  constructor(numbers, start, length) {
    this.t = numbers;
    this.i = start;
    this.end = start + length;
    this.texts = [];
  }

  /** `value`, once the whole tape has been read (a reader out of step with the writer is a bug). */
  done(value) {
    if (this.i !== this.end) throw new Error(`yunying: result tape read to ${this.i}, written to ${this.end}`);
    return value;
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

  /**
   * The next `n` numbers as an array of their own (the tape's memory is reused). A plain array:
   * it is allocated on the JS heap, where a fresh typed array's memory costs Chromium several
   * times more than filling it (measured: 5,000 numbers ≈ 30 µs as a Float64Array, ≈ 5 µs as arrays).
   */
  numbers(n) {
    const t = this.t;
    const out = new Array(n);
    for (let k = 0, i = this.i; k < n; k++) out[k] = t[i + k];
    this.i += n;
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
