// 用户分层 in real headless Chromium: <yy-segments> and <yy-rfm> on the demo's sample data
// against an independent plain-JS computation, the CSV export, keyboard access, both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser } from './harness.mjs';
import { generateSample, SAMPLE_UTC_OFFSET_MINUTES } from '../../www/demo/sample-data.js';

const ctx = withBrowser();
const DAY = 86_400_000;

/** Per-user features the plain way: loops over the columns, objects keyed by user id. */
function plainFeatures() {
  const s = generateSample();
  const day = (t) => Math.floor((t + SAMPLE_UTC_OFFSET_MINUTES * 60_000) / DAY);
  let asOf = -Infinity;
  for (const t of s.ts) asOf = Math.max(asOf, t);
  const asOfDay = day(asOf);
  const pay = s.eventNames.indexOf('pay');
  const users = new Map();
  for (let i = 0; i < s.ts.length; i++) {
    const id = s.user[i];
    let u = users.get(id);
    if (!u) users.set(id, (u = { id, first: Infinity, last: -Infinity, days: new Set(), orders: 0, paid: 0, lastOrder: -Infinity }));
    const d = day(s.ts[i]);
    u.first = Math.min(u.first, d);
    u.last = Math.max(u.last, d);
    u.days.add(d);
    if (s.event[i] === pay) {
      u.orders += 1;
      u.paid += s.props.amount.fen[i];
      u.lastOrder = Math.max(u.lastOrder, d);
    }
  }
  return { users: [...users.values()], asOfDay };
}

/** The documented default layering, in its precedence order. */
function plainLayering({ users, asOfDay }) {
  const layer = (u) => {
    if (asOfDay - u.first < 7) return 'new';
    if (asOfDay - u.last >= 30) return 'churned';
    if (asOfDay - u.last >= 14) return 'dormant';
    if (u.paid >= 50_000 || u.orders >= 3) return 'highValue';
    if ([...u.days].filter((d) => d > asOfDay - 14).length >= 3) return 'active';
    return 'other';
  };
  const groups = new Map();
  for (const u of users) {
    const key = layer(u);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(u.id);
  }
  return groups;
}

/** pandas qcut(x, 5, labels=False, duplicates='drop') bins, written out plainly. */
function qcutBins(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const edges = [0, 1, 2, 3, 4, 5].map((i) => {
    let q = i === 5 ? 1 : i * 0.2;
    if (5 * q !== i) q += Number.EPSILON * q; // pandas 3 nudges a level that is not exactly i/5 up
    const v = (n - 1) * q;
    if (v >= n - 1) return sorted[n - 1];
    const k = Math.floor(v);
    const t = v - k;
    const [a, b] = [sorted[k], sorted[k + 1]];
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  });
  const unique = edges.filter((e, i) => i === 0 || e !== edges[i - 1]);
  const bins = unique.length - 1;
  const bin = (x) => (x <= unique[0] ? 0 : Math.min(unique.filter((e) => e < x).length - 1, bins - 1));
  return { bins: Math.max(bins, 1), bin };
}

/** RFM R×F grid counts: recency scored low-best, frequency on first-ranks, as documented. */
function plainRfmGrid({ users, asOfDay }) {
  const customers = users.filter((u) => u.orders > 0);
  const recency = customers.map((u) => asOfDay - u.lastOrder);
  const order = customers.map((_, i) => i).sort((a, b) => customers[a].orders - customers[b].orders || a - b);
  const rank = new Array(customers.length);
  order.forEach((i, r) => { rank[i] = r + 1; });
  const rq = qcutBins(recency);
  const fq = qcutBins(rank);
  const grid = [...Array(5)].map(() => new Array(5).fill(0));
  customers.forEach((_, i) => {
    const r = 5 - rq.bin(recency[i]);
    const f = 6 + fq.bin(rank[i]) - fq.bins;
    grid[r - 1][f - 1] += 1;
  });
  return { grid, customers: customers.length, withoutOrders: users.length - customers.length };
}

const digits = (text) => Number(text.replace(/[^\d]/g, ''));

