// The A/B 实验 page in real headless Chromium: the sample experiment's counts against a plain-JS
// count over the generated data, the p-value against jStat, pasting from Excel, the three methods,
// the SRM banner, bad input, the planner — numbers checked against tests/reference/abtest/reference.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { withBrowser } from './harness.mjs';
import { generateSample } from '../../www/demo/sample-data.js';

const require = createRequire(import.meta.url);
const { jStat } = require('jstat');
const reference = JSON.parse(readFileSync(new URL('../reference/abtest/reference.json', import.meta.url)));
const refCase = (name) => reference.cases.find((c) => c.name === name);
const refValue = (name, path) => refCase(name).expect.find((e) => e[0] === path)[1];

const ctx = withBrowser();

/** Users who ordered, per variant, and how many of them paid afterwards: Maps and loops. */
function expectedCounts() {
  const s = generateSample();
  const [order, pay] = [s.eventNames.indexOf('order'), s.eventNames.indexOf('pay')];
  const variantOf = new Map();
  const firstOrder = new Map();
  const paidAfter = new Set();
  const index = [...s.ts.keys()].sort((a, b) => s.ts[a] - s.ts[b] || a - b);
  for (const i of index) {
    const u = s.user[i];
    if (s.event[i] === order && !firstOrder.has(u)) {
      firstOrder.set(u, s.ts[i]);
      variantOf.set(u, s.props.variant.values[s.props.variant.codes[i]]);
    }
    if (s.event[i] === pay && firstOrder.has(u)) paidAfter.add(u);
  }
  const out = { A: { users: 0, conversions: 0 }, B: { users: 0, conversions: 0 } };
  for (const [u, v] of variantOf) {
    out[v].users += 1;
    out[v].conversions += paidAfter.has(u) ? 1 : 0;
  }
  return out;
}

const host = '#abtest-conversion';
const cell = (page, variant, name) => page.locator(`${host} tr[data-variant="${variant}"] [data-cell="${name}"]`);

