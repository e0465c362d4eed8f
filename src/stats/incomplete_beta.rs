//! The regularized incomplete beta function I_x(a, b) for large parameters.
//!
//! statrs's `beta_reg` stops its continued fraction after 140 terms and forms the prefactor
//! x^a(1−x)^b/B(a, b) from three `ln_gamma` values of size ~a·ln a. Both are fine for moderate
//! parameters, but Beta posteriors of 1e6–1e8 users need O(√a) terms and lose ~1e-7 to the
//! cancellation, so from a + b ≥ [`LARGE`] this evaluates the same continued fraction without the
//! cap, and the prefactor from Stirling's series arranged so that nothing large cancels:
//!
//!   ln(x^a (1−x)^b / B(a,b)) = a·ln(1+u) + b·ln(1 − u·a/b) + ½·ln(ab/(a+b)) − ½·ln 2π
//!                              + ω(a+b) − ω(a) − ω(b),   u = (x·b − (1−x)·a) / a,
//!
//! with ω the Stirling correction 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷).

use statrs::function::beta::{checked_beta_reg, ln_beta};

/// From this a + b on, the own evaluation is used.
pub const LARGE: f64 = 1000.0;

const TINY: f64 = 1e-300;
const EPS: f64 = 1e-16;
const MAX_TERMS: usize = 1_000_000;

/// I_x(a, b), a, b > 0, 0 ≤ x ≤ 1; the neutral 0 for impossible arguments.
pub fn regularized(a: f64, b: f64, x: f64) -> f64 {
    if !(a > 0.0 && b > 0.0) || x.is_nan() {
        return 0.0;
    }
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    if a + b < LARGE {
        return checked_beta_reg(a, b, x).unwrap_or(0.0);
    }
    if x < (a + 1.0) / (a + b + 2.0) {
        (ln_prefactor(a, b, x) - a.ln()).exp() * continued_fraction(a, b, x)
    } else {
        1.0 - (ln_prefactor(b, a, 1.0 - x) - b.ln()).exp() * continued_fraction(b, a, 1.0 - x)
    }
}

/// ln(x^a (1−x)^b / B(a, b)), accurate for large a and b (see the module notes).
pub fn ln_prefactor(a: f64, b: f64, x: f64) -> f64 {
    if a.min(b) < 20.0 {
        // One parameter small: its ln Γ is small, and statrs's ln B loses nothing that matters.
        return a * x.ln() + b * (-x).ln_1p() - ln_beta(a, b);
    }
    let u = (x * b - (1.0 - x) * a) / a;
    let omega = |z: f64| {
        let z2 = z * z;
        (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - 1.0 / (1680.0 * z2)) / z2) / z2) / z
    };
    a * u.ln_1p() + b * (-u * a / b).ln_1p() + 0.5 * (a * b / (a + b)).ln()
        - 0.5 * (2.0 * std::f64::consts::PI).ln()
        + omega(a + b)
        - omega(a)
        - omega(b)
}

/// The continued fraction of I_x(a, b) (Numerical Recipes' betacf, modified Lentz):
/// I_x(a,b) = x^a (1−x)^b / (a·B(a,b)) · betacf, converging for x < (a+1)/(a+b+2).
pub fn continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..MAX_TERMS {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < EPS {
            break;
        }
    }
    h
}
