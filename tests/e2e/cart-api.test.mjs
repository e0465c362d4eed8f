// Cart through the package's public API in Node: `Cart.price` is the JS layer's reading of the
// wasm's tape, so its numbers are checked here, on a cart worked by hand — three ¥10 lines of one
// store, a 无门槛 ¥10 coupon (¥10 split by largest remainder: 3.34 / 3.33 / 3.33, ties to the lower
// line) and a store 满¥50减¥8 the cart misses by ¥20.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lineColumns } from '../../pkg/line-columns.js';
import { init, Cart, bestCoupons, priceCart, refundLines, YunyingError } from '../../pkg/node.js';

await init();

const lines = ['a', 'b', 'c'].map((id) => ({ lineId: id, sku: id, store: 'S', unitPriceFen: 1000, quantity: 1 }));
const coupons = [
  { id: 'ten', rule: { kind: 'noThreshold', offFen: 1000 } },
  { id: 'm50', rule: { kind: 'fullReduction', thresholdFen: 5000, offFen: 800 }, scope: { type: 'store', store: 'S' } },
];

test('priceCart (read from its tape) gives every line as an object, each applied offer with its split and the offer as read, and why the others did not apply', () => {
  const priced = priceCart({ lines, coupons });
  assert.deepEqual(priced.lines[0], { lineId: 'a', sku: 'a', category: '', store: 'S', unitPriceFen: 1000, quantity: 1, listFen: 1000, discountFen: 334, payableFen: 666 });
  assert.deepEqual(priced.lines.map((l) => l.payableFen), [666, 667, 667]);
  assert.equal(priced.payableFen, 2000);
  assert.deepEqual(priced.couponIds, ['ten']);
  const [ten] = priced.applied;
  assert.deepEqual(
    { id: ten.id, source: ten.source, stage: ten.stage, basisFen: ten.basisFen, discountFen: ten.discountFen, shares: ten.shares },
    { id: 'ten', source: 'coupon', stage: 'platform', basisFen: 3000, discountFen: 1000, shares: [334, 333, 333] },
  );
  assert.equal(ten.offer.id, 'ten');
  assert.deepEqual(ten.offer.rule, { kind: 'noThreshold', offFen: 1000 });
  assert.deepEqual(priced.notApplied, [{ id: 'm50', source: 'coupon', reason: { code: 'belowThreshold', shortFen: 2000 } }]);
  // The order goes back into refundLines as it came out: returning everything gives back what was paid.
  const all = lines.map((l) => ({ lineId: l.lineId, quantity: 1 }));
  assert.equal(refundLines(priced, all).keep.refundFen, 2000);
  assert.throws(() => priceCart({ lines: [{ ...lines[0], quantity: -1 }] }), (e) => e instanceof YunyingError && e.field === 'lines[0].quantity');
});

test('a held cart prices like priceCart, with the per-line numbers as columns', () => {
  const cart = Cart.fromLines(lines, { coupons });
  try {
    assert.equal(cart.length, 3);
    const priced = cart.price();
    assert.equal(priced.payableFen, priceCart({ lines, coupons }).payableFen);
    assert.equal(priced.payableFen, 2000);
    assert.deepEqual(priced.lines.listFen, [1000, 1000, 1000]);
    assert.deepEqual(priced.lines.discountFen, [334, 333, 333]);
    assert.deepEqual(priced.lines.payableFen, [666, 667, 667]);
    assert.deepEqual(priced.applied[0].shares, [334, 333, 333]);
    assert.equal(priced.applied[0].discountFen, 1000);
    assert.equal(priced.notApplied[0].reason.shortFen, 2000);

    // Toggling: only the store coupon (below its threshold), then none.
    const onlyM50 = cart.price(['m50']);
    assert.equal(onlyM50.payableFen, 3000);
    assert.equal(onlyM50.applied.length, 0);
    assert.equal(cart.price([]).payableFen, 3000);
  } finally {
    cart.free();
  }
});

test('the same lines as columns price the same', () => {
  const cart = Cart.fromColumns(
    { lineId: ['a', 'b', 'c'], sku: ['a', 'b', 'c'], store: ['S', 'S', 'S'], unitPriceFen: new Float64Array([1000, 1000, 1000]), quantity: [1, 1, 1] },
    { coupons: [coupons[0]] },
  );
  try {
    const priced = cart.price();
    assert.equal(priced.payableFen, 2000);
    assert.deepEqual([...priced.lines.payableFen], [666, 667, 667]);
  } finally {
    cart.free();
  }
});

