// Coupons (issue 6), against a straightforward plain-JS implementation of the same rules
// (written below, for the kinds these carts use: 满减, 折扣 with a cap, 跨店每满减; store and
// platform scopes; thresholds judged pre-coupon; largest-remainder splits):
// - bestCoupons on a 200-line cart with 30 coupons (5 stores × 4 + 10 platform);
// - one-shot pricing of a 500-line cart (Cart.fromLines + price, and priceCart);
// - repricing a held 500-line cart as coupons are toggled (Cart.price).
// check() makes them agree on the payable amounts (every line's and the total) and the coupons picked.

/** A small deterministic PRNG (mulberry32), so both environments price the same carts. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STORES = 5;

/** `lines` lines over 5 stores, the 跨店 promotion, 4 coupons per store and 10 platform coupons. */
function makeCart(lines, seed) {
  const r = random(seed);
  const cart = { lines: [], promotions: [], coupons: [] };
  for (let i = 0; i < lines; i++) {
    cart.lines.push({
      lineId: `L${i}`, sku: `sku${i % 60}`, category: `c${i % 8}`, store: `S${i % STORES}`,
      unitPriceFen: 990 + Math.floor(r() * 30000), quantity: 1 + Math.floor(r() * 3),
    });
  }
  cart.promotions.push({ id: 'cross', rule: { kind: 'everyReduction', everyFen: 30000, offFen: 5000 }, scope: { type: 'platform' } });
  const storeTotal = (s) => cart.lines.filter((l) => l.store === `S${s}`).reduce((a, l) => a + l.unitPriceFen * l.quantity, 0);
  for (let s = 0; s < STORES; s++) {
    const total = storeTotal(s);
    for (let k = 0; k < 4; k++) {
      // Thresholds from 60% to 120% of the store's amount: most met, some missed.
      const threshold = Math.round((total * (0.6 + 0.2 * k)) / 100) * 100;
      cart.coupons.push({ id: `S${s}-${k}`, rule: { kind: 'fullReduction', thresholdFen: threshold, offFen: Math.round(threshold * (0.05 + 0.02 * k)) }, scope: { type: 'store', store: `S${s}` } });
    }
  }
  const all = cart.lines.reduce((a, l) => a + l.unitPriceFen * l.quantity, 0);
  for (let k = 0; k < 10; k++) {
    const rule = k % 3 === 0
      ? { kind: 'percentage', percentOff: 3 + k, capFen: Math.round(all * 0.04) }
      : { kind: 'fullReduction', thresholdFen: Math.round((all * (0.5 + 0.07 * k)) / 100) * 100, offFen: Math.round(all * (0.01 + 0.006 * k)) };
    cart.coupons.push({ id: `P${k}`, rule });
  }
  return cart;
}

// ---------------------------------------------------------------------------------------------
// The plain-JS implementation a developer would write

/** Largest remainder: floor shares, leftover 分 to the largest remainders, ties to the lower index. */
function split(total, weights) {
  let sum = 0;
  for (const w of weights) sum += w;
  const shares = new Array(weights.length);
  const rem = new Array(weights.length);
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    shares[i] = Math.floor((total * weights[i]) / sum);
    rem[i] = (total * weights[i]) % sum;
    given += shares[i];
  }
  const order = weights.map((_, i) => i).sort((a, b) => rem[b] - rem[a] || a - b);
  for (let k = 0; k < total - given; k++) shares[order[k]] += 1;
  return shares;
}

/** The discount of a rule: thresholds on `basis`, taken from (at most) `running`. */
function ruleDiscount(rule, basis, running) {
  let d = 0;
  if (rule.kind === 'fullReduction') d = basis >= rule.thresholdFen ? rule.offFen : 0;
  else if (rule.kind === 'everyReduction') d = Math.floor(basis / rule.everyFen) * rule.offFen;
  else if (rule.kind === 'percentage') d = Math.min(rule.capFen ?? Infinity, Math.floor((running * rule.percentOff * 100 + 5000) / 10000));
  return Math.min(d, running);
}

const storeOf = (offer) => (offer.scope?.type === 'store' ? offer.scope.store : null);

/** Prices the cart with `coupons` (already one per group): store stage, then platform stage. */
function pricePlain(cart, coupons) {
  const lines = cart.lines;
  const amount = lines.map((l) => l.unitPriceFen * l.quantity);
  const pre = amount.slice();
  const apply = (offer) => {
    const store = storeOf(offer);
    const scope = [];
    for (let i = 0; i < lines.length; i++) if (store === null || lines[i].store === store) scope.push(i);
    let basis = 0;
    let running = 0;
    for (const i of scope) {
      basis += pre[i];
      running += amount[i];
    }
    const d = ruleDiscount(offer.rule, basis, running);
    if (d > 0) {
      const shares = split(d, scope.map((i) => amount[i]));
      scope.forEach((i, k) => (amount[i] -= shares[k]));
    }
  };
  for (const c of coupons) if (storeOf(c) !== null) apply(c);
  for (const p of cart.promotions) apply(p);
  for (const c of coupons) if (storeOf(c) === null) apply(c);
  return { lines: amount, payable: amount.reduce((a, b) => a + b, 0) };
}

/** Coupons whose pre-coupon threshold is met, in input order (for the shopper, the usable ones). */
function usable(cart) {
  return cart.coupons.filter((c) => {
    const store = storeOf(c);
    const basis = cart.lines.filter((l) => store === null || l.store === store).reduce((a, l) => a + l.unitPriceFen * l.quantity, 0);
    return basis > 0 && ruleDiscount(c.rule, basis, basis) > 0;
  });
}

