// The 留存分析 page in real headless Chromium: the retention triangle, the lifecycle bars and the
// overview's stickiness cards against an independent plain-JS computation over the generated
// sample (Maps and loops over the columns, written from the definitions in the README), the
// toggles, hover and keyboard, and screenshots in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from './harness.mjs';
import { generateSample, SAMPLE_UTC_OFFSET_MINUTES } from '../../www/demo/sample-data.js';

const ctx = withBrowser();
const DAY_MS = 86_400_000;
const OFFSET_MS = SAMPLE_UTC_OFFSET_MINUTES * 60_000;
const sample = generateSample();
const day = (t) => Math.floor((t + OFFSET_MS) / DAY_MS);
/** Monday-started weeks: 1970-01-01 was a Thursday. */
const week = (t) => Math.floor((day(t) + 3) / 7);
const asOf = sample.ts.reduce((a, b) => Math.max(a, b), -Infinity);

/** Each user's events as [ts, event] in time order (input order breaks ties). */
function byUser() {
  const users = new Map();
  for (let i = 0; i < sample.ts.length; i++) {
    let list = users.get(sample.user[i]);
    if (!list) users.set(sample.user[i], (list = []));
    list.push([sample.ts[i], sample.event[i], i]);
  }
  for (const list of users.values()) list.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
  return users;
}
const users = byUser();

/**
 * First-time calendar retention from `signup` to any event: cohort = period of the first
 * signup; a member counts in column k ('on') when an event at or after the signup falls in
 * period cohort+k, ('on_or_after') when their last such event is in period ≥ cohort+k.
 * Cells of periods that begin after asOf are null.
 */
function expectedRetention(periodOf, periodStart, periods, criterion) {
  const signup = sample.eventNames.indexOf('signup');
  const rows = new Map();
  for (const events of users.values()) {
    const first = events.find((e) => e[1] === signup);
    if (!first) continue;
    const c = periodOf(first[0]);
    if (!rows.has(c)) rows.set(c, { size: 0, counts: new Array(periods + 1).fill(0) });
    const row = rows.get(c);
    row.size++;
    const ks = new Set();
    for (const [t] of events) if (t >= first[0]) ks.add(periodOf(t) - c);
    if (criterion === 'on') {
      for (const k of ks) if (k <= periods) row.counts[k]++;
    } else {
      const last = Math.min(periods, Math.max(...ks));
      for (let k = 0; k <= last; k++) row.counts[k]++;
    }
  }
  const first = Math.min(...rows.keys());
  const last = periodOf(asOf);
  const out = [];
  for (let c = first; c <= last; c++) {
    const row = rows.get(c) ?? { size: 0, counts: new Array(periods + 1).fill(0) };
    out.push({ size: row.size, counts: row.counts.map((n, k) => (periodStart(c + k) <= asOf ? n : null)) });
  }
  return out;
}

async function shownMatrix(page) {
  return page.locator('yy-retention').evaluate((el) =>
    [...el.shadowRoot.querySelectorAll('tbody tr:not(.average)')].map((tr) => ({
      label: tr.querySelector('th').textContent,
      size: Number(tr.querySelector('td.size').dataset.size),
      counts: [...tr.querySelectorAll('td.cell')].map((td) => (td.dataset.count === undefined ? null : Number(td.dataset.count))),
    })),
  );
}

const retention = (page) => page.locator('yy-retention');
const toggle = (page, value) => retention(page).locator(`button[data-value=${value}]`).click();

