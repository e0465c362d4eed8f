//! log10 of tail probabilities too small for a double (p below ~1e-300).
//!
//! statrs gives the tails themselves; where they underflow, these evaluate the same quantities in
//! log space: the prefactor of each tail analytically (with statrs's `ln_gamma` / `ln_beta`) and the
//! remaining factor — a number of order 1 — by the classic continued fractions (modified Lentz), or
//! the asymptotic series of Mills' ratio for the normal tail. They are meant for the far tail (the
//! callers use them only there) and stay finite for any finite statistic.

use super::incomplete_beta::{continued_fraction as beta_cf, ln_prefactor};
use super::{ln_gamma_fn, normal_sf, LN_10};

/// log10 P(Z > z). Uses Q(z) = φ(z)/z · (1 − 1/z² + 3/z⁴ − 15/z⁶ + …), whose truncation error at
/// z ≥ 20 is below 1e-15 relative.
pub fn log10_normal_sf(z: f64) -> f64 {
    if z < 20.0 {
        return normal_sf(z).ln() / LN_10;
    }
    let inv2 = 1.0 / (z * z);
    // 1 − 1/z² + 3/z⁴ − 15/z⁶ + 105/z⁸ − 945/z¹⁰, by Horner.
    let series = 1.0 - inv2 * (1.0 - inv2 * (3.0 - inv2 * (15.0 - inv2 * (105.0 - inv2 * 945.0))));
    let ln_q = -0.5 * z * z - z.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln() + series.ln();
    ln_q / LN_10
}

/// log10 P(T > t) for Student's t with `df` degrees of freedom, t > 0.
/// P(T > t) = ½ I_h(df/2, ½) with h = df / (df + t²).
pub fn log10_t_sf(t: f64, df: f64) -> f64 {
    if t <= 0.0 {
        return super::t_sf(t, df).ln() / LN_10;
    }
    let (a, b) = (df / 2.0, 0.5);
    let ln_denominator = (df + t * t).ln();
    let ln_h = df.ln() - ln_denominator;
    let ln_one_minus_h = 2.0 * t.ln() - ln_denominator;
    let h = df / (df + t * t);
    // x^a (1−x)^b / B(a,b) in logs; ln h and ln(1 − h) from t directly, so nothing rounds to 1.
    let ln_front = if a < 20.0 {
        a * ln_h + b * ln_one_minus_h - super::ln_beta_fn(a, b)
    } else {
        ln_prefactor(a, b, h)
    };
    let ln_i = ln_front - a.ln() + beta_cf(a, b, h).ln();
    (ln_i - std::f64::consts::LN_2) / LN_10
}

/// log10 P(X > x) for X ~ χ²(df): ln Q(a, y) = −y + a ln y − ln Γ(a) + ln CF, a = df/2, y = x/2.
pub fn log10_chi2_sf(x: f64, df: f64) -> f64 {
    let (a, y) = (df / 2.0, x / 2.0);
    if y < a + 1.0 {
        // Not the far tail: the direct value is exact there.
        return super::chi2_sf(x, df).ln() / LN_10;
    }
    let ln_q = -y + a * y.ln() - ln_gamma_fn(a) + gamma_cf(a, y).ln();
    ln_q / LN_10
}

const TINY: f64 = 1e-300;
const EPS: f64 = 1e-16;
const MAX_TERMS: usize = 1_000_000;

/// The continued fraction of Q(a, y) (Numerical Recipes' gcf): Q(a,y) = e^−y y^a / Γ(a) · gcf,
/// for y > a + 1.
fn gamma_cf(a: f64, y: f64) -> f64 {
    let mut b = y + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..MAX_TERMS {
        let i = i as f64;
        let an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{chi2_sf, t_sf};

    // Where the direct tails are still normal doubles, the log-space forms must agree with them.
    #[test]
    fn log_space_tails_agree_where_doubles_suffice() {
        for z in [20.0, 25.0, 30.0, 35.0] {
            let direct = normal_sf(z).log10();
            assert!(
                (log10_normal_sf(z) - direct).abs() < 1e-12 * direct.abs(),
                "z={z}"
            );
        }
        for (t, df) in [(10.0, 5.0), (40.0, 30.0), (12.0, 1e4), (35.0, 1e7)] {
            let direct = t_sf(t, df).log10();
            assert!(
                (log10_t_sf(t, df) - direct).abs() < 1e-9 * direct.abs(),
                "t={t} df={df}"
            );
        }
        for (x, df) in [(100.0, 1.0), (500.0, 4.0), (1300.0, 10.0)] {
            let direct = chi2_sf(x, df).log10();
            assert!(
                (log10_chi2_sf(x, df) - direct).abs() < 1e-9 * direct.abs(),
                "x={x} df={df}"
            );
        }
    }
}
