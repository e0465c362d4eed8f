//! Planning: how many users an experiment needs (`sample_size`), how likely it is to detect an
//! effect (`power`), the smallest effect it can detect (`mde`), and how many days that takes.
//!
//! With p₁ the baseline rate, p₂ = p₁ + δ, k = n_treatment / n_control, z_α the critical value
//! (α split by Bonferroni across the variants − 1 comparisons when there are more than two arms)
//! and z_β = Φ⁻¹(power), the formulas (each named in the result) are:
//! - `pooled` — the normal approximation of Evan Miller's calculator, the variance under H0 taken at
//!   the baseline: n₁ = (z_α·sqrt(p₁q₁(1 + 1/k)) + z_β·sqrt(p₁q₁ + p₂q₂/k))² / δ²;
//! - `unpooled` — both terms at the alternative's variances: n₁ = (z_α + z_β)²(p₁q₁ + p₂q₂/k) / δ²;
//! - `cohens-h` — statsmodels' `NormalIndPower` with Cohen's h = 2·asin√p₂ − 2·asin√p₁ (its power
//!   counts both rejection tails, so n₁ is solved numerically, like `solve_power`);
//! - `normal` (means) — `NormalIndPower` with Cohen's d = δ/σ.

use serde::{Deserialize, Serialize};

