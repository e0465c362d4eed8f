//! A/B experiments: `abTest`, `bayesTest`, `sequentialTest`, `sampleSize`, `power`, `mde`,
//! `assignVariant`, and `EventLog.experiment()` for the per-variant counts of a resident log.

use wasm_bindgen::prelude::*;

use super::convert::{from_js, invalid, js_error, to_js, JsResult};
use super::events::EventLog;
use super::packed::packed_or;
use super::tape::Tape;
use crate::abtest::assign::{assign_variant, AssignInput};
use crate::abtest::compare::Comparison;
use crate::abtest::def::Method;
use crate::abtest::from_log::{experiment_counts, ExperimentQuery};
use crate::abtest::planning::{self, PlanInput};
use crate::abtest::test::{ArmResult, BayesianComparison};
use crate::abtest::{ab_test, TestDef};
use crate::abtest::{AbTestResult, Interval};

#[wasm_bindgen(typescript_custom_section)]
const TS_ABTEST: &'static str = r#"
/** One arm. Conversions: users + conversions. Means: n + mean + sd, or raw values. Ratio metrics:
 *  n + numeratorMean/Sd + denominatorMean/Sd + covariance. CUPED: a mean plus preMean, preSd and
 *  covariance (metric × pre-period covariate). The first variant is the control. */
