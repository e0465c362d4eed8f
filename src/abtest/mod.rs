//! A/B experiments: the statistics an operations team reads an experiment with.
//!
//! - [`test`]: `ab_test`, the one entry point — validates the definition, builds one estimate per
//!   arm ([`estimate`]), compares each variant with the control (frequentist [`compare`], Bayesian
//!   [`bayes`] or always-valid [`sequential`]), adjusts for multiple comparisons ([`multiple`]) and
//!   checks the traffic split ([`srm`]);
//! - [`proportions`] (pooled z statistic, χ² omnibus), [`means`] (summary statistics from raw
//!   values, Welch–Satterthwaite df), [`ratio`] and [`cuped`] (per-arm estimates by the delta
//!   method and by regression adjustment), [`intervals`] (per-arm Wilson / Agresti–Coull /
//!   Clopper–Pearson), [`lift`] (absolute and relative differences with delta-method variances);
//! - [`planning`] (sample size, power, MDE, duration) and [`assign`] (GrowthBook-compatible
//!   deterministic bucketing).
//!
//! Results that cannot be computed (no users, no variance) are reported as `undefined: "because …"`
//! with the numbers left `None`, never NaN.

pub mod assign;
pub mod bayes;
pub mod compare;
pub mod cuped;
pub mod def;
pub mod estimate;
pub mod from_log;
pub mod intervals;
pub mod lift;
pub mod means;
pub mod multiple;
pub mod planning;
pub mod proportions;
pub mod ratio;
pub mod sequential;
pub mod srm;
pub mod test;

pub use def::{
    Alternative, Correction, IntervalMethod, Method, ProportionTest, TestDef, VariantInput,
};
pub use test::{ab_test, AbTestResult};

use serde::Serialize;

/// A confidence (or credible) interval; `None` marks an unbounded side of a one-sided interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Interval {
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

impl Interval {
    pub fn new(lower: f64, upper: f64) -> Interval {
        Interval {
            lower: Some(lower),
            upper: Some(upper),
        }
    }

    /// True when zero lies inside (or on the edge of) the interval.
    pub fn contains_zero(&self) -> bool {
        self.lower.is_none_or(|l| l <= 0.0) && self.upper.is_none_or(|u| u >= 0.0)
    }
}
