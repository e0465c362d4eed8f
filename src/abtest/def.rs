//! The experiment definition `abTest` receives, and its validation.
//!
//! Counts arrive from JavaScript as numbers, so they are checked here: finite, non-negative,
//! whole, and consistent (conversions ≤ users). Every error names the field at fault, e.g.
//! `variants[1].conversions`.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Which direction of difference (treatment − control) the test looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
pub enum Alternative {
    #[default]
    #[serde(rename = "two-sided")]
    TwoSided,
    /// Treatment > control.
    #[serde(rename = "greater")]
    Greater,
    /// Treatment < control.
    #[serde(rename = "less")]
    Less,
}

/// The standard error of the z statistic for two proportions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum ProportionTest {
    /// Each arm's own variance (the Wald statistic): the p-value is exactly dual to the interval.
    #[default]
    Unpooled,
    /// Both arms' rate pooled under H0 (the classic z-test; equals Pearson's χ² for 2×2 tables).
    Pooled,
}

/// The interval printed beside each arm's conversion rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum IntervalMethod {
    #[default]
    Wilson,
    AgrestiCoull,
    ClopperPearson,
}

/// Multiple-comparison correction across the variants compared with the control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Correction {
    #[default]
    None,
    Bonferroni,
    Sidak,
    Holm,
    /// Benjamini–Hochberg false discovery rate.
    #[serde(rename = "bh")]
    BenjaminiHochberg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Method {
    #[default]
    Frequentist,
    Bayesian,
    Sequential,
}

/// A Gaussian prior on the effect (GrowthBook's engine): `proper: false` is the flat prior.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GaussianPrior {
    pub mean: f64,
    pub variance: f64,
    #[serde(default)]
    pub proper: bool,
}

impl Default for GaussianPrior {
    fn default() -> Self {
        GaussianPrior {
            mean: 0.0,
            variance: 1.0,
            proper: false,
        }
    }
}

/// One arm. Which fields are present decides the metric: `users` + `conversions` (conversion),
/// `n` + `mean` + `sd` or `values` (a mean, e.g. revenue per user in 分), `n` + `numeratorMean` …
/// (a ratio metric), and `preMean` … added to a mean for CUPED.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VariantInput {
    pub name: Option<String>,
    pub users: Option<f64>,
    pub conversions: Option<f64>,
    pub n: Option<f64>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub values: Option<Vec<f64>>,
    pub numerator_mean: Option<f64>,
    pub numerator_sd: Option<f64>,
    pub denominator_mean: Option<f64>,
    pub denominator_sd: Option<f64>,
    /// Ratio metrics: cov(numerator, denominator) per unit. CUPED: cov(metric, pre-period covariate).
    pub covariance: Option<f64>,
    pub pre_mean: Option<f64>,
    pub pre_sd: Option<f64>,
}

fn default_alpha() -> f64 {
    0.05
}
fn default_srm_threshold() -> f64 {
    0.001
}
fn default_true() -> bool {
    true
}
fn default_tuning() -> f64 {
    5000.0
}

/// The whole experiment: the first variant is the control.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TestDef {
    pub variants: Vec<VariantInput>,
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    #[serde(default)]
    pub alternative: Alternative,
    #[serde(default)]
    pub method: Method,
    #[serde(default)]
    pub test: ProportionTest,
    #[serde(default)]
    pub interval: IntervalMethod,
    #[serde(default)]
    pub correction: Correction,
    /// False for metrics where lower is better (refund rate, latency): "better" flips.
    #[serde(default = "default_true")]
    pub higher_is_better: bool,
    /// Planned traffic weights (any positive scale); equal when absent.
    pub weights: Option<Vec<f64>>,
    #[serde(default = "default_srm_threshold")]
    pub srm_threshold: f64,
    /// Bayesian, conversions: Beta(priorAlpha, priorBeta) on each rate (default 1, 1 — uniform).
    pub beta_prior: Option<[f64; 2]>,
    /// Bayesian, means / ratios / CUPED: prior on the absolute effect.
    pub prior: Option<GaussianPrior>,
    /// Sequential: GrowthBook's tuning parameter N*, the total sample size at which the confidence
    /// sequence is tightest (default 5000).
    #[serde(default = "default_tuning")]
    pub sequential_tuning: f64,
}

