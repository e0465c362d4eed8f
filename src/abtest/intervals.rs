//! Intervals for one arm's conversion rate (x conversions out of n users), two-sided at 1 − α.
//!
//! - Wilson (the default): the score interval — good coverage even near 0% and 100%;
//! - Agresti–Coull: "add z²/2 successes and failures", then Wald, clipped to [0, 1];
//! - Clopper–Pearson: the exact binomial interval from Beta quantiles (conservative).
//!
//! Each matches statsmodels' `proportion_confint` (methods 'wilson', 'agresti_coull', 'beta').

use super::def::IntervalMethod;
use super::Interval;
use crate::stats::{beta_quantile, NormalQuantiles};

/// `None` when n = 0 (no users: no rate to bound). `quantiles` remembers z across the arms.
pub fn proportion_interval(
    x: f64,
    n: f64,
    alpha: f64,
    method: IntervalMethod,
    quantiles: &mut NormalQuantiles,
) -> Option<Interval> {
    if n <= 0.0 {
        return None;
    }
    let z = quantiles.upper(alpha / 2.0);
    let z2 = z * z;
    Some(match method {
        IntervalMethod::Wilson => {
            let denominator = n + z2;
            let center = (x + z2 / 2.0) / denominator;
            let half = z / denominator * (x * (n - x) / n + z2 / 4.0).sqrt();
            Interval::new((center - half).max(0.0), (center + half).min(1.0))
        }
        IntervalMethod::AgrestiCoull => {
            let n_tilde = n + z2;
            let p_tilde = (x + z2 / 2.0) / n_tilde;
            let half = z * (p_tilde * (1.0 - p_tilde) / n_tilde).sqrt();
            Interval::new((p_tilde - half).max(0.0), (p_tilde + half).min(1.0))
        }
        IntervalMethod::ClopperPearson => {
            let lower = if x == 0.0 {
                0.0
            } else {
                beta_quantile(alpha / 2.0, x, n - x + 1.0)
            };
            let upper = if x == n {
                1.0
            } else {
                beta_quantile(1.0 - alpha / 2.0, x + 1.0, n - x)
            };
            Interval::new(lower, upper)
        }
    })
}
