// Cart lines laid out as columns for src/wasm/line_columns.rs: the fast road for 500 line objects,
// which as JSON text cost more to stringify, encode and parse than the whole pricing. Only lines the
// strict road (JSON) would read the same way take it: plain objects with the `CartLine` keys, texts
// that are strings, amounts that are numbers. Anything else gets `null`, and the wasm reads the line
// objects themselves — and names the field at fault.

/** A UTF-16 code unit of a surrogate pair without its other half. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * `{ ids, texts, refs, prices, quantities }`: the line ids joined by U+0000, the distinct other
 * texts joined likewise, three indexes into those per line (sku, category, store), the unit prices
 * and the quantities; or `null`. Line ids are not interned: they differ line by line. A text that
 * contains U+0000 splits into more texts than were joined, which the wasm notices.
 */
export function lineColumns(lines) {
  if (!Array.isArray(lines)) return null;
  const n = lines.length;
  const ids = new Array(n);
  const refs = new Uint32Array(3 * n);
  const prices = new Float64Array(n);
  const quantities = new Float64Array(n);
  const index = new Map();
  const texts = [];
  const intern = (text) => {
    let at = index.get(text);
    if (at === undefined) {
      at = texts.push(text) - 1;
      index.set(text, at);
    }
    return at;
  };
  for (let i = 0; i < n; i++) {
    const line = lines[i];
    if (typeof line !== 'object' || line === null || Object.getPrototypeOf(line) !== Object.prototype) return null;
    const { lineId, sku, category = '', store = '', unitPriceFen, quantity } = line;
    if (typeof lineId !== 'string' || typeof sku !== 'string' || typeof category !== 'string' || typeof store !== 'string') return null;
    if (typeof unitPriceFen !== 'number' || typeof quantity !== 'number') return null;
    // Only the line type's keys: JSON leaves out a key whose value is undefined, and category and
    // store then take their default, so such a key is not counted.
    let keys = 4 + (line.category !== undefined) + (line.store !== undefined);
    for (const key in line) if (--keys < 0) return null;
    if (keys !== 0) return null;
    ids[i] = lineId;
    refs[3 * i] = intern(sku);
    refs[3 * i + 1] = intern(category);
    refs[3 * i + 2] = intern(store);
    prices[i] = unitPriceFen;
    quantities[i] = quantity;
  }
  const joined = { ids: ids.join('\0'), texts: texts.join('\0'), refs, prices, quantities };
  // Texts cross as UTF-8, which has no lone surrogate: it would become U+FFFD, while JSON refuses it.
  return LONE_SURROGATE.test(joined.ids) || LONE_SURROGATE.test(joined.texts) ? null : joined;
}
