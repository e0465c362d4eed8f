//! One variant against the control, frequentist or sequential: statistic, p-value, intervals and
//! the verdict.
//!
//! The verdict is "better"/"worse" only when every output agrees: the (adjusted) p-value is ≤ α
//! *and* the difference's interval *and* the relative lift's interval exclude zero. When they
//! disagree (possible with the pooled statistic, whose standard error differs from the interval's,
//! or at the last digit of a boundary) the verdict is "inconclusive" — never "significant" while an
//! interval crosses zero.

use std::borrow::Cow;

use serde::Serialize;

use super::def::{Alternative, Method, ProportionTest};
use super::estimate::{Arm, ArmData, Estimate, MetricKind};
use super::lift::{effect, Effect};
use super::means::welch_df;
use super::multiple::Adjusted;
use super::proportions::pooled_se;
use super::sequential::Sequence;
use super::Interval;
use crate::stats::{normal_tail, t_tail, t_upper_quantile, NormalQuantiles, Tail};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    Better,
    Worse,
    NotSignificant,
    /// The p-value and an interval disagree at this α: not called either way.
    Inconclusive,
    Undefined,
}

/// The sampling distribution of the statistic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reference {
    Normal,
    /// Student's t with Welch–Satterthwaite df.
    T(f64),
    /// GrowthBook's confidence sequence.
    Sequence(Sequence),
}

/// The parts of a comparison computed before the multiple-comparison adjustment.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    pub control: Estimate,
    pub treatment: Estimate,
    pub effect: Effect,
    pub statistic: f64,
    pub reference: Reference,
    pub tail: Tail,
}

/// Why a comparison cannot be computed, or its raw parts.
pub fn raw(
    control: &Arm,
    treatment: &Arm,
    method: Method,
    test: ProportionTest,
    alternative: Alternative,
    sequence: Option<Sequence>,
) -> Result<Raw, String> {
    for arm in [control, treatment] {
        if arm.n() == 0.0 {
            return Err(format!("because {} has no users yet", arm.name));
        }
    }
    let kind = control.kind();
    if kind != MetricKind::Conversion && (control.n() < 2.0 || treatment.n() < 2.0) {
        return Err(
            "because a mean needs at least 2 units per variant to estimate its variance".into(),
        );
    }
    if kind == MetricKind::Ratio {
        for arm in [control, treatment] {
            if let ArmData::Ratio(r) = &arm.data {
                if r.denominator_mean == 0.0 {
                    return Err(format!(
                        "because the denominator of {} is 0 on average",
                        arm.name
                    ));
                }
            }
        }
    }
    let (a, b) = control.pair_estimates(treatment);
    let effect = effect(&a, &b);
    if effect.se.is_nan() || effect.se <= 0.0 {
        return Err(match kind {
            MetricKind::Conversion => "because both variants have the same all-or-nothing rate (0% or 100%): there is no variation to test".into(),
            _ => "because both variants have zero variance: there is no variation to test".into(),
        });
    }
    let se_for_test = match (&control.data, &treatment.data, test) {
        (
            ArmData::Conversion {
                users: na,
                conversions: xa,
            },
            ArmData::Conversion {
                users: nb,
                conversions: xb,
            },
            ProportionTest::Pooled,
        ) => pooled_se(*xa, *na, *xb, *nb).unwrap_or(effect.se),
        _ => effect.se,
    };
    let statistic = effect.difference / se_for_test;
    let reference = match (method, kind, sequence) {
        (Method::Sequential, _, Some(s)) => Reference::Sequence(s),
        (_, MetricKind::Conversion, _) => Reference::Normal,
        _ => match welch_df(a.unit_var, a.n, b.unit_var, b.n) {
            Some(df) => Reference::T(df),
            None => Reference::Normal,
        },
    };
    let tail = p_value(statistic, reference, alternative, &effect, a.n + b.n);
    Ok(Raw {
        control: a,
        treatment: b,
        effect,
        statistic,
        reference,
        tail,
    })
}

fn p_value(
    statistic: f64,
    reference: Reference,
    alternative: Alternative,
    effect: &Effect,
    n: f64,
) -> Tail {
    if let Reference::Sequence(seq) = reference {
        let toward = match alternative {
            Alternative::Less => -effect.difference,
            _ => effect.difference,
        };
        return seq.p_value(toward, effect.se, n);
    }
    let upper = |s: f64| match reference {
        Reference::T(df) => t_tail(s, df),
        _ => normal_tail(s),
    };
    match alternative {
        Alternative::TwoSided => upper(statistic.abs()).doubled(),
        Alternative::Greater => upper(statistic),
        Alternative::Less => upper(-statistic),
    }
}