export interface VariantInput {
  name?: string;
  users?: number; conversions?: number;
  n?: number; mean?: number; sd?: number; values?: Float64Array | number[];
  numeratorMean?: number; numeratorSd?: number; denominatorMean?: number; denominatorSd?: number;
  covariance?: number; preMean?: number; preSd?: number;
}
export interface AbTestDef {
  variants: VariantInput[];
  /** Significance level used by every output (default 0.05). */
  alpha?: number;
  /** Direction of treatment − control tested (default 'two-sided'). */
  alternative?: 'two-sided' | 'greater' | 'less';
  method?: 'frequentist' | 'bayesian' | 'sequential';
  /** Conversions: the z statistic's standard error (default 'unpooled', dual to the interval). */
  test?: 'unpooled' | 'pooled';
  /** Per-arm interval for conversion rates (default 'wilson'). */
  interval?: 'wilson' | 'agresti-coull' | 'clopper-pearson';
  correction?: 'none' | 'bonferroni' | 'sidak' | 'holm' | 'bh';
  /** False for metrics where lower is better (refund rate…). Default true. */
  higherIsBetter?: boolean;
  /** Planned traffic weights (any positive scale) for the SRM check; equal by default. */
  weights?: number[];
  /** SRM flagged below this p-value (default 0.001). */
  srmThreshold?: number;
  /** Bayesian conversions: Beta(a, b) prior on each rate (default [1, 1]). */
  betaPrior?: [number, number];
  /** Bayesian means: Gaussian prior on the relative lift (GrowthBook); flat unless proper. */
  prior?: { mean: number; variance: number; proper?: boolean };
  /** Sequential: GrowthBook's tuning parameter N* (total units where the sequence is tightest). Default 5000. */
  sequentialTuning?: number;
}
/** null on a side means unbounded (one-sided intervals). */
export interface Interval { lower: number | null; upper: number | null }
export type Verdict = 'better' | 'worse' | 'notSignificant' | 'inconclusive' | 'undefined';
export interface ArmResult {
  name: string; units: number; conversions: number | null; estimate: number | null; sd: number | null;
  interval: Interval | null; intervalMethod: 'wilson' | 'agresti-coull' | 'clopper-pearson' | 't' | 'normal';
  credibleInterval: Interval | null; probabilityBest: number | null; undefined: string | null;
}
export interface Comparison {
  variant: string; control: string;
  difference: number | null; differenceInterval: Interval | null;
  relativeLift: number | null; relativeInterval: Interval | null;
  standardError: number | null; statistic: number | null; df: number | null;
  pValue: number | null;
  /** Finite even when pValue underflows to 0. */
  log10PValue: number | null;
  adjustedPValue: number | null;
  /** Confidence level of the intervals (1 − α, or the corrected level). */
  intervalLevel: number | null;
  /** p ≤ α and every interval excludes 0. */
  significant: boolean;
  verdict: Verdict | null;
  /** "because …" when numbers are missing. */
  undefined: string | null;
}
export interface BayesianComparison {
  variant: string; control: string; model: 'beta-binomial' | 'gaussian';
  chanceToWin: number | null; expectedLoss: number | null; expectedLossControl: number | null;
  difference: number | null; differenceInterval: Interval | null;
  relativeLift: number | null; relativeInterval: Interval | null;
  verdict: Verdict | null; undefined: string | null;
}
export interface Omnibus { test: 'chi-square'; statistic: number | null; df: number; pValue: number | null; log10PValue: number | null; significant: boolean; undefined: string | null }
export interface Srm { observed: number[]; expected: number[]; statistic: number | null; df: number; pValue: number | null; log10PValue: number | null; threshold: number; mismatch: boolean; undefined: string | null }
export interface AbTestResult {
  metric: 'conversion' | 'mean' | 'ratio' | 'cuped';
  method: 'frequentist' | 'bayesian' | 'sequential';
  alpha: number; alternative: 'two-sided' | 'greater' | 'less'; correction: string; test: 'unpooled' | 'pooled';
  higherIsBetter: boolean;
  variants: ArmResult[];
  comparisons: Comparison[];
  bayesian: BayesianComparison[];
  omnibus: Omnibus | null;
  srm: Srm;
  sequentialTuning: number | null;
}
export interface PlanInput {
  metric?: 'conversion' | 'mean';
  /** Conversion: the control's rate (0–1). Mean: the control's mean. */
  baseline: number;
  /** Means: standard deviation per user. */
  sd?: number;
  /** Effect to detect: absolute, or a fraction of the baseline with relativeMde. */
  mde?: number; relativeMde?: boolean;
  alpha?: number; power?: number;
  alternative?: 'two-sided' | 'one-sided';
  /** Treatment users per control user (default 1). */
  ratio?: number;
  /** Arms including the control (default 2); α is split by Bonferroni across variants − 1. */
  variants?: number;
  formula?: 'pooled' | 'unpooled' | 'cohens-h' | 'normal';
  /** power() and mde(): users in the control arm. */
  usersPerArm?: number;
  /** Users entering the experiment per day, for the duration. */
  dailyTraffic?: number;
}
export interface Plan {
  formula: 'pooled' | 'unpooled' | 'cohens-h' | 'normal'; formulaName: string;
  metric: 'conversion' | 'mean'; baseline: number; target: number; effect: number; relativeEffect: number | null;
  effectSize: number | null; alpha: number; alphaPerComparison: number; power: number;
  alternative: 'two-sided' | 'one-sided'; ratio: number; variants: number;
  usersPerArmExact: number[]; usersPerArm: number[]; totalUsers: number;
  dailyTraffic: number | null; days: number | null;
}
export interface AssignInput {
  experimentKey: string;
  /** A string, or an integer (as GrowthBook hashes String(id)). */
  userId: string | number;
  seed?: string; weights?: number[]; variations?: number; coverage?: number;
  /** GrowthBook hash version (default 2). */
  hashVersion?: 1 | 2;
}
export interface Assignment { variation: number | null; inExperiment: boolean; bucket: number; ranges: [number, number][]; hashVersion: number }
export interface ExperimentQuery {
  variantProp: string; exposureEvent?: string; conversionEvent: string;
  /** A money property summed over conversion events (revenue per user, 分). */
  valueProp?: string;
  /** Variant names in report order (first = control). */
  variants?: string[];
}
export interface ExperimentCounts {
  variants: { name: string; users: number; conversions: number; valueTotalFen: number | null; valueMean: number | null; valueSd: number | null }[];
  multipleExposures: number;
}
"#;