test('bad coupon ids are errors naming the field, and the cart still answers after them', () => {
  const cart = Cart.fromLines(lines, { coupons: [coupons[0]] });
  try {
    assert.throws(() => cart.price(['nope']), (e) => e instanceof YunyingError && e.code === 'NOT_FOUND' && e.field === 'couponIds[0]');
    assert.throws(() => cart.price([1]), (e) => e instanceof YunyingError && e.code === 'INVALID_INPUT' && e.field === 'couponIds[0]');
    assert.equal(cart.price().payableFen, 2000);
  } finally {
    cart.free();
  }
});

test("a store coupon's split and the list amounts cross once per set of terms, and each answer has its own copies", () => {
  // 满¥20减¥5 on the store: 5.00 over three ¥10 lines is 1.67 / 1.67 / 1.66 (largest remainder,
  // ties to the lower line); the same coupon id with ¥10 off after setTerms: 3.34 / 3.33 / 3.33.
  const store = (offFen) => ({ id: 's', rule: { kind: 'fullReduction', thresholdFen: 2000, offFen }, scope: { type: 'store', store: 'S' } });
  const cart = Cart.fromLines(lines, { coupons: [store(500)] });
  try {
    const first = cart.price();
    assert.deepEqual(first.applied[0].shares, [167, 167, 166]);
    const again = cart.price(['s']);
    assert.deepEqual(again.applied[0].shares, [167, 167, 166]);
    assert.deepEqual(again.lines.listFen, [1000, 1000, 1000]);
    // Changing one answer's arrays does not change the next answer's.
    again.applied[0].shares[0] = -1;
    again.lines.listFen[0] = -1;
    assert.deepEqual(cart.price().applied[0].shares, [167, 167, 166]);
    assert.deepEqual(cart.price().lines.listFen, [1000, 1000, 1000]);
    cart.setTerms({ coupons: [store(1000)] });
    const after = cart.price();
    assert.deepEqual(after.applied[0].shares, [334, 333, 333]);
    assert.deepEqual(after.lines.payableFen, [666, 667, 667]);
    assert.deepEqual(cart.price(), after);
    assert.deepEqual(cart.price([]).applied, []);
  } finally {
    cart.free();
  }
});

test("a store coupon's split crosses the first time a pricing uses it, also after other pricings under the same terms", () => {
  // Two stores of two ¥10 lines; each store's 满¥20减¥3 splits 1.50 / 1.50 over its lines.
  const two = ['a', 'b', 'c', 'd'].map((id, k) => ({ lineId: id, sku: id, store: k < 2 ? 'S' : 'T', unitPriceFen: 1000, quantity: 1 }));
  const off = (id, store) => ({ id, rule: { kind: 'fullReduction', thresholdFen: 2000, offFen: 300 }, scope: { type: 'store', store } });
  const cart = Cart.fromLines(two, { coupons: [off('s', 'S'), off('t', 'T')] });
  try {
    assert.deepEqual(cart.price(['s']).applied.map((a) => a.shares), [[150, 150, 0, 0]]);
    assert.deepEqual(cart.price(['t']).applied.map((a) => a.shares), [[0, 0, 150, 150]]);
    assert.deepEqual(cart.price().applied.map((a) => a.shares), [[150, 150, 0, 0], [0, 0, 150, 150]]);
    assert.deepEqual(cart.price(['t', 's']).lines.payableFen, [850, 850, 850, 850]);
  } finally {
    cart.free();
  }
});

// Line objects cross as columns when they are plain (www/line-columns.js), else as JSON. The same
// lines as instances of a class are not plain: they take the JSON road, and must mean the same.
class NotPlain {}
const strictly = (lines) => lines.map((line) => Object.assign(new NotPlain(), line));

/** What a call gives: its answer, or its error's code, field and message. */
function outcome(run) {
  try {
    return { answer: run() };
  } catch (e) {
    if (!(e instanceof YunyingError)) throw e;
    return { error: { code: e.code, field: e.field, message: e.message } };
  }
}

/** Every way in for `lines`: priceCart, bestCoupons, and a held cart's first and second pricing. */
function answers(lines, terms) {
  const held = (run) => () => {
    const cart = Cart.fromLines(lines, terms);
    try {
      return run(cart);
    } finally {
      cart.free();
    }
  };
  return {
    priceCart: outcome(() => priceCart({ lines, ...terms })),
    bestCoupons: outcome(() => bestCoupons({ lines, ...terms })),
    held: outcome(held((cart) => [cart.price(), cart.price([])])),
  };
}

const { vectors } = JSON.parse(readFileSync(new URL('../reference/coupons/vectors.json', import.meta.url)));

