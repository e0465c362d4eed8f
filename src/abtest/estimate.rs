//! From a validated variant to what the comparisons need: per-unit mean and variance.

use std::borrow::Cow;

use super::cuped;
use super::def::{count, finite, non_negative, required, VariantInput};
use super::means::{summarize, Summary};
use super::ratio::{self, RatioSummary};
use crate::error::{Error, Result};

/// The kind of metric, decided by the fields of the first variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MetricKind {
    Conversion,
    Mean,
    Ratio,
    Cuped,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ArmData {
    Conversion {
        users: f64,
        conversions: f64,
    },
    Mean(Summary),
    Ratio(RatioSummary),
    /// CUPED: the metric and the pre-period covariate, and their covariance per unit.
    Cuped {
        post: Summary,
        pre: Summary,
        covariance: f64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arm<'a> {
    /// Borrowed from the definition (owned only for a default name).
    pub name: Cow<'a, str>,
    pub data: ArmData,
}

/// What a comparison needs from one arm: the unit count, the estimate, the unadjusted estimate
/// (the denominator of a relative lift) and the per-unit variance (se² = unit_var / n).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub n: f64,
    pub mean: f64,
    pub unadjusted_mean: f64,
    pub unit_var: f64,
}

impl Estimate {
    pub fn se2(&self) -> f64 {
        self.unit_var / self.n
    }
}

impl Arm<'_> {
    pub fn kind(&self) -> MetricKind {
        match self.data {
            ArmData::Conversion { .. } => MetricKind::Conversion,
            ArmData::Mean(_) => MetricKind::Mean,
            ArmData::Ratio(_) => MetricKind::Ratio,
            ArmData::Cuped { .. } => MetricKind::Cuped,
        }
    }

    /// Users (conversions) or units (means, ratios).
    pub fn n(&self) -> f64 {
        match &self.data {
            ArmData::Conversion { users, .. } => *users,
            ArmData::Mean(s) => s.n,
            ArmData::Ratio(r) => r.n,
            ArmData::Cuped { post, .. } => post.n,
        }
    }

    /// The arm's own estimate without any adjustment (rate, mean or ratio); `None` with no units.
    pub fn point(&self) -> Option<f64> {
        if self.n() == 0.0 {
            return None;
        }
        match &self.data {
            ArmData::Conversion { users, conversions } => Some(conversions / users),
            ArmData::Mean(s) | ArmData::Cuped { post: s, .. } => Some(s.mean),
            ArmData::Ratio(r) => r.ratio(),
        }
    }

    /// The estimate for a comparison of `self` (control) with `other`. For CUPED the adjustment θ is
    /// fitted on the pair, as GrowthBook does.
    pub fn pair_estimates(&self, other: &Arm) -> (Estimate, Estimate) {
        match (&self.data, &other.data) {
            (
                ArmData::Cuped {
                    post: ya,
                    pre: xa,
                    covariance: ca,
                },
                ArmData::Cuped {
                    post: yb,
                    pre: xb,
                    covariance: cb,
                },
            ) => {
                let theta = cuped::theta((ya, xa, *ca), (yb, xb, *cb));
                (
                    cuped::adjusted(ya, xa, *ca, theta),
                    cuped::adjusted(yb, xb, *cb, theta),
                )
            }
            _ => (self.estimate(), other.estimate()),
        }
    }

    fn estimate(&self) -> Estimate {
        let n = self.n();
        let (mean, unit_var) = match &self.data {
            ArmData::Conversion { users, conversions } => {
                let p = if *users > 0.0 {
                    conversions / users
                } else {
                    0.0
                };
                (p, p * (1.0 - p))
            }
            ArmData::Mean(s) => (s.mean, s.var),
            ArmData::Ratio(r) => (r.ratio().unwrap_or(0.0), r.unit_var()),
            ArmData::Cuped { post, .. } => (post.mean, post.var),
        };
        Estimate {
            n,
            mean,
            unadjusted_mean: mean,
            unit_var,
        }
    }
}

/// Reads the variants, all of one metric kind (the first variant's).
pub fn read_arms(variants: &[VariantInput]) -> Result<Vec<Arm<'_>>> {
    let mut arms = Vec::with_capacity(variants.len());
    let mut kind = None;
    for (i, v) in variants.iter().enumerate() {
        let arm = read_arm(v, i).map_err(|e| e.within(&format!("variants[{i}]")))?;
        match kind {
            None => kind = Some(arm.kind()),
            Some(k) if k != arm.kind() => {
                return Err(Error::invalid(
                    format!("variants[{i}]"),
                    format!("is a {:?} metric but variants[0] is a {k:?} metric: all variants need the same fields", arm.kind()),
                ))
            }
            Some(_) => {}
        }
        arms.push(arm);
    }
    Ok(arms)
}

fn read_arm(v: &VariantInput, index: usize) -> Result<Arm<'_>> {
    let name = match &v.name {
        Some(n) if !n.trim().is_empty() => Cow::Borrowed(n.as_str()),
        Some(_) => return Err(Error::invalid("name", "must not be empty")),
        // A, B, C … as the spreadsheets name them.
        None => Cow::Owned(char::from(b'A' + (index % 26) as u8).to_string()),
    };
    let data = if v.users.is_some() || v.conversions.is_some() {
        let users = count(required(v.users, "users")?, "users")?;
        let conversions = count(required(v.conversions, "conversions")?, "conversions")?;
        if conversions > users {
            return Err(Error::invalid(
                "conversions",
                format!("{conversions} conversions is more than the {users} users"),
            ));
        }
        ArmData::Conversion { users, conversions }
    } else if v.numerator_mean.is_some() || v.denominator_mean.is_some() {
        ArmData::Ratio(ratio::read(v)?)
    } else {
        let post = read_summary(v)?;
        if v.pre_mean.is_some() || v.pre_sd.is_some() {
            let pre = Summary {
                n: post.n,
                mean: finite(required(v.pre_mean, "preMean")?, "preMean")?,
                var: non_negative(required(v.pre_sd, "preSd")?, "preSd")?.powi(2),
            };
            let covariance = finite(required(v.covariance, "covariance")?, "covariance")?;
            ArmData::Cuped {
                post,
                pre,
                covariance,
            }
        } else {
            ArmData::Mean(post)
        }
    };
    Ok(Arm { name, data })
}

fn read_summary(v: &VariantInput) -> Result<Summary> {
    if let Some(values) = &v.values {
        if v.n.is_some() || v.mean.is_some() || v.sd.is_some() {
            return Err(Error::invalid(
                "values",
                "give either values or n/mean/sd, not both",
            ));
        }
        for (i, &x) in values.iter().enumerate() {
            finite(x, &format!("values[{i}]"))?;
        }
        return Ok(summarize(values));
    }
    if v.n.is_none() && v.mean.is_none() {
        return Err(Error::invalid(
            "",
            "needs users + conversions, n + mean + sd, values, or numeratorMean + denominatorMean",
        ));
    }
    let n = count(required(v.n, "n")?, "n")?;
    let mean = finite(required(v.mean, "mean")?, "mean")?;
    let sd = non_negative(required(v.sd, "sd")?, "sd")?;
    Ok(Summary {
        n,
        mean,
        var: sd * sd,
    })
}
