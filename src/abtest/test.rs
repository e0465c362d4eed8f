//! `ab_test`: the whole analysis of one experiment, in one call.

use std::borrow::Cow;

use serde::Serialize;

use super::bayes::{self, BetaPosterior};
use super::compare::{self, Comparison, Raw, Verdict};
use super::def::{
    planned_shares, validate_settings, Alternative, Correction, IntervalMethod, Method,
    ProportionTest, TestDef,
};
use super::estimate::{read_arms, Arm, ArmData, MetricKind};
use super::intervals::proportion_interval;
use super::multiple::{adjust, Adjusted};
use super::proportions::{chi_square_omnibus, Omnibus};
use super::sequential::Sequence;
use super::srm::{srm_check, Srm};
use super::Interval;
use crate::error::Result;
use crate::stats::{beta_quantile, normal_upper_quantile, t_upper_quantile, NormalQuantiles};

/// One arm as reported: its counts, its estimate and the estimate's interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmResult<'a> {
    /// Borrowed from the definition (owned only for a default name).
    pub name: Cow<'a, str>,
    /// Users (conversions) or units (means, ratios).
    pub units: f64,
    pub conversions: Option<f64>,
    /// Conversion rate, mean or ratio.
    pub estimate: Option<f64>,
    /// Standard deviation per unit (means; for CUPED the unadjusted one).
    pub sd: Option<f64>,
    pub interval: Option<Interval>,
    /// 'wilson', 'agresti-coull', 'clopper-pearson', 't' or 'normal'.
    pub interval_method: &'static str,
    /// Bayesian, conversions: the Beta posterior's equal-tailed credible interval.
    pub credible_interval: Option<Interval>,
    /// Bayesian: probability that this arm is the best of all.
    pub probability_best: Option<f64>,
    pub undefined: Option<String>,
}

/// One variant against the control under the Bayesian model.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct BayesianComparison<'a> {
    pub variant: Cow<'a, str>,
    pub control: Cow<'a, str>,
    /// 'beta-binomial' (exact for conversions) or 'gaussian' (GrowthBook's model, relative lift).
    pub model: &'static str,
    /// Probability the variant is better than the control (in the metric's good direction).
    pub chance_to_win: Option<f64>,
    /// Expected loss of shipping the variant if it is in fact worse (metric units; relative for
    /// the Gaussian model).
    pub expected_loss: Option<f64>,
    /// Expected loss of keeping the control if the variant is in fact better.
    pub expected_loss_control: Option<f64>,
    pub difference: Option<f64>,
    /// Credible interval (for conversions the normal approximation of the Beta difference).
    pub difference_interval: Option<Interval>,
    pub relative_lift: Option<f64>,
    pub relative_interval: Option<Interval>,
    pub verdict: Option<Verdict>,
    pub undefined: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AbTestResult<'a> {
    pub metric: MetricKind,
    pub method: Method,
    pub alpha: f64,
    pub alternative: Alternative,
    pub correction: Correction,
    /// For conversions: the z statistic's standard error ('unpooled' or 'pooled').
    pub test: ProportionTest,
    pub higher_is_better: bool,
    pub variants: Vec<ArmResult<'a>>,
    /// Frequentist or sequential comparisons of each variant with the control (empty for Bayesian).
    pub comparisons: Vec<Comparison<'a>>,
    pub bayesian: Vec<BayesianComparison<'a>>,
    /// Conversions: χ² test of "any difference among all variants".
    pub omnibus: Option<Omnibus>,
    /// Sample-ratio mismatch check, always reported beside the result.
    pub srm: Srm,
    /// Sequential: the tuning parameter N* used.
    pub sequential_tuning: Option<f64>,
}

/// Analyses an experiment; the first variant is the control.
/// The result borrows the variants' names from `def`.
pub fn ab_test(def: &TestDef) -> Result<AbTestResult<'_>> {
    validate_settings(def)?;
    let arms = read_arms(&def.variants)?;
    let shares = planned_shares(def.weights.as_deref(), arms.len())?;
    let alpha = def.alpha;
    let metric = arms[0].kind();
    let units: Vec<f64> = arms.iter().map(Arm::n).collect();
    let srm = srm_check(units, shares, def.srm_threshold);
    let omnibus = (metric == MetricKind::Conversion).then(|| {
        let counts = arms.iter().map(|a| match a.data {
            ArmData::Conversion { users, conversions } => (users, conversions),
            _ => (0.0, 0.0),
        });
        chi_square_omnibus(counts, alpha)
    });
    let mut quantiles = NormalQuantiles::default();
    let mut variants: Vec<ArmResult> = arms
        .iter()
        .map(|a| arm_result(a, alpha, def.interval, &mut quantiles))
        .collect();
    let (comparisons, bayesian) = match def.method {
        Method::Bayesian => (vec![], bayesian_comparisons(&arms, def, &mut variants)),
        Method::Frequentist | Method::Sequential => {
            (frequentist_comparisons(&arms, def, &mut quantiles), vec![])
        }
    };
    Ok(AbTestResult {
        metric,
        method: def.method,
        alpha,
        alternative: def.alternative,
        correction: def.correction,
        test: def.test,
        higher_is_better: def.higher_is_better,
        variants,
        comparisons,
        bayesian,
        omnibus,
        srm,
        sequential_tuning: (def.method == Method::Sequential).then_some(def.sequential_tuning),
    })
}

