//! Distribution functions for the A/B statistics: thin wrappers over statrs.
//!
//! Two rules shape this module:
//! - every tail probability is computed as a *complementary* tail (`sf`, from `erfc`, the
//!   regularized incomplete beta or gamma functions), never as `1 - cdf`, so a p-value of 1e-300
//!   is as exact as one of 0.3;
//! - below the double range (p < 1e-300 or so) the p-value underflows to 0, so each tail also has a
//!   `log10_*` form evaluated in log space (an asymptotic series for the normal tail, the continued
//!   fractions of the incomplete beta and gamma functions for the t and χ² tails), which stays finite
//!   for any finite statistic.
//!
//! The functions take already-validated arguments (finite, df > 0); they never panic — statrs's
//! `checked_*` functions are used and an impossible argument yields a neutral answer.
//!
//! One exception to "statrs only": for large parameters (Beta posteriors of millions of users,
//! t with millions of df) [`incomplete_beta`] evaluates I_x(a, b) itself, because statrs caps its
//! continued fraction at 140 terms and its answers there are wrong by up to 100%.

use statrs::function::beta::{inv_beta_reg, ln_beta};
use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::{checked_gamma_ur, ln_gamma};

pub mod incomplete_beta;
pub mod log_tails;

use incomplete_beta::regularized as beta_reg;

pub use log_tails::{log10_chi2_sf, log10_normal_sf, log10_t_sf};

const LN_10: f64 = std::f64::consts::LN_10;

/// P(Z > z) for a standard normal Z, from `erfc` (exact far into the upper tail).
pub fn normal_sf(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

/// P(Z ≤ z).
pub fn normal_cdf(z: f64) -> f64 {
    normal_sf(-z)
}

/// The z with P(Z > z) = `upper` (e.g. 1.959963984540054 for 0.025), for 0 < upper < 1.
/// From `erfc_inv`, so small tail areas keep their precision.
pub fn normal_upper_quantile(upper: f64) -> f64 {
    if upper <= 0.0 {
        return f64::INFINITY;
    }
    if upper >= 1.0 {
        return f64::NEG_INFINITY;
    }
    std::f64::consts::SQRT_2 * erfc_inv(2.0 * upper)
}

/// Normal upper quantiles remembered within one analysis. One experiment draws its intervals at a
/// handful of levels (1 − α for every arm, one corrected level per rank of a correction), each an
/// `erfc_inv`; this computes each level once. Start a fresh one per analysis: it never evicts, it
/// stops remembering once full.
#[derive(Debug, Default)]
pub struct NormalQuantiles {
    known: [(f64, f64); 8],
    len: usize,
}

impl NormalQuantiles {
    /// [`normal_upper_quantile`]`(upper)`, computed at most once per distinct `upper`.
    pub fn upper(&mut self, upper: f64) -> f64 {
        let known = self.known.get(..self.len).unwrap_or_default();
        if let Some(&(_, z)) = known.iter().find(|(u, _)| *u == upper) {
            return z;
        }
        let z = normal_upper_quantile(upper);
        if let Some(slot) = self.known.get_mut(self.len) {
            *slot = (upper, z);
            self.len += 1;
        }
        z
    }
}

/// Standard normal density.
pub fn normal_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// P(T > t) for Student's t with `df` degrees of freedom (df may be +∞: the normal tail).
pub fn t_sf(t: f64, df: f64) -> f64 {
    if df.is_infinite() {
        return normal_sf(t);
    }
    // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); the half of it on the side of t is the tail.
    let h = df / (df + t * t);
    let two_tailed = beta_reg(df / 2.0, 0.5, h);
    if t >= 0.0 {
        0.5 * two_tailed
    } else {
        1.0 - 0.5 * two_tailed
    }
}

/// The t with P(T > t) = `upper`, for 0 < upper ≤ 0.5 (the quantiles intervals use).
pub fn t_upper_quantile(upper: f64, df: f64) -> f64 {
    if df.is_infinite() {
        return normal_upper_quantile(upper);
    }
    if upper <= 0.0 {
        return f64::INFINITY;
    }
    if upper >= 0.5 {
        return 0.0;
    }
    // Invert I_h(df/2, 1/2) = 2·upper for h, then t = sqrt(df (1 − h) / h).
    let h = inv_beta_reg(df / 2.0, 0.5, 2.0 * upper);
    let mut t = (df * (1.0 - h) / h).sqrt();
    // statrs's inverse loses digits for large df (1e-4 at df = 1e6); a few Newton steps on the
    // accurate tail restore them.
    for _ in 0..4 {
        let step = (t_sf(t, df) - upper) / t_pdf(t, df);
        if !step.is_finite() {
            break;
        }
        t += step;
    }
    t
}

/// Student's t density.
fn t_pdf(t: f64, df: f64) -> f64 {
    let ln = ln_gamma((df + 1.0) / 2.0)
        - ln_gamma(df / 2.0)
        - 0.5 * (df * std::f64::consts::PI).ln()
        - (df + 1.0) / 2.0 * (t * t / df).ln_1p();
    ln.exp()
}

/// P(X > x) for a χ² variable with `df` degrees of freedom: the regularized upper gamma Q(df/2, x/2).
pub fn chi2_sf(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    chi2_sf_even_df(x, df).unwrap_or_else(|| checked_gamma_ur(df / 2.0, x / 2.0).unwrap_or(0.0))
}

/// Largest half-df summed in closed form by [`chi2_sf_even_df`].
const MAX_CLOSED_FORM_TERMS: f64 = 64.0;

/// The χ² tail for an even df (every omnibus and SRM test of an odd number of arms) in closed form:
/// Q(k, y) = e^−y · Σ_{j<k} y^j / j! for a whole k = df/2 (the Poisson tail) — k positive terms, so
/// accurate to a few ulps, where statrs's general incomplete gamma costs a series or a continued
/// fraction with a log-gamma. `None` for other df, for very many terms, or when e^−y would leave
/// the normal double range (the general path and the log-space tail take those).
fn chi2_sf_even_df(x: f64, df: f64) -> Option<f64> {
    let (k, y) = (df / 2.0, x / 2.0);
    if k.fract() != 0.0 || !(1.0..=MAX_CLOSED_FORM_TERMS).contains(&k) || y > 600.0 {
        return None;
    }
    let (mut term, mut sum) = (1.0, 1.0);
    for j in 1..k as u32 {
        term *= y / f64::from(j);
        sum += term;
    }
    Some((-y).exp() * sum)
}

/// P(X ≤ x) for X ~ Beta(a, b).
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    beta_reg(a, b, x)
}