test('every reference cart (tests/reference/coupons, priced by an independent Python script) prices as the script says, its lines laid out as columns or read as objects', () => {
  for (const [k, { cart, priced, best }] of vectors.entries()) {
    const { lines, ...terms } = cart;
    assert.notEqual(lineColumns(lines), null, `cart ${k} is laid out as columns`);
    const columns = answers(lines, terms);
    assert.deepEqual(columns, answers(strictly(lines), terms), `cart ${k}`);
    assert.equal(columns.priceCart.answer.payableFen, priced.payableFen, `cart ${k}`);
    assert.deepEqual(columns.priceCart.answer.couponIds, priced.couponIds, `cart ${k}`);
    assert.equal(columns.held.answer[0].payableFen, priced.payableFen, `cart ${k}`);
    assert.equal(columns.bestCoupons.answer.best.payableFen, best.payableFen, `cart ${k}`);
  }
});

test('lines that the columns cannot carry as JSON would take the JSON road, and answer or fail exactly as it does', () => {
  const line = { lineId: 'a', sku: 'a', category: 'c', store: 'S', unitPriceFen: 1000, quantity: 1 };
  const cases = {
    'separator in an id': [{ ...line, lineId: 'a\0b' }, { ...line, lineId: 'a' }],
    'separator in a sku': [{ ...line, sku: 'x\0y' }, { ...line, lineId: 'b', sku: 'x' }],
    'a lone surrogate in an id': [{ ...line, lineId: 'a\ud800' }],
    'a lone surrogate in a store': [{ ...line, store: '\udc00S' }],
    'a surrogate pair': [{ ...line, sku: '🧧' }],
    'no category or store': [{ lineId: 'a', sku: 'a', unitPriceFen: 1000, quantity: 2 }],
    'undefined category': [{ ...line, category: undefined }],
    'null category': [{ ...line, category: null }],
    'an extra key': [{ ...line, colour: 'red' }],
    'a missing key': [{ lineId: 'a', sku: 'a', unitPriceFen: 1000 }],
    'a fractional quantity': [{ ...line, quantity: 1.5 }],
    'NaN price': [{ ...line, unitPriceFen: NaN }],
    'Infinity price': [{ ...line, unitPriceFen: Infinity }],
    '−0 price': [{ ...line, unitPriceFen: -0 }],
    'a price of 2^53': [{ ...line, unitPriceFen: 2 ** 53 }],
    'a price of 1e21': [{ ...line, unitPriceFen: 1e21 }],
    'a negative price': [{ ...line, unitPriceFen: -5 }],
    'a string quantity': [{ ...line, quantity: '2' }],
    'a duplicate id': [line, { ...line }],
    'an empty id': [{ ...line, lineId: '' }],
    'a hole': [line, , line], // eslint-disable-line no-sparse-arrays
    'no lines': [],
  };
  const terms = { coupons };
  for (const [name, lines] of Object.entries(cases)) {
    const taken = answers(lines, terms);
    assert.deepEqual(taken, answers(strictly(lines), terms), name);
  }
  // Terms at fault fail the same way whichever road the lines took.
  const badTerms = { coupons: [{ id: 'x', rule: { kind: 'fullReduction', thresholdFen: 100, offFen: 200 } }] };
  const failed = answers([line], badTerms);
  assert.deepEqual(failed, answers(strictly([line]), badTerms));
  assert.match(failed.held.error.field, /^terms\.coupons\[0\]\.rule/);
  assert.match(failed.priceCart.error.field, /^coupons\[0\]\.rule/);
  // Which of them the columns carry (the wasm turns the separators and the numbers away).
  const carried = Object.keys(cases).filter((name) => lineColumns(cases[name]) !== null);
  assert.deepEqual(carried, [
    'separator in an id', 'separator in a sku', 'a surrogate pair', 'no category or store', 'a fractional quantity',
    'NaN price', 'Infinity price', '−0 price', 'a price of 2^53', 'a price of 1e21', 'a negative price', 'a duplicate id', 'an empty id', 'no lines',
  ]);
  // A few of them by hand, so the comparison above compares something.
  assert.equal(answers(cases['separator in an id'], terms).priceCart.answer.lines[0].lineId, 'a\0b');
  assert.equal(answers(cases['a fractional quantity'], terms).priceCart.error.field, 'lines[0].quantity');
  assert.equal(answers(cases['a duplicate id'], terms).held.error.field, 'lines[1].lineId');
  assert.equal(answers(cases['no category or store'], terms).priceCart.answer.lines[0].category, '');
  assert.equal(answers(cases['a surrogate pair'], terms).priceCart.answer.lines[0].sku, '🧧');
  assert.equal(answers(cases['a lone surrogate in an id'], terms).priceCart.error.field, 'lines[0].lineId');
  assert.equal(answers(cases['an extra key'], terms).bestCoupons.error.code, 'INVALID_INPUT');
});