test('the retention triangle equals a plain-JS computation, and its toggles work', async () => {
  const page = await ctx.open('/#/retention', { lang: 'zh-CN' });
  await retention(page).locator('td.cell').first().waitFor();
  const dayStart = (d) => d * DAY_MS - OFFSET_MS;

  const want = expectedRetention(day, dayStart, 14, 'on');
  let shown = await shownMatrix(page);
  assert.equal(shown.length, 61, 'one cohort per day of the sample');
  assert.equal(shown[0].label, '2025-10-01');
  assert.deepEqual(shown.map(({ size, counts }) => ({ size, counts })), want);
  assert.ok(shown[60].counts[1] === null && shown[0].counts[14] !== null, 'the triangle: late cells are null');
  await ctx.screenshot(page, 'retention-zh');

  await toggle(page, 'on_or_after');
  await retention(page).locator('button[data-value=on_or_after][aria-pressed=true]').waitFor();
  shown = await shownMatrix(page);
  assert.deepEqual(shown.map(({ size, counts }) => ({ size, counts })), expectedRetention(day, dayStart, 14, 'on_or_after'));
  assert.equal(await retention(page).getAttribute('criterion'), 'on_or_after');

  await toggle(page, 'week');
  await retention(page).locator('button[data-value=week][aria-pressed=true]').waitFor();
  shown = await shownMatrix(page);
  const weekStart = (w) => dayStart(w * 7 - 3);
  assert.deepEqual(shown.map(({ size, counts }) => ({ size, counts })), expectedRetention(week, weekStart, 8, 'on_or_after'));
  assert.equal(shown[0].label, '2025-09-29', 'weeks start on Monday');
  await ctx.screenshot(page, 'retention-week-zh');

  // Hover shows the counts; the keyboard moves through the grid and says the same.
  await toggle(page, 'day');
  await toggle(page, 'on');
  await retention(page).locator('button[data-value=on][aria-pressed=true]').waitFor();
  const cell = retention(page).locator('td[data-row="1"][data-col="1"]');
  await cell.hover();
  const detail = retention(page).locator('.detail');
  const size = want[0].size.toLocaleString('zh-CN');
  const count = want[0].counts[1].toLocaleString('zh-CN');
  assert.equal(await detail.innerText(), `2025-10-01：第1天留存 ${count} / ${size} 人（${((want[0].counts[1] / want[0].size) * 100).toFixed(1)}%）`);
  await retention(page).locator('td[tabindex="0"]').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  assert.match(await detail.innerText(), /^2025-10-01：第1天留存/);
  await page.keyboard.press('ArrowDown');
  assert.match(await detail.innerText(), /^2025-10-02：第1天留存/);
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

/** Weekly lifecycle of any-event activity, churned after 3 silent weeks, as the README defines it. */
function expectedLifecycle() {
  const out = new Map();
  const bump = (w, key) => {
    if (!out.has(w)) out.set(w, { new: 0, returning: 0, resurrecting: 0, dormant: 0, churned: 0 });
    out.get(w)[key]++;
  };
  const lastWeek = week(asOf);
  for (const events of users.values()) {
    const active = [...new Set(events.map((e) => week(e[0])))].sort((a, b) => a - b);
    active.forEach((w, i) => {
      if (i === 0) return bump(w, 'new');
      const prev = active[i - 1];
      if (prev === w - 1) return bump(w, 'returning');
      bump(w, 'resurrecting');
      bump(prev + 1, 'dormant');
      if (prev + 3 < w) bump(prev + 3, 'churned');
    });
    const last = active[active.length - 1];
    if (last < lastWeek) bump(last + 1, 'dormant');
    if (last + 3 <= lastWeek) bump(last + 3, 'churned');
  }
  const first = Math.min(...out.keys());
  const rows = [];
  for (let w = first; w <= lastWeek; w++) rows.push(out.get(w) ?? { new: 0, returning: 0, resurrecting: 0, dormant: 0, churned: 0 });
  return rows;
}

test('the lifecycle bars equal a plain-JS computation', async () => {
  const page = await ctx.open('/#/retention', { lang: 'en' });
  const bars = page.locator('yy-lifecycle g.bar');
  await bars.first().waitFor();
  const shown = await page.locator('yy-lifecycle').evaluate((el) =>
    [...el.shadowRoot.querySelectorAll('g.bar')].map((g) => ({
      new: Number(g.dataset.new), returning: Number(g.dataset.returning), resurrecting: Number(g.dataset.resurrecting),
      dormant: Number(g.dataset.dormant), churned: Number(g.dataset.churned),
    })),
  );
  assert.deepEqual(shown, expectedLifecycle());
  await bars.last().hover();
  assert.match(await page.locator('yy-lifecycle .detail').innerText(), /^2025-11-24: new [\d,]+, returning/);
  await ctx.screenshot(page, 'retention-en');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('the overview shows DAU/MAU and WAU/MAU as a plain-JS computation does', async () => {
  const lastDay = day(asOf);
  const windowDays = new Map(); // day → Set of users, over the last 30 days
  for (let i = 0; i < sample.ts.length; i++) {
    const d = day(sample.ts[i]);
    if (d > lastDay - 30) {
      if (!windowDays.has(d)) windowDays.set(d, new Set());
      windowDays.get(d).add(sample.user[i]);
    }
  }
  const mau = new Set([...windowDays.values()].flatMap((s) => [...s])).size;
  const userDays = [...windowDays.values()].reduce((n, s) => n + s.size, 0);
  const wau = new Set([...windowDays].filter(([d]) => d > lastDay - 7).flatMap(([, s]) => [...s])).size;
  const page = await ctx.open('/#/overview', { lang: 'zh-CN' });
  const kpi = (key) => page.locator(`yy-overview [data-kpi=${key}] .value`).innerText();
  await page.locator('yy-overview [data-kpi=stickiness] .value').waitFor();
  assert.equal(await kpi('stickiness'), `${((userDays / 30 / mau) * 100).toFixed(1)}%`);
  assert.equal(await kpi('wau-mau'), `${((wau / mau) * 100).toFixed(1)}%`);
  assert.match(await page.locator('yy-overview [data-kpi=stickiness] .sub').innerText(), /2025-11-01 至 2025-11-30/);
  await ctx.screenshot(page, 'overview-stickiness-zh');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});
