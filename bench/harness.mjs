// The environment-neutral part of the benchmarks: the timing loop, the side-by-side runs of a
// case's contenders, ratios and targets. run.mjs drives it in Node; page.html in Chromium.
import * as data from './data.mjs';

const now = () => performance.now();
const isThenable = (x) => x !== null && typeof x === 'object' && typeof x.then === 'function';

/** The median of a non-empty list. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * A contender prepared for timing: one warm-up call, whose answer is kept for checking — reduced by
 * `digest` and released at once when a digest is given, so a big answer (a whole table) is never held
 * twice — then warm calls that size its batches: calls faster than a millisecond are repeated so
 * each sample lasts ≥ 10 ms.
 */
async function prepare(fn, { release, digest }) {
  let answer = fn();
  const async = isThenable(answer);
  if (async) answer = await answer;
  if (digest) {
    const whole = answer;
    answer = await digest(whole);
    await release(whole);
  }
  // The fastest of a few warm calls (up to 50 ms of them) sizes the batches: a single call can land
  // on a GC pause or a tier-up, and would then have every fast call timed alone with a coarse clock.
  let warmMs = Infinity;
  for (let i = 0, spent = 0; i < 5 && spent < 50; i++) {
    const t = now();
    const warm = async ? await fn() : fn();
    const ms = now() - t;
    await release(warm);
    warmMs = Math.min(warmMs, ms);
    spent += ms;
  }
  const batch = warmMs < 1 ? Math.min(100_000, Math.ceil(10 / Math.max(warmMs, 0.0005))) : 1;
  return { fn, async, answer, batch, release, samples: [] };
}

/** One sample: `batch` calls, timed together; the last answer is released outside the timed region. */
async function sample(c) {
  let last;
  const t = now();
  if (c.async) for (let i = 0; i < c.batch; i++) last = await c.fn();
  else for (let i = 0; i < c.batch; i++) last = c.fn();
  c.samples.push((now() - t) / c.batch);
  await c.release(last);
}

/**
 * Times contenders side by side: in rounds, each round one sample of every contender, starting with a
 * different one each round, so a burst of load on these shared cores hits all of them alike. At least
 * `minRuns` rounds, then more while the budget (per contender) lasts, up to `maxRuns`.
 */
export async function measureSideBySide(prepared, { minRuns = 3, maxRuns = 15, budgetMs = 3000 } = {}) {
  const start = now();
  const budget = budgetMs * prepared.length;
  for (let round = 0; round < maxRuns && (round < minRuns || now() - start < budget); round++) {
    for (let k = 0; k < prepared.length; k++) await sample(prepared[(round + k) % prepared.length]);
  }
  return prepared.map((c) => ({ answer: c.answer, medianMs: median(c.samples), minMs: Math.min(...c.samples), runs: c.samples.length, batch: c.batch }));
}

/** Cases exported by a module: one case object or an array of them. */
export function casesOf(module) {
  const value = module.default;
  return Array.isArray(value) ? value : [value];
}

/**
 * Runs the cases in one environment. `report(line)` receives progress; the result is a list of
 * tables { case, title, env, size, sizeLabel, rows: [{ contender, medianMs, minMs, runs, ratio, skipped? }],
 * figures, targets: [{ text, met }], error? }.
 */
