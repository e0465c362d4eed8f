// abTest / bayesTest / sequentialTest around the wasm exports: the definition goes in as JSON text
// when that is faithful, the AbTestResult comes back read from the tape the wasm writes
// (src/wasm/abtest.rs `write_result`, in the same order). Reshaping only — no statistic and no
// validation here: the wasm validates, and reports every error.
import { lastTape } from './tape.js';

/** `(def) => AbTestResult` around a wasm export taking `(def, json)` and writing a tape. */
export function viaTape(exported) {
  return (def) => readAbTest(lastTape(exported(def, faithfulJson(def))));
}

/**
 * The JSON text of `def` when it says exactly what `def` says, else undefined. Not when any value
 * is something JSON would change — NaN, ±Infinity and −0 (written as null or 0), functions,
 * symbols and BigInts, any object other than an array or a plain object (a Date through its
 * toJSON, a Map as {}, a typed array as an object) — nor when nesting goes deeper than any
 * definition does (a cycle). Such definitions go to the wasm as they are and are read there.
 */
function faithfulJson(def) {
  if (!plainData(def, 0)) return undefined;
  try {
    return JSON.stringify(def);
  } catch {
    return undefined; // a getter that throws: the direct reading meets it too, and reports
  }
}

/** Deepest nesting of a definition (def → variants → variant → values) with room to spare. */
const MAX_DEPTH = 8;

/** True when JSON.stringify would write `value` without changing it. */
function plainData(value, depth) {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) && (value !== 0 || 1 / value > 0);
    case 'string':
    case 'boolean':
    case 'undefined': // a key set to undefined is absent on both roads
      return true;
    case 'object': {
      if (value === null) return true;
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!plainData(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key of Object.keys(value)) if (!plainData(value[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
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