/// The x with P(X ≤ x) = p for X ~ Beta(a, b), 0 ≤ p ≤ 1.
pub fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    inv_beta_reg(a, b, p)
}

/// ln B(a, b).
pub fn ln_beta_fn(a: f64, b: f64) -> f64 {
    ln_beta(a, b)
}

/// ln Γ(x).
pub fn ln_gamma_fn(x: f64) -> f64 {
    ln_gamma(x)
}

/// log10 of a probability that did not underflow; callers switch to the log-space forms below it.
fn log10_of(p: f64) -> f64 {
    p.ln() / LN_10
}

/// Below this a tail is recomputed in log space: the double result has lost digits to subnormals.
const SMALLEST_EXACT_TAIL: f64 = 1e-290;

/// A tail probability with its log10: the p-value itself (0 when below the double range) and a
/// log10 that stays finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tail {
    pub p: f64,
    pub log10_p: f64,
}

impl Tail {
    fn from(p: f64, log10_in_log_space: impl FnOnce() -> f64) -> Tail {
        if p >= SMALLEST_EXACT_TAIL {
            Tail {
                p,
                log10_p: log10_of(p),
            }
        } else {
            let log10_p = log10_in_log_space();
            Tail {
                p: 10f64.powf(log10_p),
                log10_p,
            }
        }
    }

    /// Two tails of a symmetric statistic: 2·P(|T| > |t|), capped at 1.
    pub fn doubled(self) -> Tail {
        if self.p >= 0.5 {
            return Tail {
                p: 1.0,
                log10_p: 0.0,
            };
        }
        Tail {
            p: 2.0 * self.p,
            log10_p: self.log10_p + std::f64::consts::LOG10_2,
        }
    }

    pub const ONE: Tail = Tail {
        p: 1.0,
        log10_p: 0.0,
    };
}

/// P(Z > z) with its log10.
pub fn normal_tail(z: f64) -> Tail {
    Tail::from(normal_sf(z), || log10_normal_sf(z))
}

/// P(T > t) with its log10.
pub fn t_tail(t: f64, df: f64) -> Tail {
    if df.is_infinite() {
        return normal_tail(t);
    }
    Tail::from(t_sf(t, df), || log10_t_sf(t, df))
}

/// P(X > x) for χ²(df) with its log10.
pub fn chi2_tail(x: f64, df: f64) -> Tail {
    Tail::from(chi2_sf(x, df), || log10_chi2_sf(x, df))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The closed form for even df against statrs's general incomplete gamma, from the body of the
    // distribution far into the tail.
    #[test]
    fn even_df_closed_form_agrees_with_the_incomplete_gamma() {
        for df in [2.0, 4.0, 10.0, 40.0, 128.0] {
            for x in [0.01, 0.5, 3.0, 9.49, 30.0, 200.0, 1100.0] {
                let closed = chi2_sf_even_df(x, df).unwrap_or(f64::NAN);
                let general = checked_gamma_ur(df / 2.0, x / 2.0).unwrap_or(f64::NAN);
                if x / 2.0 > 600.0 {
                    assert!(closed.is_nan(), "x={x} df={df}: left to the general path");
                    continue;
                }
                assert!(
                    (closed - general).abs() <= 1e-12 * general,
                    "x={x} df={df}: {closed} vs {general}"
                );
            }
        }
        assert_eq!(chi2_sf_even_df(3.0, 3.0), None);
        assert_eq!(chi2_sf_even_df(3.0, 130.0), None);
    }
}
