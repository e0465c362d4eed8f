//! The effect of a variant against the control: absolute difference and relative lift, each with
//! its standard error.
//!
//! - difference = μ_B − μ_A, se² = se²_A + se²_B (unpooled);
//! - relative lift = (μ_B − μ_A) / |μ_A| — divided by the *magnitude* of the baseline, so a
//!   negative baseline (e.g. a net-refund metric) does not flip the sign of "better"; its variance
//!   by the delta method (GrowthBook's): se²_B/μ_A² + se²_A·μ_B²/μ_A⁴, with the unadjusted means.

use super::estimate::Estimate;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    pub difference: f64,
    pub se: f64,
    /// `None` when the control's mean is 0 (a lift relative to nothing).
    pub relative: Option<(f64, f64)>,
}

pub fn effect(control: &Estimate, treatment: &Estimate) -> Effect {
    let difference = treatment.mean - control.mean;
    let se = (control.se2() + treatment.se2()).sqrt();
    let base = control.unadjusted_mean;
    let relative = (base != 0.0).then(|| {
        let b2 = base * base;
        let mb = treatment.unadjusted_mean;
        let var = treatment.se2() / b2 + control.se2() * mb * mb / (b2 * b2);
        (difference / base.abs(), var.sqrt())
    });
    Effect {
        difference,
        se,
        relative,
    }
}