/// Reads the definition: from `packed` (see [`super::packed`]; `www/abtest.js` packs every
/// definition that is plain data) when it deserializes, else from the object itself through
/// [`from_js`], whose strict reading is the one that reports errors. Both end in the same
/// serde-derived `TestDef`, so a definition means the same either way; the packed numbers are only
/// the fast road: one array crosses instead of one `Reflect.get` per declared field (~12 µs for 5
/// variants).
fn read_def(def: JsValue, packed: Option<Vec<f64>>) -> JsResult<TestDef> {
    packed_or(packed, || {
        if !def.is_object() {
            return Err(invalid("", "expects an object { variants: [...] }"));
        }
        from_js(def, "")
    })
}

fn run(def: JsValue, packed: Option<Vec<f64>>, method: Option<Method>) -> JsResult<usize> {
    let mut def = read_def(def, packed)?;
    if let Some(m) = method {
        def.method = m;
    }
    let result = ab_test(&def).map_err(js_error)?;
    Ok(write_result(&result))
}

// The result crosses as a tape (see `super::tape`); `www/abtest.js` reads it back in this order,
// field for field the serde shape of `AbTestResult` declared above.

/// Writes the tape; returns its length.
fn write_result(r: &AbTestResult) -> usize {
    let mut t = Tape::start();
    t.name(&r.metric);
    t.name(&r.method);
    t.num(r.alpha);
    t.name(&r.alternative);
    t.name(&r.correction);
    t.name(&r.test);
    t.flag(r.higher_is_better);
    t.count(r.variants.len());
    r.variants.iter().for_each(|a| write_arm(&mut t, a));
    t.count(r.comparisons.len());
    r.comparisons
        .iter()
        .for_each(|c| write_comparison(&mut t, c));
    t.count(r.bayesian.len());
    r.bayesian.iter().for_each(|b| write_bayesian(&mut t, b));
    t.present(r.omnibus.is_some());
    if let Some(o) = &r.omnibus {
        t.word(o.test);
        t.opt(o.statistic);
        t.num(o.df);
        t.opt(o.p_value);
        t.opt(o.log10_p_value);
        t.flag(o.significant);
        t.opt_text(o.undefined.as_deref());
    }
    let s = &r.srm;
    t.list(&s.observed);
    t.list(&s.expected);
    t.opt(s.statistic);
    t.num(s.df);
    t.opt(s.p_value);
    t.opt(s.log10_p_value);
    t.num(s.threshold);
    t.flag(s.mismatch);
    t.opt_text(s.undefined.as_deref());
    t.opt(r.sequential_tuning);
    t.publish()
}

fn write_interval(t: &mut Tape, i: Option<Interval>) {
    t.present(i.is_some());
    if let Some(i) = i {
        t.opt(i.lower);
        t.opt(i.upper);
    }
}

fn write_arm<'a>(t: &mut Tape<'a>, a: &'a ArmResult) {
    t.text(&a.name);
    t.num(a.units);
    t.opt(a.conversions);
    t.opt(a.estimate);
    t.opt(a.sd);
    write_interval(t, a.interval);
    t.word(a.interval_method);
    write_interval(t, a.credible_interval);
    t.opt(a.probability_best);
    t.opt_text(a.undefined.as_deref());
}

fn write_comparison<'a>(t: &mut Tape<'a>, c: &'a Comparison) {
    t.text(&c.variant);
    t.text(&c.control);
    t.opt(c.difference);
    write_interval(t, c.difference_interval);
    t.opt(c.relative_lift);
    write_interval(t, c.relative_interval);
    t.opt(c.standard_error);
    t.opt(c.statistic);
    t.opt(c.df);
    t.opt(c.p_value);
    t.opt(c.log10_p_value);
    t.opt(c.adjusted_p_value);
    t.opt(c.interval_level);
    t.flag(c.significant);
    t.opt_name(c.verdict.as_ref());
    t.opt_text(c.undefined.as_deref());
}

