//! Ratio metrics (GMV per order, clicks per view): numerator and denominator are both per-unit
//! means, and the ratio's variance comes from the delta method (as GrowthBook's RatioStatistic):
//!
//! Var(M/D) ≈ σ²_M/μ_D² − 2·cov(M,D)·μ_M/μ_D³ + μ_M²·σ²_D/μ_D⁴   (per unit; divide by n).

use super::def::{count, finite, non_negative, required, VariantInput};
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatioSummary {
    pub n: f64,
    pub numerator_mean: f64,
    pub numerator_var: f64,
    pub denominator_mean: f64,
    pub denominator_var: f64,
    pub covariance: f64,
}

impl RatioSummary {
    /// M/D, or `None` when the denominator mean is 0.
    pub fn ratio(&self) -> Option<f64> {
        (self.denominator_mean != 0.0).then(|| self.numerator_mean / self.denominator_mean)
    }

    /// The delta-method per-unit variance of the ratio (0 when undefined: caught by the comparison).
    pub fn unit_var(&self) -> f64 {
        let d = self.denominator_mean;
        if d == 0.0 || self.n < 2.0 {
            return 0.0;
        }
        let m = self.numerator_mean;
        let v = self.numerator_var / (d * d) - 2.0 * self.covariance * m / (d * d * d)
            + m * m * self.denominator_var / (d * d * d * d);
        v.max(0.0)
    }
}

pub fn read(v: &VariantInput) -> Result<RatioSummary> {
    let sd =
        |value, field| -> Result<f64> { Ok(non_negative(required(value, field)?, field)?.powi(2)) };
    Ok(RatioSummary {
        n: count(required(v.n, "n")?, "n")?,
        numerator_mean: finite(
            required(v.numerator_mean, "numeratorMean")?,
            "numeratorMean",
        )?,
        numerator_var: sd(v.numerator_sd, "numeratorSd")?,
        denominator_mean: finite(
            required(v.denominator_mean, "denominatorMean")?,
            "denominatorMean",
        )?,
        denominator_var: sd(v.denominator_sd, "denominatorSd")?,
        covariance: finite(required(v.covariance, "covariance")?, "covariance")?,
    })
}
