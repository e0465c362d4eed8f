// abTest / bayesTest / sequentialTest around the wasm exports: the definition goes in packed
// (./pack.js) when it is plain data, the AbTestResult comes back read from the tape the wasm writes
// (src/wasm/abtest.rs `write_result`, in the same order). Reshaping only — no statistic and no
// validation here: the wasm validates, and reports every error.
import { lastTape } from './tape.js';
import { packing } from './pack.js';

/** `(def) => AbTestResult` around a wasm export taking `(def, packed)` and writing a tape. */
export function viaTape(exported) {
  const call = packing(exported);
  return (def) => readAbTest(lastTape(call(def)));
}

/** Reads an AbTestResult from its tape. */
function readAbTest(t) {
  return t.done({
    metric: t.word(),
    method: t.word(),
    alpha: t.num(),
    alternative: t.word(),
    correction: t.word(),
    test: t.word(),
    higherIsBetter: t.flag(),
    variants: records(t, arm),
    comparisons: records(t, comparison),
    bayesian: records(t, bayesian),
    omnibus: t.present() ? omnibus(t) : null,
    srm: srm(t),
    sequentialTuning: t.opt(),
  });
}

function records(t, read) {
  const n = t.num();
  const out = new Array(n);
  for (let k = 0; k < n; k++) out[k] = read(t);
  return out;
}

function interval(t) {
  return t.present() ? { lower: t.opt(), upper: t.opt() } : null;
}

function arm(t) {
  return {
    name: t.text(),
    units: t.num(),
    conversions: t.opt(),
    estimate: t.opt(),
    sd: t.opt(),
    interval: interval(t),
    intervalMethod: t.word(),
    credibleInterval: interval(t),
    probabilityBest: t.opt(),
    undefined: t.text(),
  };
}

function comparison(t) {
  return {
    variant: t.text(),
    control: t.text(),
    difference: t.opt(),
    differenceInterval: interval(t),
    relativeLift: t.opt(),
    relativeInterval: interval(t),
    standardError: t.opt(),
    statistic: t.opt(),
    df: t.opt(),
    pValue: t.opt(),
    log10PValue: t.opt(),
    adjustedPValue: t.opt(),
    intervalLevel: t.opt(),
    significant: t.flag(),
    verdict: t.word(),
    undefined: t.text(),
  };
}

function bayesian(t) {
  return {
    variant: t.text(),
    control: t.text(),
    model: t.word(),
    chanceToWin: t.opt(),
    expectedLoss: t.opt(),
    expectedLossControl: t.opt(),
    difference: t.opt(),
    differenceInterval: interval(t),
    relativeLift: t.opt(),
    relativeInterval: interval(t),
    verdict: t.word(),
    undefined: t.text(),
  };
}

function omnibus(t) {
  return {
    test: t.word(),
    statistic: t.opt(),
    df: t.num(),
    pValue: t.opt(),
    log10PValue: t.opt(),
    significant: t.flag(),
    undefined: t.text(),
  };
}

function srm(t) {
  return {
    observed: t.list(),
    expected: t.list(),
    statistic: t.opt(),
    df: t.num(),
    pValue: t.opt(),
    log10PValue: t.opt(),
    threshold: t.num(),
    mismatch: t.flag(),
    undefined: t.text(),
  };
}