test('the segments and the RFM grid equal a plain-JS computation, and a segment exports as CSV', async () => {
  const features = plainFeatures();
  const want = plainLayering(features);
  const page = await ctx.open('/#/segments', { lang: 'zh-CN' });
  const rows = page.locator('yy-segments tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 6);
  let total = 0;
  for (const key of ['new', 'churned', 'dormant', 'highValue', 'active', 'other']) {
    const users = digits(await page.locator(`yy-segments tr[data-segment=${key}] [data-col=users]`).innerText());
    assert.equal(users, want.get(key)?.length ?? 0, key);
    total += users;
  }
  assert.equal(total, features.users.length, 'the segments add up to every user');
  assert.equal(await page.locator('yy-segments tr[data-segment=highValue] th').innerText(), '高价值用户');

  const rfm = plainRfmGrid(features);
  const cells = page.locator('yy-rfm .cell');
  await cells.first().waitFor();
  assert.equal(await cells.count(), 25);
  for (let r = 1; r <= 5; r++) {
    for (let f = 1; f <= 5; f++) {
      const n = Number(await page.locator(`yy-rfm .cell[data-r="${r}"][data-f="${f}"]`).getAttribute('data-count'));
      assert.equal(n, rfm.grid[r - 1][f - 1], `R${r} F${f}`);
    }
  }
  assert.match(await page.locator('yy-rfm .footer').innerText(), new RegExp(rfm.withoutOrders.toLocaleString('zh-CN')));

  // Focus shows the count (keyboard users get what hover gives).
  const champions = page.locator('yy-rfm .cell[data-r="5"][data-f="5"]');
  await champions.focus();
  const tip = page.locator('yy-rfm .tip');
  await tip.waitFor({ state: 'visible' });
  assert.equal(await tip.innerText(), `R5 · F5 · 冠军客户：${rfm.grid[4][4].toLocaleString('zh-CN')} 位客户（${((rfm.grid[4][4] / rfm.customers) * 100).toFixed(1)}%）`);
  await ctx.screenshot(page, 'segments-zh');

  // Export: the CSV lists exactly the high-value users.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('yy-segments tr[data-segment=highValue] button').click(),
  ]);
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 'user_id,segment,first_seen,last_seen,active_days,events,orders,paid_yuan');
  const ids = lines.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b);
  assert.deepEqual(ids, [...want.get('highValue')].sort((a, b) => a - b));
  assert.match(download.suggestedFilename(), /^高价值用户-\d+\.csv$/);
  await page.locator('yy-segments .status', { hasText: '已导出' }).waitFor();

  // A donut slice is a keyboard button too.
  const slice = page.locator('yy-segments path.slice.interactive').first();
  const [second] = await Promise.all([page.waitForEvent('download'), slice.focus().then(() => page.keyboard.press('Enter'))]);
  assert.match(second.suggestedFilename(), /^新用户-\d+\.csv$/);
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('English labels, and a custom definition through the definition property', async () => {
  const page = await ctx.open('/#/segments', { lang: 'en' });
  await page.locator('yy-segments tbody tr').first().waitFor();
  assert.equal(await page.locator('yy-segments tr[data-segment=dormant] th').innerText(), 'Dormant');
  assert.equal(await page.locator('yy-rfm tr[data-segment=cantLose] th').innerText(), "Can't Lose Them");
  await page.locator('yy-rfm .cell[data-r="1"][data-f="1"]').hover();
  await ctx.screenshot(page, 'segments-en');

  const features = plainFeatures();
  const repeat = features.users.filter((u) => u.orders >= 2).length;
  await page.locator('yy-segments').evaluate((el) => {
    el.definition = { segments: [{ key: 'repeat', name: 'Repeat buyers', rule: { feature: 'orders', op: '>=', value: 2 } }], otherName: 'Everyone else' };
  });
  await page.locator('yy-segments tr[data-segment=repeat]').waitFor();
  assert.equal(digits(await page.locator('yy-segments tr[data-segment=repeat] [data-col=users]').innerText()), repeat);
  assert.equal(await page.locator('yy-segments tr[data-segment=other] th').innerText(), 'Everyone else');

  // <yy-rfm> also scores a customer table the page already has (rfmScores).
  await page.evaluate(() => {
    const el = document.createElement('yy-rfm');
    el.id = 'table-rfm';
    el.setAttribute('lang', 'en');
    el.data = [
      { id: 'a', recencyDays: 1, frequency: 5, monetary: 50000 },
      { id: 'b', recencyDays: 10, frequency: 4, monetary: 40000 },
      { id: 'c', recencyDays: 20, frequency: 3, monetary: 30000 },
      { id: 'd', recencyDays: 30, frequency: 2, monetary: 20000 },
      { id: 'e', recencyDays: 40, frequency: 1, monetary: 10000 },
    ];
    document.querySelector('#page').append(el);
  });
  const tableRfm = page.locator('#table-rfm');
  await tableRfm.locator('.cell').first().waitFor();
  assert.equal(await tableRfm.locator('.cell[data-r="5"][data-f="5"]').getAttribute('data-count'), '1');
  assert.equal(await tableRfm.locator('.cell[data-r="1"][data-f="1"]').getAttribute('data-count'), '1');
  assert.match(await tableRfm.locator('.footer').innerText(), /^5 customers/);

  // A bad threshold is shown as an error naming the field, and the widget recovers.
  await page.locator('yy-segments').evaluate((el) => { el.definition = null; el.setAttribute('churn-days', '3'); });
  await page.locator('yy-segments .yy-error').waitFor();
  assert.match(await page.locator('yy-segments .yy-error').innerText(), /layering\.churnDays/);
  await page.locator('yy-segments').evaluate((el) => el.removeAttribute('churn-days'));
  await page.locator('yy-segments tbody tr').first().waitFor();
  assert.deepEqual(ctx.errors, []);
  await page.close();
});