use super::def::open_unit;
use crate::error::{Error, Result};
use crate::stats::{normal_cdf, normal_sf, normal_upper_quantile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum PlanMetric {
    #[default]
    Conversion,
    Mean,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Formula {
    #[default]
    Pooled,
    Unpooled,
    CohensH,
    /// Means: the normal approximation with Cohen's d (chosen automatically for means).
    Normal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Sides {
    #[default]
    TwoSided,
    OneSided,
}

fn d_alpha() -> f64 {
    0.05
}
fn d_power() -> f64 {
    0.8
}
fn d_ratio() -> f64 {
    1.0
}
fn d_variants() -> u32 {
    2
}

/// What `sampleSize`, `power` and `mde` read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanInput {
    #[serde(default)]
    pub metric: PlanMetric,
    /// Conversion: the control's rate (0–1). Mean: the control's mean.
    pub baseline: f64,
    /// Means: the standard deviation per user.
    pub sd: Option<f64>,
    /// The effect to detect: absolute (rate points / metric units), or relative with `relativeMde`.
    pub mde: Option<f64>,
    #[serde(default)]
    pub relative_mde: bool,
    #[serde(default = "d_alpha")]
    pub alpha: f64,
    #[serde(default = "d_power")]
    pub power: f64,
    #[serde(default)]
    pub alternative: Sides,
    /// Users in each treatment per user in the control.
    #[serde(default = "d_ratio")]
    pub ratio: f64,
    /// Arms including the control.
    #[serde(default = "d_variants")]
    pub variants: u32,
    pub formula: Option<Formula>,
    /// `power` and `mde`: users in the control arm.
    pub users_per_arm: Option<f64>,
    /// Users entering the experiment per day (all arms together), for the duration.
    pub daily_traffic: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub formula: Formula,
    /// The formula in words, e.g. "pooled normal approximation (Evan Miller's calculator)".
    pub formula_name: &'static str,
    pub metric: PlanMetric,
    pub baseline: f64,
    /// Baseline + effect.
    pub target: f64,
    /// Absolute effect.
    pub effect: f64,
    /// Effect / |baseline| (null when the baseline is 0).
    pub relative_effect: Option<f64>,
    /// Cohen's h or d, for the formulas that use one.
    pub effect_size: Option<f64>,
    pub alpha: f64,
    /// α per comparison (Bonferroni across variants − 1 comparisons).
    pub alpha_per_comparison: f64,
    pub power: f64,
    pub alternative: Sides,
    pub ratio: f64,
    pub variants: u32,
    /// Users per arm before rounding: the control first, then each treatment.
    pub users_per_arm_exact: Vec<f64>,
    /// Rounded up.
    pub users_per_arm: Vec<f64>,
    pub total_users: f64,
    pub daily_traffic: Option<f64>,
    /// Days to reach the total at the daily traffic.
    pub days: Option<f64>,
}

/// Validated settings with the effect resolved to an absolute δ.
struct Setting {
    formula: Formula,
    baseline: f64,
    sd: f64,
    alpha_each: f64,
    one_sided: bool,
    ratio: f64,
}

impl Setting {
    fn z_alpha(&self) -> f64 {
        normal_upper_quantile(if self.one_sided {
            self.alpha_each
        } else {
            self.alpha_each / 2.0
        })
    }

    /// Cohen's h / d of an absolute effect.
    fn effect_size(&self, delta: f64) -> Option<f64> {
        let p1 = self.baseline;
        match self.formula {
            Formula::CohensH => Some(2.0 * (p1 + delta).sqrt().asin() - 2.0 * p1.sqrt().asin()),
            Formula::Normal => Some(delta / self.sd),
            _ => None,
        }
    }

    /// Power for `n1` control users and effect δ.
    fn power(&self, n1: f64, delta: f64) -> f64 {
        let k = self.ratio;
        let z_alpha = self.z_alpha();
        match self.formula {
            Formula::Pooled | Formula::Unpooled => {
                let (p1, p2) = (self.baseline, self.baseline + delta);
                let alt = (p1 * (1.0 - p1) + p2 * (1.0 - p2) / k).sqrt();
                let null = if self.formula == Formula::Pooled {
                    (p1 * (1.0 - p1) * (1.0 + 1.0 / k)).sqrt()
                } else {
                    alt
                };
                normal_cdf((delta.abs() * n1.sqrt() - z_alpha * null) / alt)
            }
            Formula::CohensH | Formula::Normal => {
                // statsmodels' normal_power with nobs = 1/(1/n1 + 1/n2).
                let d = self.effect_size(delta).unwrap_or(0.0).abs();
                let nobs = 1.0 / (1.0 / n1 + 1.0 / (n1 * k));
                let shift = d * nobs.sqrt();
                let upper = normal_sf(z_alpha - shift);
                if self.one_sided {
                    upper
                } else {
                    upper + normal_cdf(-z_alpha - shift)
                }
            }
        }
    }

    /// Control users needed for effect δ at `power`.
    fn users(&self, delta: f64, power: f64) -> f64 {
        let k = self.ratio;
        let (z_alpha, z_beta) = (self.z_alpha(), normal_upper_quantile(1.0 - power));
        match self.formula {
            Formula::Pooled | Formula::Unpooled => {
                let (p1, p2) = (self.baseline, self.baseline + delta);
                let alt = (p1 * (1.0 - p1) + p2 * (1.0 - p2) / k).sqrt();
                let null = if self.formula == Formula::Pooled {
                    (p1 * (1.0 - p1) * (1.0 + 1.0 / k)).sqrt()
                } else {
                    alt
                };
                (z_alpha * null + z_beta * alt).powi(2) / (delta * delta)
            }
            Formula::CohensH | Formula::Normal => {
                let d = self.effect_size(delta).unwrap_or(0.0);
                let start = ((z_alpha + z_beta) / d).powi(2) * (1.0 + 1.0 / k);
                // The far tail adds a little power: solve power(n) = target like solve_power does.
                bisect(|n| self.power(n, delta) - power, start * 0.5, start * 1.5)
            }
        }
    }
}

/// The root of an increasing function on [lo, hi] to full double precision.
fn bisect(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

fn formula_name(f: Formula) -> &'static str {
    match f {
        Formula::Pooled => "pooled normal approximation (Evan Miller's calculator)",
        Formula::Unpooled => "unpooled normal approximation",
        Formula::CohensH => "Cohen's h with the normal power of statsmodels' NormalIndPower",
        Formula::Normal => "normal approximation with Cohen's d (statsmodels' NormalIndPower)",
    }
}

fn setting(input: &PlanInput) -> Result<Setting> {
    let alpha = open_unit(input.alpha, "alpha")?;
    if input.variants < 2 {
        return Err(Error::invalid(
            "variants",
            "needs at least 2 arms (a control and a treatment)",
        ));
    }
    if !(input.ratio.is_finite() && input.ratio > 0.0) {
        return Err(Error::out_of_range(
            "ratio",
            "must be a positive number of treatment users per control user",
        ));
    }
    let formula = match (input.metric, input.formula) {
        (PlanMetric::Mean, None | Some(Formula::Normal)) => Formula::Normal,
        (PlanMetric::Mean, Some(_)) => {
            return Err(Error::invalid("formula", "means use the 'normal' formula"))
        }
        (PlanMetric::Conversion, Some(Formula::Normal)) => {
            return Err(Error::invalid(
                "formula",
                "conversions use 'pooled', 'unpooled' or 'cohens-h'",
            ))
        }
        (PlanMetric::Conversion, f) => f.unwrap_or_default(),
    };
    let sd = match input.metric {
        PlanMetric::Conversion => {
            open_unit(input.baseline, "baseline")?;
            0.0
        }
        PlanMetric::Mean => {
            super::def::finite(input.baseline, "baseline")?;
            let sd = input
                .sd
                .ok_or_else(|| Error::invalid("sd", "is required for means"))?;
            if !(sd.is_finite() && sd > 0.0) {
                return Err(Error::out_of_range("sd", "must be positive"));
            }
            sd
        }
    };
    let comparisons = f64::from(input.variants - 1);
    Ok(Setting {
        formula,
        baseline: input.baseline,
        sd,
        alpha_each: alpha / comparisons,
        one_sided: input.alternative == Sides::OneSided,
        ratio: input.ratio,
    })
}

/// The absolute effect from `mde` (relative or absolute), checked against the metric's range.
fn absolute_effect(input: &PlanInput, s: &Setting) -> Result<f64> {
    let mde = input
        .mde
        .ok_or_else(|| Error::invalid("mde", "is required"))?;
    if !(mde.is_finite() && mde != 0.0) {
        return Err(Error::out_of_range("mde", "must be a non-zero number"));
    }
    let delta = if input.relative_mde {
        mde * s.baseline.abs()
    } else {
        mde
    };
    if input.metric == PlanMetric::Conversion {
        let target = s.baseline + delta;
        if !(target > 0.0 && target < 1.0) {
            return Err(Error::out_of_range(
                "mde",
                format!("moves the rate to {target}, outside (0, 1)"),
            ));
        }
    }
    if delta == 0.0 {
        return Err(Error::out_of_range(
            "mde",
            "is zero relative to a zero baseline",
        ));
    }
    Ok(delta)
}

fn daily(input: &PlanInput) -> Result<Option<f64>> {
    match input.daily_traffic {
        None => Ok(None),
        Some(t) if t.is_finite() && t > 0.0 => Ok(Some(t)),
        Some(_) => Err(Error::out_of_range(
            "dailyTraffic",
            "must be a positive number of users per day",
        )),
    }
}

fn plan(input: &PlanInput, s: &Setting, n1: f64, delta: f64, power: f64) -> Result<Plan> {
    let exact: Vec<f64> = std::iter::once(n1)
        .chain((1..input.variants).map(|_| n1 * s.ratio))
        .collect();
    let rounded: Vec<f64> = exact.iter().map(|n| n.ceil()).collect();
    let total: f64 = rounded.iter().sum();
    let daily_traffic = daily(input)?;
    Ok(Plan {
        formula: s.formula,
        formula_name: formula_name(s.formula),
        metric: input.metric,
        baseline: s.baseline,
        target: s.baseline + delta,
        effect: delta,
        relative_effect: (s.baseline != 0.0).then(|| delta / s.baseline.abs()),
        effect_size: s.effect_size(delta),
        alpha: input.alpha,
        alpha_per_comparison: s.alpha_each,
        power,
        alternative: input.alternative,
        ratio: s.ratio,
        variants: input.variants,
        users_per_arm_exact: exact,
        users_per_arm: rounded,
        total_users: total,
        daily_traffic,
        days: daily_traffic.map(|t| (total / t).ceil()),
    })
}

/// Users needed per arm (and days, given daily traffic) to detect `mde` with `power`.
pub fn sample_size(input: &PlanInput) -> Result<Plan> {
    let s = setting(input)?;
    let power = open_unit(input.power, "power")?;
    let delta = absolute_effect(input, &s)?;
    let n1 = s.users(delta, power);
    plan(input, &s, n1, delta, power)
}

fn users_given(input: &PlanInput) -> Result<f64> {
    match input.users_per_arm {
        Some(n) if n.is_finite() && n >= 2.0 => Ok(n),
        Some(_) => Err(Error::out_of_range("usersPerArm", "must be at least 2")),
        None => Err(Error::invalid("usersPerArm", "is required")),
    }
}

/// The power to detect `mde` with `usersPerArm` control users.
pub fn power(input: &PlanInput) -> Result<Plan> {
    let s = setting(input)?;
    let delta = absolute_effect(input, &s)?;
    let n1 = users_given(input)?;
    let power = s.power(n1, delta);
    plan(input, &s, n1, delta, power)
}

/// The smallest effect (an increase) detectable with `usersPerArm` control users at `power`.
pub fn mde(input: &PlanInput) -> Result<Plan> {
    let s = setting(input)?;
    let power = open_unit(input.power, "power")?;
    let n1 = users_given(input)?;
    let upper = match input.metric {
        PlanMetric::Conversion => 1.0 - s.baseline - 1e-12,
        PlanMetric::Mean => 100.0 * s.sd,
    };
    if s.power(n1, upper) < power {
        return Err(Error::out_of_range(
            "usersPerArm",
            "is too small to reach that power for any effect",
        ));
    }
    let delta = bisect(|d| s.power(n1, d) - power, 0.0, upper);
    plan(input, &s, n1, delta, power)
}
