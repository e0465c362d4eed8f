//! Always-valid inference: GrowthBook's asymptotic confidence sequences (Waudby-Smith et al. 2023,
//! arXiv:2103.06476, eq. 9 and 155), valid however often the results are looked at.
//!
//! With N the total units of both arms, s² = se²·N the per-unit variance of the effect and the
//! tuning parameter N* (the total sample size at which the sequence is tightest; default 5000):
//!
//!   ρ² = (−2 ln α + ln(−2 ln α + 1)) / N*                  (α doubled for a one-sided sequence)
//!   half-width = s · sqrt( 2(Nρ² + 1) / (N²ρ²) · ln( sqrt(Nρ² + 1) / α ) )          two-sided
//!   half-width = s · sqrt( 2(Nρ² + 1) / (N²ρ²) · ln( 1 + sqrt(Nρ² + 1) / (2α) ) )   one-sided
//!
//! The always-valid p-value is the α at which the sequence touches zero, with ρ fixed at the
//! configured α — so "p ≤ α" and "the interval excludes 0" are the same statement:
//! p = sqrt(Nρ² + 1)·exp(−ρ²·N·d²/s² / (2(Nρ² + 1))) two-sided (GrowthBook's e-value form), and the
//! closed-form inverse of the one-sided half-width for one-sided tests.

use crate::stats::Tail;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sequence {
    pub rho: f64,
    pub one_sided: bool,
}

impl Sequence {
    pub fn new(alpha: f64, tuning: f64, one_sided: bool) -> Sequence {
        let a = if one_sided { 2.0 * alpha } else { alpha };
        let rho = ((-2.0 * a.ln() + (-2.0 * a.ln() + 1.0).ln()) / tuning).sqrt();
        Sequence { rho, one_sided }
    }

    /// Half-width of the sequence at level `alpha` for an effect with standard error `se` after
    /// `n` units in total.
    pub fn half_width(&self, se: f64, n: f64, alpha: f64) -> f64 {
        let r2 = self.rho * self.rho;
        let s2 = se * se * n;
        let tr2p1 = n * r2 + 1.0;
        let log_term = if self.one_sided {
            (1.0 + tr2p1.sqrt() / (2.0 * alpha)).ln()
        } else {
            (tr2p1.sqrt() / alpha).ln()
        };
        (s2 * 2.0 * tr2p1 / (n * n * r2) * log_term).sqrt()
    }

    /// The always-valid p-value of `effect` (signed in the tested direction for one-sided tests).
    pub fn p_value(&self, effect: f64, se: f64, n: f64) -> Tail {
        let r2 = self.rho * self.rho;
        let tr2p1 = n * r2 + 1.0;
        let z2 = if self.one_sided && effect <= 0.0 {
            0.0
        } else {
            (effect / se).powi(2)
        };
        // GrowthBook's ρ²·st2 / (2(Nρ² + 1)) with st2 = N·d²/se² = N·z².
        let q = r2 * n * z2 / (2.0 * tr2p1);
        let ln_p = if self.one_sided {
            // Solve ln(1 + sqrt(tr2p1)/(2α)) = q for α: α = sqrt(tr2p1) / (2(e^q − 1)).
            0.5 * tr2p1.ln() - std::f64::consts::LN_2 - ln_exp_m1(q)
        } else {
            0.5 * tr2p1.ln() - q
        };
        if ln_p >= 0.0 {
            return Tail::ONE;
        }
        Tail {
            p: ln_p.exp(),
            log10_p: ln_p / std::f64::consts::LN_10,
        }
    }
}

/// ln(e^q − 1) for q > 0 without overflow (large q) or cancellation (small q).
fn ln_exp_m1(q: f64) -> f64 {
    if q < 1.0 {
        q.exp_m1().ln()
    } else {
        q + (-(-q).exp()).ln_1p()
    }
}
