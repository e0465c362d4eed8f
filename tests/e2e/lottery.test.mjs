// The 抽奖活动 page in real headless Chromium: the three lucky widgets draw from the page's pool
// (yy-draw, stock going down), the verifiable wheel checks the server's proof, and the
// designer's odds equal an independent BigInt fraction computation. Reduced motion keeps it fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from './harness.mjs';
import { demoPool } from '../../www/demo/pages/lottery-pool.js';

const ctx = withBrowser();

async function openLottery(lang = 'zh-CN', reducedMotion = 'reduce') {
  const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (err) => ctx.errors.push(err));
  // A seeded pool: the same draws on every run.
  await page.addInitScript((l) => {
    localStorage.setItem('yy-demo-lang', l);
    localStorage.setItem('yy-demo-lottery-seed', '20251111');
  }, lang);
  await page.goto(`${ctx.base}/#/lottery`);
  await page.emulateMedia({ reducedMotion });
  await page.locator('yy-lucky-wheel#lottery-wheel .yy-lucky-start').waitFor();
  await page.locator('yy-lottery-designer table.odds').waitFor();
  return page;
}

/** Resolves with the next yy-draw detail of `selector`, after running `action`. */
async function nextDraw(page, selector, action) {
  const detail = page.evaluate((sel) => new Promise((resolve) => {
    document.querySelector(sel).addEventListener('yy-draw', (e) => {
      const { prize, index, result, verification, verified } = e.detail;
      resolve({ prize: { id: prize.id, name: prize.name }, index, result, verification, verified });
    }, { once: true });
  }), selector);
  await action();
  return detail;
}

/** The reduced fraction w / total with BigInt, independently of the engine. */
function fraction(w, total) {
  let [a, b] = [BigInt(w), BigInt(total)];
  let [x, y] = [a, b];
  while (y) [x, y] = [y, x % y];
  return `${a / x}/${b / x}`;
}

