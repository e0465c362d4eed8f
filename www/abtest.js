// abTest / bayesTest / sequentialTest around the wasm exports: the definition goes in as JSON text
// when that is faithful, the AbTestResult comes back read from the tape the wasm writes
// (src/wasm/abtest.rs `write_result`, in the same order). Reshaping only — no statistic and no
// validation here: the wasm validates, and reports every error.
import { Tape } from './tape.js';

/** `(def) => AbTestResult` around a wasm export taking `(def, json)` and returning a tape. */
export function viaTape(exported) {
  return (def) => readAbTest(exported(def, faithfulJson(def)));
}

const NOT_PLAIN = Symbol('not plain data');

/**
 * JSON.stringify's replacer that gives up (throws NOT_PLAIN) on anything JSON would change: NaN,
 * ±Infinity and −0 (written as null or 0), functions, symbols and BigInts, and any object other than
 * an array or a plain object (a Date through its toJSON, a Map as {}, a typed array as an object).
 * Such definitions go to the wasm as they are and are read there directly.
 */
function plain(key, value) {
  const raw = this[key];
  switch (typeof raw) {
    case 'number':
      if (Number.isFinite(raw) && (raw !== 0 || 1 / raw > 0)) return value;
      throw NOT_PLAIN;
    case 'string':
    case 'boolean':
    case 'undefined': // absent, as the direct reading treats it
      return value;
    case 'object': {
      if (raw === null || Array.isArray(raw)) return value;
      const proto = Object.getPrototypeOf(raw);
      if (proto === Object.prototype || proto === null) return value;
      throw NOT_PLAIN;
    }
    default:
      throw NOT_PLAIN;
  }
}

/** The JSON text of `def` when it says exactly what `def` says, else undefined. */
function faithfulJson(def) {
  try {
    return JSON.stringify(def, plain);
  } catch {
    // NOT_PLAIN, a cycle, a getter that throws: the wasm reads the object itself and reports.
    return undefined;
  }
}

/** Reads an AbTestResult from its tape. */
export function readAbTest(numbers) {
  const t = new Tape(numbers);
  return {
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
  };
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