/// The half-width of an interval at level 1 − `alpha`, per unit of standard error: computed once
/// per comparison, shared by the difference's and the relative lift's intervals.
pub fn critical_value(
    alpha: f64,
    alternative: Alternative,
    reference: Reference,
    n: f64,
    quantiles: &mut NormalQuantiles,
) -> f64 {
    let tail_alpha = match alternative {
        Alternative::TwoSided => alpha / 2.0,
        Alternative::Greater | Alternative::Less => alpha,
    };
    match reference {
        Reference::Normal => quantiles.upper(tail_alpha),
        Reference::T(df) => t_upper_quantile(tail_alpha, df),
        // The sequence's half-width is proportional to the standard error.
        Reference::Sequence(seq) => seq.half_width(1.0, n, alpha),
    }
}

/// An interval around `estimate` with standard error `se`, `critical` standard errors wide on each
/// side it bounds.
pub fn interval(estimate: f64, se: f64, critical: f64, alternative: Alternative) -> Interval {
    let half = critical * se;
    match alternative {
        Alternative::TwoSided => Interval::new(estimate - half, estimate + half),
        Alternative::Greater => Interval {
            lower: Some(estimate - half),
            upper: None,
        },
        Alternative::Less => Interval {
            lower: None,
            upper: Some(estimate + half),
        },
    }
}

/// A comparison of one variant with the control, as returned to the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Comparison<'a> {
    pub variant: Cow<'a, str>,
    pub control: Cow<'a, str>,
    /// Treatment − control (rate points for conversions, the metric's unit for means).
    pub difference: Option<f64>,
    pub difference_interval: Option<Interval>,
    /// (treatment − control) / |control|.
    pub relative_lift: Option<f64>,
    pub relative_interval: Option<Interval>,
    pub standard_error: Option<f64>,
    /// z, or Welch's t.
    pub statistic: Option<f64>,
    /// Welch–Satterthwaite df (t tests only).
    pub df: Option<f64>,
    pub p_value: Option<f64>,
    /// log10 of the p-value: finite even when the p-value is below the double range (e.g. −412.3).
    pub log10_p_value: Option<f64>,
    /// After the multiple-comparison correction (equal to pValue without one).
    pub adjusted_p_value: Option<f64>,
    /// The confidence level the intervals are drawn at (1 − α, or the corrected level).
    pub interval_level: Option<f64>,
    pub significant: bool,
    pub verdict: Option<Verdict>,
    /// Why the numbers are missing ("because …"), or why the relative lift alone is.
    pub undefined: Option<String>,
}

/// What every comparison of one experiment shares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub alpha: f64,
    pub alternative: Alternative,
    pub higher_is_better: bool,
}

/// Finishes a raw comparison at its (possibly corrected) level.
pub fn finish<'a>(
    variant: &Cow<'a, str>,
    control: &Cow<'a, str>,
    raw: &Raw,
    adjusted: Adjusted,
    settings: Settings,
    quantiles: &mut NormalQuantiles,
) -> Comparison<'a> {
    let Adjusted {
        p_value: adjusted_p,
        level_alpha,
    } = adjusted;
    let Settings {
        alpha,
        alternative,
        higher_is_better,
    } = settings;
    let n = raw.control.n + raw.treatment.n;
    let e = &raw.effect;
    let critical = critical_value(level_alpha, alternative, raw.reference, n, quantiles);
    let difference_interval = interval(e.difference, e.se, critical, alternative);
    let relative_interval = e
        .relative
        .map(|(r, se)| interval(r, se, critical, alternative));
    let p_says = adjusted_p <= alpha;
    let intervals_say = !difference_interval.contains_zero()
        && relative_interval.is_none_or(|i| !i.contains_zero());
    let significant = p_says && intervals_say;
    let improves = (e.difference > 0.0) == higher_is_better;
    let verdict = match (p_says, intervals_say) {
        (true, true) if improves => Verdict::Better,
        (true, true) => Verdict::Worse,
        (false, false) => Verdict::NotSignificant,
        _ => Verdict::Inconclusive,
    };
    Comparison {
        variant: variant.clone(),
        control: control.clone(),
        difference: Some(e.difference),
        difference_interval: Some(difference_interval),
        relative_lift: e.relative.map(|r| r.0),
        relative_interval,
        standard_error: Some(e.se),
        statistic: Some(raw.statistic),
        df: match raw.reference {
            Reference::T(df) => Some(df),
            _ => None,
        },
        p_value: Some(raw.tail.p),
        log10_p_value: Some(raw.tail.log10_p),
        adjusted_p_value: Some(adjusted_p),
        interval_level: Some(1.0 - level_alpha),
        significant,
        verdict: Some(verdict),
        undefined: e
            .relative
            .is_none()
            .then(|| "because the control's mean is 0: the relative lift is undefined".to_string()),
    }
}

/// A comparison that cannot be computed.
pub fn undefined<'a>(
    variant: &Cow<'a, str>,
    control: &Cow<'a, str>,
    why: String,
) -> Comparison<'a> {
    Comparison {
        variant: variant.clone(),
        control: control.clone(),
        verdict: Some(Verdict::Undefined),
        undefined: Some(why),
        ..Comparison::default()
    }
}