impl TestDef {
    /// A definition with the defaults and these variants.
    pub fn new(variants: Vec<VariantInput>) -> TestDef {
        TestDef {
            variants,
            alpha: default_alpha(),
            alternative: Alternative::TwoSided,
            method: Method::Frequentist,
            test: ProportionTest::Unpooled,
            interval: IntervalMethod::Wilson,
            correction: Correction::None,
            higher_is_better: true,
            weights: None,
            srm_threshold: default_srm_threshold(),
            beta_prior: None,
            prior: None,
            sequential_tuning: default_tuning(),
        }
    }
}

/// Largest count accepted: every integer up to 2^53 is exact in a JS number and an f64.
pub const MAX_COUNT: f64 = 9_007_199_254_740_992.0;

/// A finite number.
pub fn finite(value: f64, field: &str) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::invalid(
            field,
            format!("must be a finite number, got {value}"),
        ))
    }
}

/// A whole, non-negative count.
pub fn count(value: f64, field: &str) -> Result<f64> {
    let value = finite(value, field)?;
    if value < 0.0 {
        return Err(Error::invalid(
            field,
            format!("must not be negative, got {value}"),
        ));
    }
    if value.fract() != 0.0 {
        return Err(Error::invalid(
            field,
            format!("must be a whole number (a count), got {value}"),
        ));
    }
    if value > MAX_COUNT {
        return Err(Error::out_of_range(
            field,
            "is larger than 2^53, the largest exact count",
        ));
    }
    Ok(value)
}

/// A finite number ≥ 0 (standard deviations, variances).
pub fn non_negative(value: f64, field: &str) -> Result<f64> {
    let value = finite(value, field)?;
    if value < 0.0 {
        return Err(Error::invalid(
            field,
            format!("must not be negative, got {value}"),
        ));
    }
    Ok(value)
}

/// A probability strictly between 0 and 1 (alpha, power, thresholds).
pub fn open_unit(value: f64, field: &str) -> Result<f64> {
    if value.is_finite() && value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(Error::out_of_range(
            field,
            format!("must be between 0 and 1 (exclusive), got {value}"),
        ))
    }
}

/// A required field of a variant.
pub fn required(value: Option<f64>, field: &str) -> Result<f64> {
    value.ok_or_else(|| Error::invalid(field, "is required"))
}

/// Planned weights: one per variant, each > 0 and finite. Returned as shares summing to 1.
pub fn planned_shares(weights: Option<&[f64]>, variants: usize) -> Result<Vec<f64>> {
    let Some(weights) = weights else {
        return Ok(vec![1.0 / variants as f64; variants]);
    };
    if weights.len() != variants {
        return Err(Error::invalid(
            "weights",
            format!("has {} entries for {variants} variants", weights.len()),
        ));
    }
    for (i, &w) in weights.iter().enumerate() {
        let field = format!("weights[{i}]");
        finite(w, &field)?;
        if w <= 0.0 {
            return Err(Error::invalid(
                field,
                format!("must be positive, got {w}: every variant needs traffic"),
            ));
        }
    }
    let total: f64 = weights.iter().sum();
    if !(total.is_finite() && total > 0.0) {
        return Err(Error::invalid(
            "weights",
            "must sum to a positive, finite number",
        ));
    }
    Ok(weights.iter().map(|w| w / total).collect())
}

/// Checks the settings shared by every method.
pub fn validate_settings(def: &TestDef) -> Result<()> {
    if def.variants.len() < 2 {
        return Err(Error::invalid(
            "variants",
            format!(
                "needs at least 2 variants (a control and a treatment), got {}",
                def.variants.len()
            ),
        ));
    }
    open_unit(def.alpha, "alpha")?;
    open_unit(def.srm_threshold, "srmThreshold")?;
    if !(def.sequential_tuning.is_finite() && def.sequential_tuning > 0.0) {
        return Err(Error::out_of_range(
            "sequentialTuning",
            "must be a positive number of units",
        ));
    }
    if let Some([a, b]) = def.beta_prior {
        for (value, field) in [(a, "betaPrior[0]"), (b, "betaPrior[1]")] {
            if !(value.is_finite() && value > 0.0) {
                return Err(Error::out_of_range(
                    field,
                    "Beta prior parameters must be positive",
                ));
            }
        }
    }
    if let Some(prior) = def.prior {
        finite(prior.mean, "prior.mean")?;
        if !(prior.variance.is_finite() && prior.variance > 0.0) {
            return Err(Error::out_of_range("prior.variance", "must be positive"));
        }
    }
    Ok(())
}