/** priceCart: the given coupons, one per group, in input order. */
function priceCartPlain(cart) {
  const taken = new Set();
  const chosen = [];
  for (const c of usable(cart)) {
    const group = storeOf(c) ?? 'platform';
    if (!taken.has(group)) {
      taken.add(group);
      chosen.push(c);
    }
  }
  return pricePlain(cart, chosen);
}

/** bestCoupons: every combination of none-or-one coupon per store and none-or-one platform coupon. */
function bestCouponsPlain(cart) {
  const groups = new Map();
  for (const c of usable(cart)) {
    const g = storeOf(c) ?? 'platform';
    if (!groups.has(g)) groups.set(g, [null]);
    groups.get(g).push(c);
  }
  const options = [...groups.values()];
  let best = null;
  const visit = (k, chosen) => {
    if (k === options.length) {
      const { payable } = pricePlain(cart, chosen);
      const ids = chosen.map((c) => c.id).sort();
      if (!best || payable < best.payable || (payable === best.payable && (ids.length < best.ids.length || (ids.length === best.ids.length && ids.join() < best.ids.join())))) {
        best = { payable, ids };
      }
      return;
    }
    for (const option of options[k]) visit(k + 1, option ? [...chosen, option] : chosen);
  };
  visit(0, []);
  return best;
}

function agree(what, a, b) {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what} differ: yunying ${JSON.stringify(a)}, plain JS ${JSON.stringify(b)}`);
}

const best = {
  id: 'coupons',
  title: 'bestCoupons: 200 lines, 30 coupons (5 stores × 4 + 10 platform), exact best combination',
  where: ['browser', 'node'],
  sizes: [200],
  sizeLabel: (n) => `${n} lines × 30 coupons`,
  timing: { minRuns: 3, maxRuns: 9 },
  setup({ size, yunying }) {
    const cart = makeCart(size, 6);
    const all = usable(cart).length;
    const { combinationsEvaluated, method } = yunying.bestCoupons(cart);
    return { cart, figures: { 'usable coupons': all, 'combinations yunying evaluated': combinationsEvaluated, 'search method': method } };
  },
  contenders: {
    yunying: ({ cart }, { yunying }) => yunying.bestCoupons(cart),
    'plain JS': ({ cart }) => bestCouponsPlain(cart),
  },
  check(answers) {
    const mine = answers.yunying;
    agree('payable', mine.best.payableFen, answers['plain JS'].payable);
    agree('coupons', [...mine.couponIds].sort(), answers['plain JS'].ids);
  },
  figures({ figures }) {
    return figures;
  },
  targets: [
    { env: 'browser', contender: 'yunying', maxMs: 5 },
    { env: 'browser', fasterThan: 'plain JS', by: 10 },
  ],
};

/** Line payables and the total, as the plain-JS implementation returns them. */
function payables(priced) {
  const lines = Array.isArray(priced.lines) ? priced.lines.map((l) => l.payableFen) : [...priced.lines.payableFen];
  return { lines, payable: priced.payableFen };
}

function agreePayables(answers) {
  const plain = answers['plain JS'];
  for (const [name, answer] of Object.entries(answers)) {
    if (name === 'plain JS') continue;
    const mine = payables(answer);
    agree(`${name}: payable`, mine.payable, plain.payable);
    agree(`${name}: line payables`, mine.lines, plain.lines);
  }
}

const termsOf = (cart) => ({ promotions: cart.promotions, coupons: cart.coupons });

// One-shot: a cart priced once, everything crossing the boundary inside the timed call.
const price = {
  id: 'coupons-price',
  title: 'one-shot pricing: 500 lines, the 跨店 promotion and one coupon per store and platform (lines and offers cross in, the answer out)',
  where: ['browser', 'node'],
  sizes: [500],
  sizeLabel: (n) => `${n} lines`,
  setup({ size }) {
    return { cart: makeCart(size, 7) };
  },
  contenders: {
    'yunying Cart.fromLines + price': ({ cart }, { yunying }) => {
      const held = yunying.Cart.fromLines(cart.lines, termsOf(cart));
      try {
        return held.price();
      } finally {
        held.free();
      }
    },
    'yunying priceCart': ({ cart }, { yunying }) => yunying.priceCart(cart),
    'plain JS': ({ cart }) => priceCartPlain(cart),
  },
  check: agreePayables,
  targets: [{ env: 'browser', contender: 'yunying Cart.fromLines + price', maxMs: 1 }],
};

// Resident: the admin console holds the cart (lines and the shopper's coupons) and reprices it
// as coupons are toggled; plain JS prices the cart objects it already holds. Both go through the
// same toggles: all 30 coupons, then each one switched off in turn.
const reprice = {
  id: 'coupons-reprice',
  title: 'repricing a held cart as coupons are toggled (admin console): 500 lines, 30 coupons, Cart.price vs the plain-JS function on the objects it holds',
  where: ['browser', 'node'],
  sizes: [500],
  sizeLabel: (n) => `${n} lines`,
  setup({ size, yunying }) {
    const cart = makeCart(size, 7);
    const toggles = [cart.coupons, ...cart.coupons.map((off) => cart.coupons.filter((c) => c !== off))];
    return {
      cart,
      toggles,
      toggledIds: toggles.map((coupons) => coupons.map((c) => c.id)),
      held: yunying.Cart.fromLines(cart.lines, termsOf(cart)),
      turn: { yunying: 0, plain: 0 },
    };
  },
  contenders: {
    yunying: (state) => state.held.price(state.toggledIds[state.turn.yunying++ % state.toggledIds.length]),
    'plain JS': (state) => priceCartPlain({ ...state.cart, coupons: state.toggles[state.turn.plain++ % state.toggles.length] }),
  },
  check: agreePayables,
  targets: [{ env: 'browser', fasterThan: 'plain JS', by: 10 }],
  teardown(state) {
    state.held.free();
  },
};

export default [best, price, reprice];
