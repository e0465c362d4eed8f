// 漏斗分析 in real headless Chromium: the widget's numbers against an independent plain-JS
// ClickHouse-default funnel over the same generated sample, interaction (window, steps,
// breakdown, a step's time to convert), zh/en screenshots, and the Worker path keeping the
// page responsive while a large funnel computes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from './harness.mjs';
import { generateSample } from '../../www/demo/sample-data.js';

const ctx = withBrowser();
const DAY = 86_400_000;
const sample = generateSample();

/**
 * ClickHouse windowFunnel (default mode), the plain way: per user, step events sorted by
 * (time, step); a step-0 event restarts the chain start, step k extends step k−1 when within
 * the window of that chain's start. Returns users per step and, per first-touch value of
 * `prop`, users per step and the nearest-rank median / p90 (the ⌈q·n⌉-th smallest) of the
 * chain's step-to-step times into each step k ≥ 1.
 */
function plainFunnel(steps, windowMs, prop) {
  const codes = steps.map((s) => sample.eventNames.indexOf(s));
  const byUser = new Map();
  for (let i = 0; i < sample.ts.length; i++) {
    for (let k = 0; k < codes.length; k++) {
      if (codes[k] !== sample.event[i]) continue; // one entry per step the event satisfies
      let list = byUser.get(sample.user[i]);
      if (!list) byUser.set(sample.user[i], (list = []));
      list.push([sample.ts[i], k, i]);
    }
  }
  const total = new Array(steps.length).fill(0);
  const groups = new Map();
  const times = new Map();
  for (const list of byUser.values()) {
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const start = [], path = [];
    let level = 0;
    for (const [t, k, i] of list) {
      if (k === 0) { start[0] = t; path[0] = [i]; level = Math.max(level, 1); }
      else if (start[k - 1] !== undefined && t <= start[k - 1] + windowMs) {
        start[k] = start[k - 1]; path[k] = [...path[k - 1], i]; level = Math.max(level, k + 1);
        if (level === steps.length) break;
      }
    }
    if (level === 0) continue;
    for (let k = 0; k < level; k++) total[k]++;
    if (prop) {
      const col = sample.props[prop];
      const value = col.values[col.codes[path[level - 1][0]]];
      if (!groups.has(value)) groups.set(value, new Array(steps.length).fill(0));
      for (let k = 0; k < level; k++) groups.get(value)[k]++;
      if (!times.has(value)) times.set(value, steps.map(() => []));
      const chain = path[level - 1];
      for (let k = 1; k < level; k++) times.get(value)[k].push(sample.ts[chain[k]] - sample.ts[chain[k - 1]]);
    }
  }
  const rank = (sorted, q) => (sorted.length ? sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] : null);
  const groupTimes = new Map([...times].map(([value, perStep]) => [value, perStep.map((list) => {
    const sorted = list.sort((a, b) => a - b);
    return { count: sorted.length, medianMs: rank(sorted, 0.5), p90Ms: rank(sorted, 0.9) };
  })]));
  return { total, groups, groupTimes };
}

const shown = async (page) => {
  const values = page.locator('yy-funnel .bar-text');
  return (await values.evaluateAll((els) => els.map((e) => Number(e.dataset.value))));
};
const settle = (page) => page.locator('yy-funnel section[aria-busy=false] .bar-text').first().waitFor();