fn arm_result<'a>(
    arm: &Arm<'a>,
    alpha: f64,
    method: IntervalMethod,
    quantiles: &mut NormalQuantiles,
) -> ArmResult<'a> {
    let n = arm.n();
    let mut out = ArmResult {
        name: arm.name.clone(),
        units: n,
        conversions: None,
        estimate: arm.point(),
        sd: None,
        interval: None,
        interval_method: "t",
        credible_interval: None,
        probability_best: None,
        undefined: (n == 0.0).then(|| "because it has no users yet".to_string()),
    };
    match &arm.data {
        ArmData::Conversion { users, conversions } => {
            out.conversions = Some(*conversions);
            out.interval = proportion_interval(*conversions, *users, alpha, method, quantiles);
            out.interval_method = match method {
                IntervalMethod::Wilson => "wilson",
                IntervalMethod::AgrestiCoull => "agresti-coull",
                IntervalMethod::ClopperPearson => "clopper-pearson",
            };
        }
        ArmData::Mean(s) | ArmData::Cuped { post: s, .. } => {
            out.sd = Some(s.var.sqrt());
            if s.n >= 2.0 {
                let half = t_upper_quantile(alpha / 2.0, s.n - 1.0) * (s.var / s.n).sqrt();
                out.interval = Some(Interval::new(s.mean - half, s.mean + half));
            }
        }
        ArmData::Ratio(r) => {
            out.interval_method = "normal";
            if let (Some(ratio), true) = (r.ratio(), r.n >= 2.0) {
                let half = quantiles.upper(alpha / 2.0) * (r.unit_var() / r.n).sqrt();
                out.interval = Some(Interval::new(ratio - half, ratio + half));
            }
        }
    }
    out
}

fn frequentist_comparisons<'a>(
    arms: &[Arm<'a>],
    def: &TestDef,
    quantiles: &mut NormalQuantiles,
) -> Vec<Comparison<'a>> {
    let control = &arms[0];
    let sequence = (def.method == Method::Sequential).then(|| {
        Sequence::new(
            def.alpha,
            def.sequential_tuning,
            def.alternative != Alternative::TwoSided,
        )
    });
    let raws: Vec<std::result::Result<Raw, String>> = arms[1..]
        .iter()
        .map(|t| compare::raw(control, t, def.method, def.test, def.alternative, sequence))
        .collect();
    // Only the comparisons that could be computed count towards the correction's m.
    let p: Vec<f64> = raws
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|r| r.tail.p))
        .collect();
    let mut adjusted = adjust(&p, def.alpha, def.correction).into_iter();
    let settings = compare::Settings {
        alpha: def.alpha,
        alternative: def.alternative,
        higher_is_better: def.higher_is_better,
    };
    raws.iter()
        .zip(&arms[1..])
        .map(|(raw, t)| match raw {
            Ok(raw) => {
                // `adjusted` has one entry per Ok, in order.
                let a = adjusted.next().unwrap_or(Adjusted {
                    p_value: 1.0,
                    level_alpha: def.alpha,
                });
                compare::finish(&t.name, &control.name, raw, a, settings, quantiles)
            }
            Err(why) => compare::undefined(&t.name, &control.name, why.clone()),
        })
        .collect()
}

fn bayesian_comparisons<'a>(
    arms: &[Arm<'a>],
    def: &TestDef,
    variants: &mut [ArmResult<'a>],
) -> Vec<BayesianComparison<'a>> {
    if arms[0].kind() == MetricKind::Conversion {
        beta_binomial(arms, def, variants)
    } else {
        gaussian(arms, def)
    }
}