fn write_bayesian<'a>(t: &mut Tape<'a>, b: &'a BayesianComparison) {
    t.text(&b.variant);
    t.text(&b.control);
    t.word(b.model);
    t.opt(b.chance_to_win);
    t.opt(b.expected_loss);
    t.opt(b.expected_loss_control);
    t.opt(b.difference);
    write_interval(t, b.difference_interval);
    t.opt(b.relative_lift);
    write_interval(t, b.relative_interval);
    t.opt_name(b.verdict.as_ref());
    t.opt_text(b.undefined.as_deref());
}

// `www/abtest.js` wraps these three: the public `abTest`, `bayesTest` and `sequentialTest` pass the
// definition (and its packed form when it is plain data) and return the `AbTestResult` read from the tape
// (these return its length; `tapeAddress()` says where it is).

/// Analyses an experiment (the first variant is the control).
#[wasm_bindgen(js_name = abTestTape)]
pub fn ab_test_js(
    #[wasm_bindgen(unchecked_param_type = "AbTestDef")] def: JsValue,
    packed: Option<Vec<f64>>,
) -> JsResult<usize> {
    run(def, packed, None)
}

/// `abTest` with `method: 'bayesian'`.
#[wasm_bindgen(js_name = bayesTestTape)]
pub fn bayes_test(
    #[wasm_bindgen(unchecked_param_type = "AbTestDef")] def: JsValue,
    packed: Option<Vec<f64>>,
) -> JsResult<usize> {
    run(def, packed, Some(Method::Bayesian))
}

/// `abTest` with `method: 'sequential'` (always-valid: safe to look every day).
#[wasm_bindgen(js_name = sequentialTestTape)]
pub fn sequential_test(
    #[wasm_bindgen(unchecked_param_type = "AbTestDef")] def: JsValue,
    packed: Option<Vec<f64>>,
) -> JsResult<usize> {
    run(def, packed, Some(Method::Sequential))
}

fn plan(
    input: JsValue,
    f: fn(&PlanInput) -> crate::error::Result<planning::Plan>,
) -> JsResult<JsValue> {
    let input: PlanInput = from_js(input, "")?;
    to_js(&f(&input).map_err(js_error)?)
}

/// Users per arm (and days) needed to detect `mde` with `power`.
#[wasm_bindgen(js_name = sampleSize, unchecked_return_type = "Plan")]
pub fn sample_size(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] input: JsValue,
) -> JsResult<JsValue> {
    plan(input, planning::sample_size)
}

/// Power to detect `mde` with `usersPerArm` control users.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn power(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] input: JsValue,
) -> JsResult<JsValue> {
    plan(input, planning::power)
}

/// Smallest detectable effect with `usersPerArm` control users at `power`.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn mde(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] input: JsValue,
) -> JsResult<JsValue> {
    plan(input, planning::mde)
}

/// GrowthBook-compatible deterministic assignment of a user to a variant.
#[wasm_bindgen(js_name = assignVariant, unchecked_return_type = "Assignment")]
pub fn assign_variant_js(
    #[wasm_bindgen(unchecked_param_type = "AssignInput")] input: JsValue,
) -> JsResult<JsValue> {
    let input: AssignInput = from_js(input, "")?;
    to_js(&assign_variant(&input).map_err(js_error)?)
}

#[wasm_bindgen]
impl EventLog {
    /// Per-variant users, conversions and value (分) of an experiment recorded in the log.
    #[wasm_bindgen(unchecked_return_type = "ExperimentCounts")]
    pub fn experiment(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ExperimentQuery")] query: JsValue,
    ) -> JsResult<JsValue> {
        let q: ExperimentQuery = from_js(query, "")?;
        to_js(&experiment_counts(&self.inner, &q).map_err(js_error)?)
    }
}