test('the funnel page shows the plain-JS numbers and follows every control', async () => {
  const page = await ctx.open('/#/funnel', { lang: 'zh-CN' });
  await settle(page);
  const steps = ['view', 'add_to_cart', 'order', 'pay'];
  const want = plainFunnel(steps, DAY);
  assert.deepEqual(await shown(page), want.total);
  assert.ok(want.total[3] > 1000 && want.total[3] < want.total[0], 'a real funnel');
  assert.equal(await page.locator('yy-funnel .bar-label').first().innerText(), '1. 浏览');
  // Click step 4 (支付): its time to convert from 下单.
  await page.locator('yy-funnel button.bar-row[data-step="3"]').click();
  await page.locator('yy-funnel [data-panel=ttc] .hist').waitFor();
  assert.match(await page.locator('yy-funnel [data-panel=ttc] h3').innerText(), /支付/);
  await ctx.screenshot(page, 'funnel-zh');

  // Window: 1 hour.
  await page.locator('yy-funnel select[name=window-ms]').selectOption('3600000');
  await page.waitForFunction(() => document.querySelector('yy-funnel').getAttribute('window-ms') === '3600000');
  await settle(page);
  assert.deepEqual(await shown(page), plainFunnel(steps, 3_600_000).total);

  // Steps: remove 支付, then change step 2 to 下单.
  await page.locator('yy-funnel button[aria-label="删除步骤 4"]').click();
  await settle(page);
  assert.deepEqual(await shown(page), plainFunnel(['view', 'add_to_cart', 'order'], 3_600_000).total);
  await page.locator('yy-funnel select[data-step="1"]').selectOption('order');
  await settle(page);
  assert.deepEqual(await shown(page), plainFunnel(['view', 'order', 'order'], 3_600_000).total);

  // Breakdown by channel (first touch): every group's counts.
  await page.locator('yy-funnel select[data-step="1"]').selectOption('add_to_cart');
  await page.locator('yy-funnel select[name=breakdown]').selectOption('channel');
  await page.locator('yy-funnel [data-table=breakdown]').waitFor();
  const grouped = plainFunnel(['view', 'add_to_cart', 'order'], 3_600_000, 'channel').groups;
  const rows = await page.locator('yy-funnel [data-table=breakdown] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(rows.length, Math.min(8, grouped.size));
  for (const [value, ...cells] of rows) {
    assert.deepEqual(cells.map((c) => Number(c.split(' ')[0].replace(/,/g, ''))), grouped.get(value), value);
  }
  await ctx.screenshot(page, 'funnel-breakdown-zh');

  // Time to convert per group: every group's median and p90 against the plain computation, and
  // clicking a group's bar of step 2 shows that group's histogram.
  const result = await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector('yy-funnel');
    el.addEventListener('yy-result', (e) => resolve(e.detail.result), { once: true });
    el.setAttribute('window-ms', '86400000');
  }));
  const expected = plainFunnel(['view', 'add_to_cart', 'order'], DAY, 'channel').groupTimes;
  assert.equal(result.breakdown.groups.length, expected.size);
  for (const g of result.breakdown.groups) {
    for (let k = 1; k < 3; k++) {
      const { count, medianMs, p90Ms } = g.steps[k].timeToConvert;
      assert.deepEqual({ count, medianMs, p90Ms }, expected.get(g.value)[k], `${g.value}, step ${k}`);
    }
  }
  await settle(page);
  const second = result.breakdown.groups[1].value;
  await page.locator('yy-funnel button.gbar[data-step="1"][data-group="1"]').click();
  await page.locator('yy-funnel [data-table=ttc-groups] tr[aria-selected=true]').waitFor();
  assert.match(await page.locator('yy-funnel [data-panel=ttc] h3').innerText(), new RegExp(`加购.*${second}`));
  assert.equal(await page.locator('yy-funnel select[name=ttc-group]').evaluate((s) => s.selectedOptions[0].textContent), second);
  const bins = await page.locator('yy-funnel [data-panel=ttc] .hcount').evaluateAll((els) => els.map((e) => e.textContent));
  const compact = (n) => n.toLocaleString('zh-CN', { notation: 'compact', maximumFractionDigits: 1 });
  const wantBins = result.breakdown.groups[1].steps[1].timeToConvert.histogram.map((b) => (b.count ? compact(b.count) : ''));
  assert.deepEqual(bins, wantBins);
  await ctx.screenshot(page, 'funnel-group-ttc-zh');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('the funnel page in English, vertical', async () => {
  const page = await ctx.open('/#/funnel', { lang: 'en' });
  await settle(page);
  await page.locator('yy-funnel select[name=orientation]').selectOption('vertical');
  await page.locator('yy-funnel .bars.vertical').waitFor();
  assert.equal(await page.locator('yy-funnel .bar-label').first().innerText(), '1. View');
  assert.deepEqual(await shown(page), plainFunnel(['view', 'add_to_cart', 'order', 'pay'], DAY).total);
  await page.locator('yy-funnel button.bar-row[data-step="1"]').click();
  await page.locator('yy-funnel [data-panel=ttc] .hist').waitFor();
  await ctx.screenshot(page, 'funnel-en');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('a large funnel in the worker leaves the page responsive', async () => {
  const page = await ctx.open('/tests/e2e/blank.html');
  const report = await page.evaluate(async () => {
    const { createWorkerEngine } = await import('/pkg/remote.js');
    const n = 6_000_000, users = 600_000;
    const user = new Uint32Array(n), ts = new Float64Array(n), event = new Uint8Array(n), channel = new Uint8Array(n);
    let seed = 1;
    const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
    for (let i = 0; i < n; i++) {
      user[i] = Math.floor(i / (n / users));
      ts[i] = 1_760_000_000_000 + i * 1000;
      event[i] = Math.floor(rnd() * 4);
      channel[i] = user[i] % 3;
    }
    const engine = createWorkerEngine();
    const phases = [];
    const log = await engine.fromColumns({ user, ts, event, eventNames: ['view', 'add_to_cart', 'order', 'pay'],
      props: { channel: { type: 'category', codes: channel, values: ['app', 'web', 'mini'] } } }, { onProgress: (p) => phases.push(p.phase) });
    const detached = ts.length === 0;
    const longTasks = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    let frames = 0;
    let running = true;
    const tick = () => { frames++; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    let result;
    for (let r = 0; r < 3; r++) {
      result = await log.funnel({ steps: ['view', 'add_to_cart', 'order', 'pay'], windowMs: 3_600_000, breakdown: { prop: 'channel' } });
    }
    const elapsed = performance.now() - t0;
    running = false;
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    const summary = await log.summary();
    await log.free();
    engine.terminate();
    return { longTasks, frames, elapsed, entered: result.steps[0].users, events: summary.events, phases, detached };
  });
  assert.equal(report.events, 6_000_000);
  assert.ok(report.entered > 500_000, `entered ${report.entered}`);
  assert.ok(report.detached, 'typed arrays were transferred, not copied');
  assert.ok(report.phases.includes('ingest'), 'ingest reports progress');
  assert.ok(report.elapsed > 100, `the work took ${report.elapsed} ms: long enough that on the main thread it would have blocked`);
  assert.deepEqual(report.longTasks.filter((d) => d > 100), [], 'no main-thread task over 100 ms');
  assert.ok(report.frames > 3, `the page kept painting (${report.frames} frames)`);
  await page.close();
});

test('<yy-funnel> takes a RemoteLog from the worker and shows the main-thread numbers', async () => {
  const page = await ctx.open('/tests/e2e/blank.html');
  const got = await page.evaluate(async () => {
    const { init, EventLog } = await import('/pkg/index.js');
    await import('/pkg/widgets/index.js');
    const { createWorkerEngine } = await import('/pkg/remote.js');
    const { generateSample } = await import('/www/demo/sample-data.js');
    await init();
    const def = { steps: ['view', 'add_to_cart', 'order', 'pay'], windowMs: 86_400_000 };
    const local = EventLog.fromColumns(generateSample({ users: 5000 }));
    const want = local.funnel(def).steps.map((s) => s.users);
    local.free();
    const engine = createWorkerEngine();
    const remote = await engine.fromColumns(generateSample({ users: 5000 }));
    const el = document.createElement('yy-funnel');
    el.setAttribute('steps', def.steps.join(','));
    el.setAttribute('window-ms', String(def.windowMs));
    const result = new Promise((resolve) => el.addEventListener('yy-result', (e) => resolve(e.detail.result)));
    el.data = remote;
    document.body.append(el);
    const shown = (await result).steps.map((s) => s.users);
    await new Promise((r) => setTimeout(r, 50));
    const bars = [...el.shadowRoot.querySelectorAll('.bar-text')].map((b) => Number(b.dataset.value));
    engine.terminate();
    return { want, shown, bars };
  });
  assert.deepEqual(got.shown, got.want);
  assert.deepEqual(got.bars, got.want);
  assert.ok(got.want[3] > 0);
  assert.deepEqual(ctx.errors, []);
  await page.close();
});
