// The demo console in real headless Chromium: the overview's numbers against an independent
// plain-JS computation over the same generated data, CSV import (errors, GBK, skipping), language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from './harness.mjs';
import { generateSample, SAMPLE_UTC_OFFSET_MINUTES } from '../../www/demo/sample-data.js';

const ctx = withBrowser();

/** The overview's four numbers, computed the plain way: Sets and loops over the columns. */
function expectedOverview() {
  const s = generateSample();
  const day = (t) => Math.floor((t + SAMPLE_UTC_OFFSET_MINUTES * 60_000) / 86_400_000);
  let lastDay = -Infinity;
  for (const t of s.ts) lastDay = Math.max(lastDay, day(t));
  const activeLastDay = new Set();
  let gmvFen = 0;
  const pay = s.eventNames.indexOf('pay');
  for (let i = 0; i < s.ts.length; i++) {
    if (day(s.ts[i]) === lastDay) activeLastDay.add(s.user[i]);
    if (s.event[i] === pay) gmvFen += s.props.amount.fen[i];
  }
  return { users: new Set(s.user).size, events: s.ts.length, dau: activeLastDay.size, gmvFen };
}

const kpi = (page, key) => page.locator(`yy-overview [data-kpi=${key}] .value`).innerText();
const digits = (text) => Number(text.replace(/[^\d]/g, ''));

test('the overview shows the same numbers as a plain-JS computation', async () => {
  const want = expectedOverview();
  const page = await ctx.open('/#/overview');
  await page.locator('yy-overview [data-kpi=users] .value').waitFor();
  assert.equal(digits(await kpi(page, 'users')), want.users);
  assert.equal(digits(await kpi(page, 'events')), want.events);
  assert.equal(digits(await kpi(page, 'dau')), want.dau);
  const gmv = await kpi(page, 'gmv');
  assert.match(gmv, /^¥[\d,]+\.\d\d$/);
  assert.equal(digits(gmv), want.gmvFen, 'GMV to the 分');
  assert.ok(want.users > 40_000 && want.events > 400_000, 'the sample is the size the console promises');
  await ctx.screenshot(page, 'overview-zh');

  await page.getByRole('button', { name: 'Switch language' }).click();
  await page.locator('yy-overview [data-kpi=users] .label', { hasText: 'Users' }).waitFor();
  assert.equal(await page.locator('#crumb-page').innerText(), 'Overview');
  await ctx.screenshot(page, 'overview-en');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('a CSV with a bad date shows which line, column and value', async () => {
  const page = await ctx.open('/#/overview', { lang: 'zh-CN' });
  await page.locator('yy-overview [data-kpi=users] .value').waitFor();
  const csv = 'user,ts,event\nu1,2024-12-01 10:00:00,view\nu2,2024-13-01 10:00:00,view\n';
  await page.locator('#csv-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const notice = page.locator('#notice');
  await notice.waitFor({ state: 'visible' });
  assert.equal(await notice.innerText(), "CSV 导入失败：line 3, column ts: '2024-13-01 10:00:00' is not a date");
  // The sample data is still loaded: a failed import changes nothing.
  assert.match(await page.locator('#source').innerText(), /50,000/);
  await ctx.screenshot(page, 'csv-error');

  await page.locator('#skip-bad').check();
  await page.locator('#csv-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#notice.info').waitFor();
  assert.match(await notice.innerText(), /跳过 1 行错误数据/);
  assert.equal(digits(await kpi(page, 'events')), 1);
  await page.close();
});

test('a GBK-encoded CSV from Excel is decoded', async () => {
  const page = await ctx.open('/#/overview', { lang: 'zh-CN' });
  await page.locator('yy-overview [data-kpi=users] .value').waitFor();
  // "支付" and "上海" in GBK: D6A7 B8B6, C9CF BAA3; amounts in yuan.
  const gbk = Buffer.concat([
    Buffer.from('user,ts,event,city,amount\r\nu1,2025-11-11 20:00:00,'),
    Buffer.from([0xd6, 0xa7, 0xb8, 0xb6]),
    Buffer.from(','),
    Buffer.from([0xc9, 0xcf, 0xba, 0xa3]),
    Buffer.from(',99.50\r\n'),
  ]);
  await page.locator('#csv-file').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: gbk });
  await page.locator('table.data td', { hasText: '支付' }).waitFor();
  assert.equal(digits(await kpi(page, 'users')), 1);
  // gmv-event defaults to 'pay', which this file does not have: the card says so instead of showing ¥0.
  assert.equal(await kpi(page, 'gmv'), '—');
  await page.close();
});

test('every menu page shows its widget or says plainly that it is not released', async () => {
  const page = await ctx.open('/#/overview', { lang: 'en' });
  await page.locator('yy-overview [data-kpi=users] .value').waitFor();
  const links = page.locator('.menu a');
  const n = await links.count();
  assert.equal(n, 7);
  for (let i = 0; i < n; i++) {
    const link = links.nth(i);
    const id = await link.getAttribute('data-page');
    await link.click();
    await page.locator(`.menu a[data-page=${id}][aria-current=page]`).waitFor();
    if ((await link.locator('.soon').count()) > 0) {
      assert.match(await page.locator('#page .empty-state').innerText(), /is not available yet/);
    } else {
      const widgets = await page.locator('#page').evaluate((el) => [...el.querySelectorAll('*')].filter((e) => e.localName.startsWith('yy-')).length);
      assert.ok(widgets > 0, `page ${id} shows a yunying widget`);
    }
  }
  assert.deepEqual(ctx.errors, []);
  await page.close();
});
