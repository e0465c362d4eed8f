// Packs plain JS data into one Float64Array that src/wasm/packed.rs reads with serde: the fast
// road for a small definition read on every call. Numbers go as the doubles they are (NaN, ±Infinity
// and −0 included), strings as UTF-16 code units, so nothing is lost on the way; the Rust type
// decides what the data means, exactly as on the strict road. Anything else — a Date, a Map, a
// class instance, a function — is not packed, and the wasm reads the value itself (and reports).
// Tags and layout: see src/wasm/packed.rs. Object keys cross as indexes into a table both sides
// keep: a key's text crosses once, the first time it is packed.

const NUMBER = 0;
const STRING = 1;
const TRUE = 2;
const FALSE = 3;
const NULL = 4;
const ARRAY = 5;
const OBJECT = 6;
const INLINE_KEY = -1;

/** Keys get indexes up to this many; later ones are written out each time (no unbounded table). */
const MAX_KEYS = 256;
/** Key → index, the same table the wasm keeps. */
const keyIndex = new Map();
/** Keys indexed while packing the current value: sent with it, or forgotten if it is not sent. */
const defined = [];

/** Deepest nesting packed (a definition nests 4 deep); deeper — e.g. a cycle — is left to the wasm. */
const MAX_DEPTH = 8;

/** `write`'s answer when a value is not plain data. */
const NOT_PLAIN = -1;

/** Reused between calls; grows as needed. */
let buffer = new Float64Array(512);

/** `(input) => exported(input, pack(input))`: a wasm export that reads its input packed when it can. */
export function packing(exported) {
  return (input) => exported(input, pack(input));
}

/**
 * `value` packed, or undefined when it is not plain data. The result is a view of a buffer the
 * next call reuses, and it may define keys the wasm has not seen yet: pass it to the wasm at once.
 */
export function pack(value) {
  if (inheritsKeys()) return undefined;
  for (;;) {
    let end;
    try {
      end = write(buffer, 1, value, 0);
    } catch {
      end = NOT_PLAIN; // a getter that throws: the wasm's own reading meets it too, and reports
    }
    if (end !== NOT_PLAIN) {
      buffer[0] = end - 1; // stores past the end are dropped, and the sizes still add up
      end = definitions(buffer, end);
      if (end <= buffer.length) {
        defined.length = 0;
        return buffer.subarray(0, end);
      }
    }
    // Not sent: the wasm will not learn these keys.
    for (const key of defined) keyIndex.delete(key);
    defined.length = 0;
    if (end === NOT_PLAIN) return undefined;
    buffer = new Float64Array(Math.max(end, 2 * buffer.length));
  }
}

/** True when Object.prototype has enumerable keys (someone added some): for-in would list them. */
function inheritsKeys() {
  for (const _ in EMPTY) return true;
  return false;
}

const EMPTY = {};

/** The keys this value defines, after it. */
function definitions(b, at) {
  b[at++] = defined.length;
  for (const key of defined) at = text(b, at, key);
  return at;
}

/** A key: its index, defining it if it is new and the table has room; else its text. */
function key(b, at, name) {
  let index = keyIndex.get(name);
  if (index === undefined) {
    if (keyIndex.size >= MAX_KEYS) {
      b[at] = INLINE_KEY;
      return text(b, at + 1, name);
    }
    index = keyIndex.size;
    keyIndex.set(name, index);
    defined.push(name);
  }
  b[at] = index;
  return at + 1;
}

// The writers take the buffer and the position and return the position after the value (or
// NOT_PLAIN): locals, not module state, in the loop that runs per number.

function write(b, at, value, depth) {
  switch (typeof value) {
    case 'number':
      b[at] = NUMBER;
      b[at + 1] = value;
      return at + 2;
    case 'string':
      b[at] = STRING;
      return text(b, at + 1, value);
    case 'boolean':
      b[at] = value ? TRUE : FALSE;
      return at + 1;
    case 'object':
      if (value === null) {
        b[at] = NULL;
        return at + 1;
      }
      if (depth >= MAX_DEPTH) return NOT_PLAIN;
      if (Array.isArray(value)) return array(b, at, value, depth);
      if (Object.getPrototypeOf(value) === Float64Array.prototype) return floats(b, at, value);
      return plainObject(b, at, value, depth);
    default:
      return NOT_PLAIN; // undefined (outside an object), functions, symbols, BigInts
  }
}

/** Length, then the UTF-16 code units. */
function text(b, at, s) {
  b[at++] = s.length;
  for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
  return at;
}

function array(b, at, items, depth) {
  b[at++] = ARRAY;
  b[at++] = items.length;
  for (let i = 0; i < items.length; i++) {
    // A hole or undefined element means something different on each road: leave it to the wasm.
    if (items[i] === undefined) return NOT_PLAIN;
    at = write(b, at, items[i], depth + 1);
    if (at === NOT_PLAIN) return NOT_PLAIN;
  }
  return at;
}

/** A Float64Array (raw values) as an array of numbers. */
function floats(b, at, values) {
  b[at++] = ARRAY;
  b[at++] = values.length;
  for (let i = 0; i < values.length; i++) {
    b[at++] = NUMBER;
    b[at++] = values[i];
  }
  return at;
}

function plainObject(b, at, object, depth) {
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  b[at++] = OBJECT;
  const countAt = at++;
  let count = 0;
  // for-in rather than Object.keys (no array per object): the same own keys in the same order,
  // since pack() refuses to run while Object.prototype has enumerable keys of its own.
  for (const name in object) {
    const value = object[name];
    if (value === undefined) continue; // absent, as on the wasm's own reading
    at = write(b, key(b, at, name), value, depth + 1);
    if (at === NOT_PLAIN) return NOT_PLAIN;
    count++;
  }
  b[countAt] = count;
  return at;
}