export async function runCases(cases, { env, yunying, libs, quick = false, report = () => {} }) {
  const tables = [];
  for (const c of cases) {
    if (!(c.where ?? ['browser', 'node']).includes(env)) continue;
    const sizes = quick ? c.sizes.slice(0, 1) : c.sizes;
    for (const size of sizes) {
      const sizeLabel = c.sizeLabel ? c.sizeLabel(size) : size === null ? '' : String(size);
      const table = { case: c.id, title: c.title, env, size, sizeLabel, rows: [], figures: {}, targets: [] };
      tables.push(table);
      report(`${env} · ${c.id} ${sizeLabel}`);
      let state;
      try {
        state = await c.setup({ size, env, yunying, data, libs });
        // Rows keep the order the case declares its contenders in: the first one is yunying.
        const timed = [];
        for (const [name, fn] of Object.entries(c.contenders)) {
          const row = { contender: name };
          table.rows.push(row);
          const skipped = state?.skip?.[name];
          if (skipped) {
            row.skipped = skipped;
            report(`  ${name}: skipped (${skipped})`);
            continue;
          }
          const release = (answer) => c.release?.(name, answer, state);
          const digest = c.digest && ((answer) => c.digest(name, answer, state));
          timed.push({ row, prepared: await prepare(() => fn(state, { yunying, libs, env }), { release, digest }) });
        }
        const answers = {};
        const measured = await measureSideBySide(timed.map((t) => t.prepared), c.timing);
        measured.forEach(({ answer, ...timing }, k) => {
          const { row } = timed[k];
          answers[row.contender] = answer;
          Object.assign(row, timing);
          report(`  ${row.contender}: ${formatMs(timing.medianMs)} (median of ${timing.runs}${timing.batch > 1 ? ` × ${timing.batch}` : ''})`);
        });
        await c.check?.(answers, state);
        if (!c.digest) for (const [name, answer] of Object.entries(answers)) await c.release?.(name, answer, state);
        table.figures = (await c.figures?.(state, table)) ?? {};
      } catch (err) {
        table.error = String(err?.stack ?? err);
        report(`  ERROR: ${table.error}`);
      } finally {
        try {
          await c.teardown?.(state);
        } catch (err) {
          report(`  teardown failed: ${err}`);
        }
      }
      const base = table.rows[0]?.medianMs;
      for (const row of table.rows) if (base && row.medianMs !== undefined) row.ratio = row.medianMs / base;
      table.targets = evaluateTargets(c.targets ?? [], table);
    }
  }
  return tables;
}

/** The case's targets that apply to this table, with whether they were met. */
function evaluateTargets(targets, table) {
  const out = [];
  const yunying = table.rows[0];
  for (const target of targets) {
    if (target.env && target.env !== table.env) continue;
    if (target.size !== undefined && target.size !== table.size) continue;
    if (table.error || !yunying || yunying.medianMs === undefined) continue;
    if (target.maxMs !== undefined) {
      const row = table.rows.find((r) => r.contender === (target.contender ?? yunying.contender));
      if (row?.medianMs === undefined) continue;
      out.push({ text: `${row.contender} ≤ ${formatMs(target.maxMs)} (measured ${formatMs(row.medianMs)})`, met: row.medianMs <= target.maxMs });
    }
    if (target.fasterThan !== undefined) {
      const row = table.rows.find((r) => r.contender === target.fasterThan);
      if (row?.medianMs === undefined) continue;
      const by = target.by ?? 1;
      out.push({ text: `${yunying.contender} ≥ ${by}× faster than ${row.contender} (measured ${row.ratio.toFixed(1)}×)`, met: row.ratio >= by });
    }
    if (target.figure !== undefined) {
      const value = table.figures[target.figure];
      if (value === undefined) continue;
      out.push({ text: `${target.figure} ≤ ${target.max} (measured ${round(value)})`, met: value <= target.max });
    }
    if (target.minFigure !== undefined) {
      const value = table.figures[target.minFigure];
      if (value === undefined) continue;
      out.push({ text: `${target.minFigure} ≥ ${target.min} (measured ${round(value)})`, met: value >= target.min });
    }
  }
  return out;
}

const round = (x) => (typeof x === 'number' ? Number(x.toPrecision(4)) : x);

export function formatMs(ms) {
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The tables as Markdown, one section per table. */
export function toMarkdown(tables) {
  const lines = [];
  for (const t of tables) {
    lines.push(`### ${t.case} · ${t.env}${t.sizeLabel ? ` · ${t.sizeLabel}` : ''}`, '', t.title, '');
    if (t.error) lines.push(`**error**: ${t.error.split('\n')[0]}`, '');
    lines.push('| contender | median | time ÷ yunying | runs |', '| --- | ---: | ---: | ---: |');
    for (const r of t.rows) {
      if (r.skipped) lines.push(`| ${r.contender} | skipped: ${r.skipped} | | |`);
      else lines.push(`| ${r.contender} | ${formatMs(r.medianMs)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(r.ratio < 10 ? 2 : 1)}×`} | ${r.runs}${r.batch > 1 ? ` × ${r.batch}` : ''} |`);
    }
    for (const [name, value] of Object.entries(t.figures)) lines.push('', `${name}: ${round(value)}`);
    for (const target of t.targets) lines.push('', `${target.met ? '✅ met' : '❌ missed'}: ${target.text}`);
    lines.push('');
  }
  return lines.join('\n');
}