async function paste(page, text) {
  await page.locator(`${host} table.inputs input`).first().focus();
  await page.locator(`${host} table.inputs`).evaluate((table, data) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', data);
    table.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

test('the sample experiment: counts from the log, p-value as jStat computes it', async () => {
  const want = expectedCounts();
  const page = await ctx.open('/#/abtest', { lang: 'zh-CN' });
  await page.locator(`${host} table[data-results]`).waitFor();
  for (const v of ['A', 'B']) {
    const users = await page.locator(`${host} tr[data-variant="${v}"] td`).nth(1).innerText();
    assert.equal(Number(users.replace(/[^\d]/g, '')), want[v].users, `users of ${v}`);
    const rate = await cell(page, v, 'estimate').innerText();
    assert.equal(rate, `${((want[v].conversions / want[v].users) * 100).toFixed(2)}%`);
  }
  // Unpooled two-proportion z-test, computed with jStat's normal distribution.
  const [a, b] = [want.A, want.B];
  const pa = a.conversions / a.users;
  const pb = b.conversions / b.users;
  const z = (pb - pa) / Math.sqrt((pa * (1 - pa)) / a.users + (pb * (1 - pb)) / b.users);
  const p = 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1));
  const shown = await cell(page, 'B', 'p').innerText();
  if (p >= 0.001) assert.equal(shown, p >= 0.1 ? p.toFixed(2) : p.toFixed(3));
  else assert.match(shown, /×10/);
  assert.match(await page.locator(`${host} .sentences li`).first().innerText(), /^B 的支付转化率比 A (高|低) \d+\.\d%（95% 置信区间 .+），(显著|不显著)/);
  await page.locator('#abtest-revenue table[data-results]').waitFor();
  // Revenue per user is a mean in 分, shown in yuan (¥130.87), never as 13,086.99.
  const mean = await page.locator('#abtest-revenue tr[data-variant="A"] [data-cell="estimate"]').innerText();
  assert.match(mean, /^¥[\d,]+\.\d{2}$/);
  await page.locator('#abtest-plan [data-out="perArm"]').waitFor();
  await ctx.screenshot(page, 'abtest-zh');
  await page.getByRole('button', { name: 'Switch language' }).click();
  await page.locator(`${host} .sentences li`, { hasText: "B's payment rate is" }).waitFor();
  await ctx.screenshot(page, 'abtest-en');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('paste from Excel, then switch between frequentist, Bayesian and sequential', async () => {
  const page = await ctx.open('/#/abtest', { lang: 'zh-CN' });
  await page.locator(`${host} table[data-results]`).waitFor();
  await paste(page, '版本\t用户数\t转化数\n对照\t20,000\t1000\n新版\t20000\t1100\n');
  await page.locator(`${host} tr[data-variant="新版"]`).waitFor();
  // statsmodels' Wald z-test for 1100/20000 vs 1000/20000 (computed like the reference cases).
  const pa = 1000 / 20000;
  const pb = 1100 / 20000;
  const z = (pb - pa) / Math.sqrt((pa * (1 - pa)) / 20000 + (pb * (1 - pb)) / 20000);
  assert.equal(await cell(page, '新版', 'p').innerText(), (2 * (1 - jStat.normal.cdf(z, 0, 1))).toFixed(3));
  assert.equal(await cell(page, '新版', 'lift').innerText(), '+10.0%');
  const sentence = await page.locator(`${host} .sentences li`).first().innerText();
  assert.match(sentence, /^新版 的支付转化率比 对照 高 10\.0%（95% 置信区间 .+），/);

  await page.locator(`${host} [role=radio][data-method=bayesian]`).click();
  await page.locator(`${host} [data-cell=chance]`).first().waitFor();
  const chance = refValue('Beta posteriors [(20000, 1000), (20000, 1100)]', 'bayesian[0].chanceToWin');
  assert.equal(await cell(page, '新版', 'chance').innerText(), `${(chance * 100).toFixed(1)}%`);
  assert.match(await page.locator(`${host} .sentences li`).first().innerText(), /^新版 优于 对照 的概率为 \d+\.\d%/);
  await ctx.screenshot(page, 'abtest-bayesian');

  // Keyboard: the method radios move with the arrow keys.
  await page.locator(`${host} [role=radio][data-method=bayesian]`).focus();
  await page.keyboard.press('ArrowRight');
  await page.locator(`${host} [role=radio][data-method=sequential][aria-checked=true]`).waitFor();
  await page.locator(`${host} .sentences li`, { hasText: '随时有效置信区间' }).waitFor();
  assert.match(await page.locator(`${host} .note`).innerText(), /N\* = 5,000/);
  await ctx.screenshot(page, 'abtest-sequential');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('an SRM warning, a 99% level, and bad input naming the row', async () => {
  const page = await ctx.open('/#/abtest', { lang: 'zh-CN' });
  await page.locator(`${host} table[data-results]`).waitFor();
  await paste(page, 'A\t10000\t500\nB\t10600\t560\n');
  await page.locator(`${host} [data-srm]`).waitFor();
  assert.equal(refValue('SRM mismatch', 'srm.mismatch'), true);
  assert.match(await page.locator(`${host} [data-srm]`).innerText(), /样本比例不匹配（SRM）/);
  await ctx.screenshot(page, 'abtest-srm');

  await page.locator(`${host} select`).selectOption('0.99');
  await page.locator(`${host} .sentences li`, { hasText: '99% 置信区间' }).waitFor();

  const conversions = page.locator(`${host} table.inputs tr[data-row="1"] input[data-field=conversions]`);
  await conversions.fill('20000');
  const error = page.locator(`${host} .yy-error`);
  await error.waitFor();
  assert.equal(await error.getAttribute('data-field'), 'variants[1].conversions');
  assert.match(await error.innerText(), /^第 2 行：/);
  await ctx.screenshot(page, 'abtest-error');
  assert.deepEqual(ctx.errors, []);
  await page.close();
});

test('the planner gives Evan Miller\'s sample size', async () => {
  const page = await ctx.open('/#/abtest', { lang: 'en' });
  const plan = page.locator('#abtest-plan');
  await plan.locator('[data-out=perArm] .value').waitFor();
  await plan.locator('input[data-field=baseline]').fill('20');
  await plan.locator('input[data-field=mde]').fill('25');
  await plan.locator('input[data-field=traffic]').fill('500');
  const want = refValue('sample size pooled p=0.2 δ=0.05', 'usersPerArm[0]');
  await plan.locator('[data-out=perArm] .value', { hasText: want.toLocaleString('en-US') }).waitFor();
  assert.equal(await plan.locator('[data-out=days] .value').innerText(), `${Math.ceil((2 * want) / 500)} days`);
  assert.match(await plan.locator('.detail').innerText(), /Evan Miller/);
  await ctx.screenshot(page, 'abtest-planner-en', { fullPage: true });
  assert.deepEqual(ctx.errors, []);
  await page.close();
});
