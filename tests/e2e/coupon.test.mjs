// The 优惠券 page in real headless Chromium: <yy-checkout>'s payable and per-line amounts against
// an independent plain-JS pricing of the 双11 sample cart (worked by hand below), choosing coupons
// by clicking, the reasons shown for unusable coupons, and the campaign designer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from './harness.mjs';
import { sampleCarts } from '../../www/demo/sample-carts.js';

const ctx = withBrowser();
const cart = sampleCarts.find((s) => s.id === 'double11').cart;

/** Largest remainder: floor shares, leftover 分 to the largest remainders, ties to the lower index. */
function split(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  const order = weights.map((w, i) => [(total * w) % sum, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (const [, i] of order) if (left-- > 0) shares[i] += 1;
  return shares;
}

/**
 * The sample cart by hand: L1 399.00, L2 2×79.90 = 159.80 (优衣库 558.80), L3 128.00, L4 3×19.90 =
 * 59.70 (三只松鼠 187.70), L5 149.00 (小米) → 895.50 pre-coupon.
 * Store stage: U2 满500减60 on 优衣库, S2 无门槛减5 on 三只松鼠. Platform stage: 跨店每满300减50
 * on the pre-coupon 895.50 → 2 steps = 100, then the chosen platform coupon (P1 满800减80 on the
 * pre-coupon 895.50: met; P2 5% of what is left, capped at 30). 满99包邮 waives the ¥12 shipping.
 */
function expected(platform) {
  const pay = cart.lines.map((l) => l.unitPriceFen * l.quantity);
  const take = (indexes, total) => {
    const shares = split(total, indexes.map((i) => pay[i]));
    indexes.forEach((i, k) => (pay[i] -= shares[k]));
  };
  take([0, 1], 6000); // U2
  take([2, 3], 500); // S2
  const all = [0, 1, 2, 3, 4];
  take(all, 2 * 5000); // 跨店 ⌊89550 / 30000⌋ = 2 steps
  if (platform === 'P1') take(all, 8000);
  if (platform === 'P2') {
    const left = pay.reduce((a, b) => a + b, 0);
    take(all, Math.min(3000, Math.floor((left * 500 + 5000) / 10000)));
  }
  return { lines: pay, payable: pay.reduce((a, b) => a + b, 0) }; // shipping waived
}

const fen = (text) => Number(text.replace(/[^\d]/g, ''));
const payable = (page) => page.locator('yy-checkout .payable .value').innerText();
const linePays = (page) => page.locator('yy-checkout table.apportion tbody td.pay').allInnerTexts();

test('the checkout prices the sample cart like a plain-JS computation, and coupons can be chosen', async () => {
  const page = await ctx.open('/#/coupon', { lang: 'zh-CN' });
  await page.locator('yy-checkout .payable .value').waitFor();

  // The best pick is U2 + S2 + P1: 895.50 − 60 − 5 − 100 − 80 = 650.50.
  const best = expected('P1');
  assert.equal(best.payable, 65050);
  assert.equal(fen(await payable(page)), best.payable);
  assert.deepEqual((await linePays(page)).map(fen), best.lines);
  for (const id of ['U2', 'S2', 'P1']) {
    assert.equal(await page.locator(`yy-checkout [data-coupon=${id}]`).getAttribute('aria-checked'), 'true', id);
  }
  // Unusable coupons say why, in the shopper's words.
  assert.match(await page.locator('yy-checkout [data-coupon=S1] .reason').innerText(), /再买 ¥12\.30 可用/);
  assert.match(await page.locator('yy-checkout [data-coupon=P3] .reason').innerText(), /再买 ¥104\.50 可用/);
  assert.match(await page.locator('yy-checkout [data-coupon=E1] .reason').innerText(), /已于 .* 过期/);
  await ctx.screenshot(page, 'coupon-checkout-zh');

  // Deselect P1, pick P2 (9.5折, capped at ¥30): 730.50 − 30 = 700.50.
  await page.locator('yy-checkout [data-coupon=P1]').click();
  await page.locator('yy-checkout .reset').waitFor();
  assert.equal(fen(await payable(page)), expected(null).payable);
  await page.locator('yy-checkout [data-coupon=P2]').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('yy-checkout').shadowRoot.querySelector('[data-coupon=P2]')?.getAttribute('aria-checked') === 'true');
  const withP2 = expected('P2');
  assert.equal(fen(await payable(page)), withP2.payable);
  assert.deepEqual((await linePays(page)).map(fen), withP2.lines);
  await ctx.screenshot(page, 'coupon-checkout-manual');
  await page.locator('yy-checkout .reset').click();
  await page.waitForFunction(() => !document.querySelector('yy-checkout').shadowRoot.querySelector('.reset'));
  assert.equal(fen(await payable(page)), best.payable);

  // Another sample: 49.90 + 2 × 24.80 = ¥99.50 does not pass 满100.
  await page.locator('.cart-picker [data-cart=almost]').click();
  await page.locator('yy-checkout [data-coupon=B1] .reason').waitFor();
  assert.match(await page.locator('yy-checkout [data-coupon=B1] .reason').innerText(), /再买 ¥0\.50 可用/);
  await ctx.screenshot(page, 'coupon-checkout-almost');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('a resident Cart in the page prices the sample cart like the hand computation as coupons are toggled, and free() releases it', async () => {
  const page = await ctx.open('/tests/e2e/blank.html');
  const got = await page.evaluate(async (cart) => {
    const { init, Cart, YunyingError } = await import('/pkg/index.js');
    await init();
    const { lines, ...terms } = cart;
    const held = Cart.fromLines(lines, terms);
    const pick = (ids) => {
      const r = held.price(ids);
      return { payable: r.payableFen, lines: r.lines.payableFen, array: Array.isArray(r.lines.payableFen) };
    };
    const p1 = pick(['U2', 'S2', 'P1']);
    const p2 = pick(['U2', 'S2', 'P2']);
    let unknown;
    try {
      held.price(['U2', 'nope']);
    } catch (e) {
      unknown = { yunying: e instanceof YunyingError, code: e.code, field: e.field };
    }
    const again = pick(['U2', 'S2', 'P1']);
    held.free();
    let afterFree;
    try {
      held.price();
      afterFree = 'answered';
    } catch (e) {
      afterFree = 'refused';
    }
    // The module itself still answers.
    const fresh = Cart.fromLines(lines, { ...terms, coupons: terms.coupons.filter((c) => ['U2', 'S2', 'P1'].includes(c.id)) });
    const still = fresh.price().payableFen;
    fresh.free();
    return { p1, p2, unknown, again, afterFree, still };
  }, cart);
  for (const [platform, answer] of [['P1', got.p1], ['P2', got.p2]]) {
    const want = expected(platform);
    assert.equal(answer.payable, want.payable, platform);
    assert.deepEqual(answer.lines, want.lines, platform);
    assert.ok(answer.array, 'line payables come back as an array');
  }
  assert.deepEqual(got.unknown, { yunying: true, code: 'NOT_FOUND', field: 'couponIds[1]' });
  assert.deepEqual(got.again, got.p1);
  assert.equal(got.afterFree, 'refused');
  assert.equal(got.still, expected('P1').payable);
  await page.close();
});

test('the campaign designer shows the what-if over the pay events, and reports a bad rule', async () => {
  const page = await ctx.open('/#/coupon', { lang: 'en' });
  const designer = page.locator('yy-promo-designer');
  await designer.locator('[data-kpi=cost] .value').waitFor();
  assert.match(await designer.locator('[data-kpi=orders] .value').innerText(), /^\d{1,3}(,\d{3})*$/);
  assert.ok(fen(await designer.locator('[data-kpi=pushed] .value').innerText()) > 0, 'orders are pushed over ¥99');
  assert.equal(await designer.locator('svg.histogram rect').count(), 40);
  await designer.locator('svg.histogram').scrollIntoViewIfNeeded();
  await ctx.screenshot(page, 'coupon-designer-en');

  // 每满减 with a discount above its step: refused, naming the field.
  await designer.locator('select[name=kind]').selectOption('everyReduction');
  await designer.locator('input[name=off]').fill('150');
  await designer.locator('input[name=off]').press('Tab');
  await designer.locator('[role=alert]').waitFor();
  assert.match(await designer.locator('[role=alert]').innerText(), /options\.rule\.everyFen/);
  await designer.locator('input[name=off]').fill('15');
  await designer.locator('input[name=off]').press('Tab');
  await designer.locator('[data-kpi=cost] .value').waitFor();
  assert.match(await designer.locator('.rule').innerText(), /¥15 off every ¥99/);
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('Cart.price read from its tape equals priceCart on the same cart and coupons, for every sample cart and coupon subset', async () => {
  const page = await ctx.open('/tests/e2e/blank.html');
  const mismatches = await page.evaluate(async (samples) => {
    const { init, Cart, priceCart } = await import('/pkg/index.js');
    await init();
    // priceCart's shape with the per-line numbers as columns, as CartPricing documents.
    const asColumns = ({ lines, applied, ...rest }) => ({
      ...rest,
      lines: {
        listFen: lines.map((l) => l.listFen),
        discountFen: lines.map((l) => l.discountFen),
        payableFen: lines.map((l) => l.payableFen),
      },
      applied: applied.map(({ offer, ...a }) => a),
    });
    // Strict structural equality.
    const same = (a, b) => {
      if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
      if (Array.isArray(a) !== Array.isArray(b)) return false;
      const keys = Object.keys(a);
      return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
    };
    const out = [];
    const codes = new Set();
    for (const { id, cart } of samples) {
      const { lines, ...terms } = cart;
      const members = [cart.member, { tier: 'VIP' }, { spendFen: 150000 }, undefined];
      for (const member of members) {
        const held = Cart.fromLines(lines, { ...terms, member });
        const ids = terms.coupons?.map((c) => c.id) ?? [];
        const subsets = [undefined, [], ids, [...ids].reverse(), ...ids.map((c) => [c]), ids.filter((_, k) => k % 2 === 0)];
        for (const subset of subsets) {
          const chosen = subset === undefined ? terms.coupons : subset.map((c) => terms.coupons.find((o) => o.id === c));
          const want = asColumns(priceCart({ ...cart, member, coupons: chosen }));
          const got = held.price(subset);
          for (const n of got.notApplied) codes.add(n.reason.code);
          if (!same(got, want)) out.push({ id, member, subset, got: JSON.stringify(got), want: JSON.stringify(want) });
          // A fresh result each call: changing one does not change the next.
          got.applied.push(null);
          got.lines.payableFen[0] = -1;
          if (!same(held.price(subset), want)) out.push({ id, subset, aliased: true });
        }
        held.free();
      }
    }
    return { out, codes: [...codes].sort() };
  }, sampleCarts);
  assert.deepEqual(mismatches.out, []);
  // The subsets reach reasons with a number, a text and no field.
  for (const code of ['belowThreshold', 'expired', 'notStackable', 'sameGroup', 'notMember']) {
    assert.ok(mismatches.codes.includes(code), `${code} in ${mismatches.codes}`);
  }
  await page.close();
});