test('the wheel, the grid and the slot draw from one pool: yy-draw and stock going down', async () => {
  const page = await openLottery();
  await ctx.screenshot(page, 'lottery-zh');
  const stocked = await page.evaluate(() => [...document.querySelectorAll('#lottery-stock tr[data-prize]')].map((tr) => [tr.dataset.prize, tr.children[1].textContent]));
  assert.deepEqual(stocked.slice(0, 3), [['iphone', '2'], ['airpods', '5'], ['coupon100', '50']]);

  const draws = [];
  for (const id of ['lottery-wheel', 'lottery-grid', 'lottery-slot']) {
    // Keyboard: focus the start button and press Enter.
    const detail = await nextDraw(page, `#${id}`, async () => {
      await page.locator(`#${id} .yy-lucky-start`).focus();
      await page.keyboard.press('Enter');
    });
    assert.equal(detail.result.prizeId, detail.prize.id);
    assert.equal(detail.result.drawNumber, draws.length + 1);
    const status = await page.locator(`#${id} .yy-lucky-status`).innerText();
    assert.match(status, new RegExp(`抽中：${detail.prize.name}`));
    // The widget shows the drawn prize where it landed.
    const shown = await page.evaluate((sel) => {
      const root = document.querySelector(sel).shadowRoot;
      const won = root.querySelector('.won[data-prize], [data-prize]:has(> .won)');
      if (won) return won.dataset.prize;
      // The slot: every reel's middle row.
      return [...root.querySelectorAll('.reel')].map((reel) => [...reel.querySelectorAll('.symbol')]
        .find((s) => Math.abs(new DOMMatrix(getComputedStyle(s).transform).m42 - 72) < 1)?.textContent).join('|');
    }, `#${id}`);
    assert.equal(shown, id === 'lottery-slot' ? Array(3).fill(detail.prize.name).join('|') : detail.prize.id, id);
    draws.push(detail);
  }
  assert.match(await page.locator('#lottery-stock h3').innerText(), /已抽 3 次/);

  // Draw until a stocked prize comes out (pity gives one at least every 10 draws) and check its stock fell.
  const initial = Object.fromEntries(demoPool('zh-CN').prizes.filter((p) => p.stock !== undefined).map((p) => [p.id, p.stock]));
  const won = {};
  for (const d of draws) won[d.prize.id] = (won[d.prize.id] ?? 0) + 1;
  for (let i = 0; i < 600 && !Object.keys(won).some((id) => id in initial); i++) {
    const d = await nextDraw(page, '#lottery-wheel', () => page.locator('#lottery-wheel .yy-lucky-start').click());
    won[d.prize.id] = (won[d.prize.id] ?? 0) + 1;
  }
  const left = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#lottery-stock tr[data-prize]')].map((tr) => [tr.dataset.prize, tr.children[1].textContent])));
  for (const [id, stock] of Object.entries(initial)) assert.equal(Number(left[id]), stock - (won[id] ?? 0), id);
  assert.ok(Object.keys(won).some((id) => id in initial), `a stocked prize came out: ${JSON.stringify(won)}`);
  await ctx.screenshot(page, 'lottery-after-draws');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('the verifiable wheel animates the server answer and verifies its proof', async () => {
  const page = await openLottery();
  const detail = await nextDraw(page, '#lottery-verifiable', () => page.locator('#lottery-verifiable .yy-lucky-start').click());
  assert.equal(detail.verified, true);
  assert.equal(detail.verification.hashMatches, true);
  assert.equal(detail.verification.proof.prizeId, detail.prize.id);
  await page.locator('#lottery-proof .lottery-ok').waitFor();
  // A forged answer (another prize for the same proof) is caught.
  const forged = await page.evaluate(() => new Promise((resolve) => {
    const wheel = document.querySelector('#lottery-verifiable');
    wheel.addEventListener('yy-draw', (e) => resolve({ verified: e.detail.verified }), { once: true });
    const seed = 'x'.repeat(8);
    wheel.stop('iphone', { serverSeed: seed, serverSeedHash: 'not-the-hash', clientSeed: 'c', nonce: 1 });
  }));
  assert.equal(forged.verified, false);
  assert.match(await page.locator('#lottery-verifiable .yy-lucky-status').innerText(), /校验失败/);
  await ctx.screenshot(page, 'lottery-verifiable', { fullPage: false, clip: await page.locator('#lottery-verifiable').boundingBox() });
  await page.close();
});

test('the designer shows exact odds equal to a BigInt computation, and reacts to edits', async () => {
  const page = await openLottery();
  const config = demoPool('zh-CN');
  const total = config.prizes.reduce((s, p) => s + p.weight, 0);
  const shown = await page.evaluate(() => Object.fromEntries([...document.querySelector('yy-lottery-designer').shadowRoot.querySelectorAll('table.odds tr[data-prize]')]
    .map((tr) => [tr.dataset.prize, tr.querySelector('[data-fraction]').dataset.fraction])));
  for (const p of config.prizes) assert.equal(shown[p.id], fraction(p.weight, total), p.id);
  // After every limited prize sells out, with fallback: their weight goes to 谢谢参与.
  const after = await page.evaluate(() => Object.fromEntries([...document.querySelector('yy-lottery-designer').shadowRoot.querySelectorAll('table.odds tr[data-prize]')]
    .map((tr) => [tr.dataset.prize, tr.querySelector('[data-after]').dataset.after])));
  const soldWeight = config.prizes.filter((p) => p.stock !== undefined).reduce((s, p) => s + p.weight, 0);
  assert.equal(after.thanks, fraction(300 + soldWeight, total));
  assert.equal(after.iphone, '0/1');
  // Expected value per draw: Σ w·v / Σ w, by BigInt.
  const num = config.prizes.reduce((s, p) => s + BigInt(p.weight) * BigInt(p.value), 0n);
  const perDraw = await page.locator('yy-lottery-designer [data-per-draw]').getAttribute('data-per-draw');
  assert.equal(perDraw, fraction(num, total));

  // Edit the iPhone's weight to 11: every fraction changes to w / 1010.
  const weight = page.locator('yy-lottery-designer tr[data-prize=iphone] input[data-field=weight]');
  await weight.fill('11');
  await page.waitForFunction(() => document.querySelector('yy-lottery-designer').shadowRoot.querySelector('table.odds tr[data-prize=iphone] [data-fraction]')?.dataset.fraction === '11/1010');
  // A zero weight is an error naming the field, and the designer keeps working.
  await weight.fill('0');
  await page.locator('yy-lottery-designer .yy-error').waitFor();
  assert.match(await page.locator('yy-lottery-designer .yy-error').innerText(), /prizes\[0\]\.weight/);
  await weight.fill('1');
  await page.locator('yy-lottery-designer table.odds').waitFor();
  await page.locator('yy-lottery-designer').screenshot({ path: new URL('./screenshots/lottery-designer.png', import.meta.url).pathname });
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('with motion the wheel eases onto the drawn prize; English labels', async () => {
  const page = await openLottery('en', 'no-preference');
  const started = Date.now();
  const detail = await nextDraw(page, '#lottery-wheel', () => page.locator('#lottery-wheel .yy-lucky-start').click());
  const took = Date.now() - started;
  assert.ok(took > 1500, `an animated draw takes a moment (${took} ms)`);
  assert.match(await page.locator('#lottery-wheel .yy-lucky-status').innerText(), new RegExp(`You won: ${detail.prize.name}`));
  // The slot's reels stop one by one: mid-way through, the first reel is still while the last moves.
  await page.locator('#lottery-slot .yy-lucky-start').click();
  // Acceleration 0.5 s, then the reels stop at about 1/3, 2/3 and 3/3 of a ≥ 2.2 s ease-out.
  await page.waitForTimeout(1900);
  const moving = await page.evaluate(() => [...document.querySelector('#lottery-slot').shadowRoot.querySelectorAll('.reel')]
    .map((reel) => Math.abs((new DOMMatrix(getComputedStyle(reel.querySelector('.symbol')).transform).m42 % 72 + 72) % 72) > 0.5));
  assert.equal(moving[0], false, 'the first reel has stopped');
  assert.equal(moving[2], true, 'the last reel still turns');
  await ctx.screenshot(page, 'lottery-en-slot-spinning', { fullPage: false, clip: await page.locator('#lottery-slot').boundingBox() });
  await ctx.screenshot(page, 'lottery-en');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('red packets add up to the total; the 集卡 expectation matches inclusion–exclusion in plain JS', async () => {
  const page = await openLottery();
  await page.locator('#rp-total').fill('88.88');
  await page.locator('#rp-count').fill('8');
  await page.locator('#rp-mode').selectOption('fair');
  await page.locator('#rp-split').click();
  const packets = await page.locator('#rp-out .lottery-packet').evaluateAll((els) => els.map((e) => e.firstChild.textContent));
  assert.equal(packets.length, 8);
  const fen = packets.map((t) => Number(t.replace(/[^\d]/g, '')));
  assert.equal(fen.reduce((a, b) => a + b, 0), 8888, `${packets}`);
  assert.ok(fen.every((f) => f >= 1));
  // Too little money for the count: the error names the field.
  await page.locator('#rp-total').fill('0.05');
  await page.locator('#rp-split').click();
  assert.match(await page.locator('#rp-out [role=alert]').innerText(), /totalFen/);

  // E[T] = Σ over non-empty subsets S of (−1)^{|S|+1} / P(S), for the page's 集五福 probabilities.
  const p = [0.24, 0.24, 0.24, 0.24, 0.04];
  let expected = 0;
  for (let set = 1; set < 1 << p.length; set++) {
    let mass = 0;
    let size = 0;
    p.forEach((q, i) => {
      if (set & (1 << i)) {
        mass += q;
        size += 1;
      }
    });
    expected += (size % 2 ? 1 : -1) / mass;
  }
  const shown = Number((await page.locator('#cards-expected').innerText()).replace(/,/g, ''));
  assert.equal(shown, Number(expected.toFixed(2)));
  await page.locator('#cards-out').scrollIntoViewIfNeeded();
  await ctx.screenshot(page, 'lottery-packets-cards', { fullPage: false });
  assert.deepEqual(ctx.errors, []);
  await page.close();
});
