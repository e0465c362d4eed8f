// abTest / bayesTest / sequentialTest through the package's public API in Node: the result the JS
// layer reads from the wasm's tape against every abTest case of tests/reference/abtest/reference.json
// (scipy, statsmodels, gbstats, mpmath), its full documented shape, the definitions that are not
// plain data (functions, class instances), which the wasm reads and reports directly, and the packed
// road (www/pack.js) giving what that direct reading gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, abTest, bayesTest, sequentialTest, YunyingError } from '../../pkg/node.js';

const reference = JSON.parse(readFileSync(new URL('../reference/abtest/reference.json', import.meta.url)));
await init();

/** Follows a path like `comparisons[0].differenceInterval.lower` (as tests/abtest_reference.rs does). */
function at(value, path) {
  let v = value;
  for (const part of path.split('.')) {
    const m = /^([^[]+)(?:\[(\d+)\])?$/.exec(part);
    v = v?.[m[1]];
    if (m[2] !== undefined) v = v?.[Number(m[2])];
  }
  return v;
}

function close(actual, expected, tol) {
  if (expected === 0) return Math.abs(actual) <= 1e-15;
  return Math.abs(actual - expected) <= tol * Math.abs(expected);
}

/** The same definition with a prototype of its own: not plain data, so the wasm reads the object itself. */
function unpacked(def) {
  return Object.assign(Object.create({ inherited: 'not an own key' }), def);
}

// First in the file, so these keys are new to both sides' key tables: a value that is not sent (not
// plain data) must not leave the JS table ahead of the wasm's, or later keys would be misread.
test('packed and read directly, a definition means the same — also after one that could not be packed', () => {
  const base = [{ name: '对照', users: 5000, conversions: 400 }, { name: 'B', users: 5100, conversions: 470 }];
  assert.throws(() => abTest({ variants: base, correction: 'holm', when: new Date() }), (e) => e instanceof YunyingError && e.field === 'when');
  assert.throws(() => abTest({ variants: base, alpha: 0.01, weights: [1, () => 1] }), YunyingError);
  const defs = [
    { variants: base, correction: 'holm', alpha: 0.01, weights: [1, 1.02], interval: 'agresti-coull' },
    { variants: base, alternative: 'greater', test: 'pooled', srmThreshold: 0.01, higherIsBetter: false },
    { variants: [{ n: 40, mean: -1.5, sd: 2 }, { n: 38, mean: 0, sd: 2.5 }], method: 'sequential', sequentialTuning: 800 },
    { variants: [{ values: new Float64Array([1, 2, 3.5, -0]) }, { values: [2, 3, 5, 9] }], prior: { mean: 0, variance: 0.3, proper: true } },
    { variants: base, betaPrior: [2, 3] },
  ];
  for (const def of defs) {
    for (const run of [abTest, bayesTest, sequentialTest]) assert.deepEqual(run(def), run(unpacked(def)), JSON.stringify(def));
  }
});

test('a plain definition crosses packed: each value is read once, by the packer, and not again by the wasm', () => {
  let reads = 0;
  const control = { name: 'A', users: 5000, conversions: 400 };
  Object.defineProperty(control, 'conversions', { enumerable: true, get: () => (reads++, 400) });
  const def = { variants: [control, { name: 'B', users: 5100, conversions: 470 }], correction: 'holm' };
  const result = abTest(def);
  assert.equal(reads, 1, 'the wasm read the object itself: the packed road failed');
  assert.deepEqual(result, abTest(unpacked(def)));
});

test('with enumerable keys added to Object.prototype, a definition still means what it means', () => {
  const def = { variants: [{ name: 'A', users: 5000, conversions: 400 }, { name: 'B', users: 5100, conversions: 470 }], alpha: 0.01 };
  const clean = abTest(def);
  Object.prototype.alpha = 0.2; // eslint-disable-line no-extend-native
  try {
    assert.deepEqual(abTest(def), clean);
    assert.deepEqual(abTest({ variants: def.variants }), abTest(unpacked({ variants: def.variants })));
  } finally {
    delete Object.prototype.alpha;
  }
  assert.deepEqual(abTest(def), clean);
});

test('every reference abTest case, read through the tape, agrees with scipy / statsmodels / gbstats / mpmath', () => {
  const failures = [];
  let checked = 0;
  for (const c of reference.cases.filter((c) => c.call === 'abTest')) {
    const result = abTest(c.input);
    for (const [path, expected, tol] of c.expect) {
      const actual = at(result, path);
      const ok = typeof expected === 'number' ? typeof actual === 'number' && close(actual, expected, tol) : assert.deepEqual(actual, expected) ?? true;
      if (!ok) failures.push(`${c.name}: ${path} = ${actual}, expected ${expected} (rel. tol ${tol})`);
      checked += 1;
    }
  }
  assert.ok(checked > 600, `only ${checked} expectations ran`);
  assert.deepEqual(failures, []);
});

const KEYS = {
  result: ['metric', 'method', 'alpha', 'alternative', 'correction', 'test', 'higherIsBetter', 'variants', 'comparisons', 'bayesian', 'omnibus', 'srm', 'sequentialTuning'],
  arm: ['name', 'units', 'conversions', 'estimate', 'sd', 'interval', 'intervalMethod', 'credibleInterval', 'probabilityBest', 'undefined'],
  comparison: ['variant', 'control', 'difference', 'differenceInterval', 'relativeLift', 'relativeInterval', 'standardError', 'statistic', 'df', 'pValue', 'log10PValue', 'adjustedPValue', 'intervalLevel', 'significant', 'verdict', 'undefined'],
  bayesian: ['variant', 'control', 'model', 'chanceToWin', 'expectedLoss', 'expectedLossControl', 'difference', 'differenceInterval', 'relativeLift', 'relativeInterval', 'verdict', 'undefined'],
  omnibus: ['test', 'statistic', 'df', 'pValue', 'log10PValue', 'significant', 'undefined'],
  srm: ['observed', 'expected', 'statistic', 'df', 'pValue', 'log10PValue', 'threshold', 'mismatch', 'undefined'],
};

test('the result has every documented key, null where absent, and never NaN', () => {
  const variants = [
    { name: '对照', users: 20000, conversions: 1000 },
    { name: 'B', users: 20000, conversions: 1100 },
    { name: 'C', users: 0, conversions: 0 },
  ];
  for (const r of [abTest({ variants, correction: 'holm' }), bayesTest({ variants }), sequentialTest({ variants, alternative: 'less' })]) {
    assert.deepEqual(Object.keys(r), KEYS.result);
    r.variants.forEach((a) => assert.deepEqual(Object.keys(a), KEYS.arm));
    r.comparisons.forEach((c) => assert.deepEqual(Object.keys(c), KEYS.comparison));
    r.bayesian.forEach((b) => assert.deepEqual(Object.keys(b), KEYS.bayesian));
    assert.deepEqual(Object.keys(r.omnibus), KEYS.omnibus);
    assert.deepEqual(Object.keys(r.srm), KEYS.srm);
    assert.ok(!JSON.stringify(r, (k, v) => (Number.isNaN(v) ? assert.fail(`NaN at ${k}`) : v)).includes('NaN'));
  }
  const r = abTest({ variants, correction: 'holm' });
  assert.deepEqual(r.variants.map((a) => a.name), ['对照', 'B', 'C']);
  assert.deepEqual([r.comparisons[0].variant, r.comparisons[0].control, r.comparisons[1].control], ['B', '对照', '对照']);
  assert.equal(r.variants[2].undefined, 'because it has no users yet');
  assert.equal(r.comparisons[1].verdict, 'undefined');
  assert.equal(r.comparisons[1].pValue, null);
  assert.equal(r.comparisons[1].differenceInterval, null);
  assert.deepEqual(r.srm.observed, [20000, 20000, 0]);
  assert.equal(r.variants[0].credibleInterval, null);
  const s = sequentialTest({ variants: variants.slice(0, 2), alternative: 'less' });
  assert.equal(s.method, 'sequential');
  assert.equal(s.sequentialTuning, 5000);
  // One-sided: the unbounded side is null, never Infinity.
  assert.equal(s.comparisons[0].differenceInterval.lower, null);
  const b = bayesTest({ variants: variants.slice(0, 2) });
  assert.equal(b.bayesian[0].model, 'beta-binomial');
  assert.ok(b.variants[0].credibleInterval.lower < b.variants[0].credibleInterval.upper);
});

test('statsmodels and scipy values that moved here from the binding suite', () => {
  // statsmodels test_proportions_2indep(1100, 10000, 1000, 10000, method='wald'): z = 2.3069…, p = 0.02106…
  const c = abTest({ variants: [{ name: 'A', users: 10000, conversions: 1000 }, { name: 'B', users: 10000, conversions: 1100 }] }).comparisons[0];
  assert.ok(Math.abs(c.statistic - 2.306939) < 1e-5);
  assert.ok(Math.abs(c.pValue - 0.02106) < 1e-4);
  assert.equal(c.verdict, 'better');
  // scipy.stats.ttest_ind([2,3,5,9], [1,2,3,4], equal_var=False): t = 1.34164…, df = 4.01284… —
  // as a Float64Array (read by the wasm directly) and as plain arrays (JSON text): the same.
  for (const wrap of [(v) => new Float64Array(v), (v) => v]) {
    const t = abTest({ variants: [{ name: 'A', values: wrap([1, 2, 3, 4]) }, { name: 'B', values: wrap([2, 3, 5, 9]) }] }).comparisons[0];
    assert.ok(Math.abs(t.statistic - 1.341640786499874) < 1e-9);
    assert.ok(Math.abs(t.df - 4.012844036697247) < 1e-9);
  }
  const ctw = bayesTest({ variants: [{ users: 100, conversions: 10 }, { users: 100, conversions: 15 }] }).bayesian[0].chanceToWin;
  assert.ok(ctw > 0.8 && ctw < 0.9, `${ctw}`);
});

function assertError(fn, code, field, message) {
  assert.throws(fn, (e) => e instanceof YunyingError && e.code === code && e.field === field && (!message || message.test(e.message)), `${code} at ${field}`);
}

test('what JSON would change is read by the wasm itself: the same errors, with their fields', () => {
  const ok = { users: 10, conversions: 1 };
  // NaN and Infinity would become null in JSON ("is required"); the direct reading names them.
  assertError(() => abTest({ variants: [ok, { users: NaN, conversions: 1 }] }), 'INVALID_INPUT', 'variants[1].users', /finite/);
  assertError(() => abTest({ variants: [ok, { users: 10, conversions: Infinity }] }), 'INVALID_INPUT', 'variants[1].conversions', /finite/);
  // A function-valued key would vanish from JSON; it is still an unknown key.
  assertError(() => abTest({ variants: [ok, ok], alhpa: () => 0.01 }), 'INVALID_INPUT', 'alhpa');
  assertError(() => abTest({ variants: [ok, { ...ok, conversion: 1 }] }), 'INVALID_INPUT', 'variants[1].conversion');
  assertError(() => abTest({ variants: [ok, ok], weights: [1, 2n] }), 'INVALID_INPUT', 'weights[1]');
  // A Date would travel as its ISO text; a cycle cannot be written at all.
  assertError(() => abTest({ variants: [ok, { ...ok, name: new Date(0) }] }), 'INVALID_INPUT', 'variants[1].name');
  const cyclic = { variants: [ok, ok] };
  cyclic.self = cyclic;
  assertError(() => abTest(cyclic), 'INVALID_INPUT', 'self');
  assertError(() => abTest({ variants: [ok, { users: 10, conversions: 11 }] }), 'INVALID_INPUT', 'variants[1].conversions');
  assertError(() => abTest('nope'), 'INVALID_INPUT', '');
  // Keys set to undefined are absent on both roads.
  assert.equal(abTest({ variants: [ok, { ...ok, name: undefined }], alpha: undefined }).alpha, 0.05);
});
