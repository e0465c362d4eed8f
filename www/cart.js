// Cart.price around the wasm's Cart.priceTape, and priceCart around priceCartTape: the CartPricing
// and the PricedCart come back read from the tapes the wasm writes (src/wasm/cart.rs
// `write_pricing`, `write_priced_cart`, in the same order). Reshaping only — every number on a
// tape is final, and the wasm validates the input and reports every error. The lines go in as
// columns when they can (./line-columns.js), else as the objects they are.
import { lastTape } from './tape.js';
import { lineColumns } from './line-columns.js';

/**
 * Per cart, the columns that are the same in every pricing under one set of terms (the list
 * amounts, each store coupon's split; src/wasm/cart.rs `write_pricing`), kept by key as the tapes
 * bring them, and which set: `{ terms, columns }`.
 */
const kept = new WeakMap();

/**
 * `cls` (the wasm's Cart) with `fromLines` taking the lines as columns when it can, and `price`
 * reading `priceTape`'s tape.
 */
export function wrapCart(cls) {
  const { fromLines, fromLineColumns } = cls;
  const priceTape = cls.prototype.priceTape;
  Object.defineProperty(cls, 'fromLines', {
    value: (lines, terms) => viaLineColumns(lines, (columns) => fromLineColumns.call(cls, columns, terms), () => fromLines.call(cls, lines, terms)),
    writable: true,
    configurable: true,
  });
  Object.defineProperty(cls.prototype, 'price', {
    value: function price(couponIds) {
      const state = kept.get(this);
      const held = Uint8Array.from(state?.columns ?? [], (column) => (column ? 1 : 0));
      return readPricing(lastTape(priceTape.call(this, couponIds, state?.terms, held)), this);
    },
    writable: true,
    configurable: true,
  });
  return cls;
}

/** `(input) => fast(input, input.lines as columns)` when the lines can take that road, else `strict(input)`. */
export function cartWithLineColumns(fast, strict) {
  return (input) => viaLineColumns(input?.lines, (columns) => fast(input, columns), () => strict(input));
}

/** `fast(lineColumns(lines))` when the lines lay out as columns and it reads them, else `strict()`. */
function viaLineColumns(lines, fast, strict) {
  const columns = lineColumns(lines);
  return (columns && fast(columns)) ?? strict();
}

/** The key of the one field a reason carries besides its code (none when absent). */
const REASON_FIELD = {
  belowThreshold: 'shortFen',
  unitsShort: 'shortUnits',
  expired: 'validUntilMs',
  notYetValid: 'validFromMs',
  memberSpendShort: 'shortFen',
};
/** Reasons whose field is a text. */
const REASON_TEXT = { notStackable: 'with', sameGroup: 'with', tierNotEligible: 'tier' };

/** `priceCart` around the wasm's price…Tape exports: the PricedCart read from the tape (`write_priced_cart`). */
export function viaPricedCartTape(priceCartTape, priceCartColumnsTape) {
  return function priceCart(input) {
    const lines = input?.lines;
    const length = viaLineColumns(lines, (columns) => priceCartColumnsTape(input, columns), () => priceCartTape(input));
    // A tape of lines that crossed as columns leaves their texts out: these lines have them.
    return readPricedCart(lastTape(length), lines);
  };
}

/** Reads a CartPricing of `cart` from its tape. */
function readPricing(t, cart) {
  const { pricing, applied, shareCounts } = readHead(t);
  // The columns: the lines' list amounts, discounts and payables, then each applied offer's
  // shares. A kept column comes as its key, followed by its numbers when this is the first tape
  // of its set of terms to carry it. Each answer gets copies of the kept columns: nothing is
  // shared between answers.
  const n = t.num();
  if (t.present()) kept.set(cart, { terms: t.num(), columns: [] });
  const { columns } = kept.get(cart);
  const keptColumn = (key) => {
    if (t.present()) columns[key] = t.numbers(n);
    return columns[key].slice();
  };
  pricing.lines = { listFen: keptColumn(t.num()), discountFen: t.numbers(n), payableFen: t.numbers(n) };
  for (let k = 0; k < applied.length; k++) {
    const key = t.num();
    applied[k].shares = key >= 0 ? keptColumn(key) : t.numbers(shareCounts[k]);
  }
  return t.done(pricing);
}

/**
 * Reads a PricedCart: the head, each applied offer (JSON text), each line, each offer's shares.
 * A line's texts come from the tape or, when it leaves them out, from `lines` (the wasm read them
 * from those, as columns).
 */
function readPricedCart(t, lines) {
  const { pricing, applied, shareCounts } = readHead(t);
  for (const a of applied) {
    a.offer = JSON.parse(t.text());
  }
  const out = new Array(t.num());
  const written = t.present();
  for (let k = 0; k < out.length; k++) {
    const line = written ? null : lines[k];
    out[k] = {
      lineId: written ? t.text() : line.lineId,
      sku: written ? t.text() : line.sku,
      category: written ? t.text() : (line.category ?? ''),
      store: written ? t.text() : (line.store ?? ''),
      unitPriceFen: t.num(),
      quantity: t.num(),
      listFen: t.num(),
      discountFen: t.num(),
      payableFen: t.num(),
    };
  }
  pricing.lines = out;
  for (let k = 0; k < applied.length; k++) applied[k].shares = t.numbers(shareCounts[k]);
  return t.done(pricing);
}

/**
 * What both answers share (src/wasm/cart.rs `write_head`): the pricing with its keys in the
 * order serde writes them (`lines` and each offer's `shares` still to fill), and how many shares
 * each applied offer has.
 */
function readHead(t) {
  const subtotalFen = t.num();
  const discountFen = t.num();
  const shippingFen = t.num();
  const shippingDiscountFen = t.num();
  const payableFen = t.num();
  const member = t.present() ? readMember(t) : null;
  const nowMs = t.opt();
  const couponIds = new Array(t.num());
  for (let k = 0; k < couponIds.length; k++) couponIds[k] = t.text();
  const applied = new Array(t.num());
  const shareCounts = new Array(applied.length);
  for (let k = 0; k < applied.length; k++) {
    applied[k] = { id: t.text(), source: t.word(), stage: t.word(), basisFen: t.num(), discountFen: t.num(), shares: null };
    shareCounts[k] = t.num();
  }
  const notApplied = new Array(t.num());
  for (let k = 0; k < notApplied.length; k++) notApplied[k] = { id: t.text(), source: t.word(), reason: readReason(t) };
  const pricing = {
    lines: null,
    applied,
    notApplied,
    couponIds,
    subtotalFen,
    discountFen,
    shippingFen,
    shippingDiscountFen,
    payableFen,
    member,
    nowMs,
  };
  return { pricing, applied, shareCounts };
}

/** `{ tier?, spendFen? }`: keys only for what the member has, as serde writes it. */
function readMember(t) {
  const member = {};
  const tier = t.text();
  const spendFen = t.opt();
  if (tier !== null) member.tier = tier;
  if (spendFen !== null) member.spendFen = spendFen;
  return member;
}

function readReason(t) {
  const code = t.word();
  const reason = { code };
  if (code in REASON_FIELD) reason[REASON_FIELD[code]] = t.num();
  else if (code in REASON_TEXT) reason[REASON_TEXT[code]] = t.text();
  return reason;
}