fn beta_binomial<'a>(
    arms: &[Arm<'a>],
    def: &TestDef,
    variants: &mut [ArmResult<'a>],
) -> Vec<BayesianComparison<'a>> {
    let [a0, b0] = def.beta_prior.unwrap_or([1.0, 1.0]);
    let alpha = def.alpha;
    let posteriors: Vec<BetaPosterior> = arms
        .iter()
        .map(|arm| match arm.data {
            ArmData::Conversion { users, conversions } => BetaPosterior {
                a: a0 + conversions,
                b: b0 + users - conversions,
            },
            _ => BetaPosterior { a: a0, b: b0 },
        })
        .collect();
    let best = bayes::best_of(&posteriors, def.higher_is_better);
    for ((out, post), best) in variants.iter_mut().zip(&posteriors).zip(best) {
        out.credible_interval = Some(Interval::new(
            beta_quantile(alpha / 2.0, post.a, post.b),
            beta_quantile(1.0 - alpha / 2.0, post.a, post.b),
        ));
        out.probability_best = Some(best);
    }
    let control = posteriors[0];
    let z = normal_upper_quantile(alpha / 2.0);
    arms[1..]
        .iter()
        .zip(&posteriors[1..])
        .map(|(arm, &treatment)| {
            let greater = bayes::prob_greater(control, treatment);
            let (chance, loss, loss_control) = if def.higher_is_better {
                (
                    greater,
                    bayes::expected_loss(control, treatment),
                    bayes::expected_loss(treatment, control),
                )
            } else {
                (
                    1.0 - greater,
                    bayes::expected_loss(treatment, control),
                    bayes::expected_loss(control, treatment),
                )
            };
            let (ma, mb) = (control.mean(), treatment.mean());
            let (va, vb) = (control.variance(), treatment.variance());
            let difference = mb - ma;
            let half = z * (va + vb).sqrt();
            let rel_se = (vb / (ma * ma) + va * mb * mb / ma.powi(4)).sqrt();
            let difference_interval = Interval::new(difference - half, difference + half);
            BayesianComparison {
                variant: arm.name.clone(),
                control: arms[0].name.clone(),
                model: "beta-binomial",
                chance_to_win: Some(chance),
                expected_loss: Some(loss),
                expected_loss_control: Some(loss_control),
                difference: Some(difference),
                difference_interval: Some(difference_interval),
                relative_lift: Some(difference / ma),
                relative_interval: Some(Interval::new(
                    difference / ma - z * rel_se,
                    difference / ma + z * rel_se,
                )),
                verdict: Some(bayes_verdict(chance, &difference_interval, alpha)),
                undefined: None,
            }
        })
        .collect()
}

fn gaussian<'a>(arms: &[Arm<'a>], def: &TestDef) -> Vec<BayesianComparison<'a>> {
    let control = &arms[0];
    let z = normal_upper_quantile(def.alpha / 2.0);
    arms[1..]
        .iter()
        .map(|arm| {
            let raw = match compare::raw(
                control,
                arm,
                Method::Bayesian,
                def.test,
                Alternative::TwoSided,
                None,
            ) {
                Ok(raw) => raw,
                Err(why) => return bayes_undefined(arm, control, why),
            };
            let Some((relative, rel_se)) = raw.effect.relative else {
                return bayes_undefined(
                    arm,
                    control,
                    "because the control's mean is 0: the relative lift is undefined".into(),
                );
            };
            let post = bayes::gaussian_posterior(relative, rel_se, def.prior);
            let positive = post.prob_positive();
            let (keep_control, ship) = post.risks();
            let (chance, loss, loss_control) = if def.higher_is_better {
                (positive, ship, keep_control)
            } else {
                (1.0 - positive, keep_control, ship)
            };
            let relative_interval = Interval::new(post.mean - z * post.sd, post.mean + z * post.sd);
            // The absolute effect on the same posterior scale (relative × |control|).
            let scale = raw.control.unadjusted_mean.abs();
            BayesianComparison {
                variant: arm.name.clone(),
                control: control.name.clone(),
                model: "gaussian",
                chance_to_win: Some(chance),
                expected_loss: Some(loss),
                expected_loss_control: Some(loss_control),
                difference: Some(post.mean * scale),
                difference_interval: Some(Interval::new(
                    post.mean * scale - z * post.sd * scale,
                    post.mean * scale + z * post.sd * scale,
                )),
                relative_lift: Some(post.mean),
                relative_interval: Some(relative_interval),
                verdict: Some(bayes_verdict(chance, &relative_interval, def.alpha)),
                undefined: None,
            }
        })
        .collect()
}

fn bayes_undefined<'a>(arm: &Arm<'a>, control: &Arm<'a>, why: String) -> BayesianComparison<'a> {
    BayesianComparison {
        variant: arm.name.clone(),
        control: control.name.clone(),
        model: "gaussian",
        verdict: Some(Verdict::Undefined),
        undefined: Some(why),
        ..BayesianComparison::default()
    }
}

/// A winner (or loser) only when the chance to win is beyond 1 − α/2 (or below α/2) *and* the
/// credible interval of the effect excludes zero; if those disagree, inconclusive.
fn bayes_verdict(chance: f64, interval: &Interval, alpha: f64) -> Verdict {
    let decided = chance >= 1.0 - alpha / 2.0 || chance <= alpha / 2.0;
    match (decided, interval.contains_zero()) {
        (true, false) if chance >= 0.5 => Verdict::Better,
        (true, false) => Verdict::Worse,
        (false, true) => Verdict::NotSignificant,
        _ => Verdict::Inconclusive,
    }
}
