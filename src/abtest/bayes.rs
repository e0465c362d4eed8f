//! Bayesian answers: "how likely is B better, and what do I lose if I pick it and am wrong?"
//!
//! Conversions — Beta posteriors Beta(α₀ + conversions, β₀ + users − conversions):
//! - P(p_B > p_A) by Evan Miller's closed form (no simulation):
//!   Σ_{i=0}^{α_B−1} B(α_A + i, β_A + β_B) / ((β_B + i) · B(1 + i, β_B) · B(α_A, β_A)),
//!   summed in log space from the largest term outwards (consecutive terms have the ratio
//!   (α_A+i)(β_B+i) / ((α_A+β_A+β_B+i)(1+i)), so the sum is O(√n) work even for 1e8 users, and
//!   terms below 1e-18 of the total are left out). The formula needs one integer parameter; by the
//!   symmetries P(B>A) = 1 − P(A>B) and p ↦ 1 − p any of the four will do. Only when none is an
//!   integer (a fractional prior such as Jeffreys' ½ on both arms) is the integral evaluated
//!   numerically.
//! - expected loss of choosing B: E[max(p_A − p_B, 0)] = ∫ P(p_A > x)·P(p_B < x) dx (integration
//!   by parts of the definition; the closed form μ_A·P(A⁺ > B) − μ_B·P(A > B⁺) cancels
//!   catastrophically once counts are large);
//! - P(best of k) = ∫ f_i(x) Π_{j≠i} F_j(x) dx by Gauss–Legendre quadrature on panels laid over each
//!   posterior's own bulk (deterministic, no simulation);
//! - credible intervals: exact Beta quantiles per arm.
//!
//! Means, ratios, CUPED — GrowthBook's Gaussian model on the relative lift, flat prior by default or
//! a proper N(μ₀, σ₀²) prior: posterior precision 1/σ² + 1/σ₀², chance to win Φ(μ/σ), risk from the
//! truncated-normal means.

use crate::stats::{beta_cdf, ln_beta_fn, normal_cdf, normal_pdf};

/// A Beta(a, b) posterior.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BetaPosterior {
    pub a: f64,
    pub b: f64,
}

impl BetaPosterior {
    pub fn mean(&self) -> f64 {
        self.a / (self.a + self.b)
    }
    pub fn variance(&self) -> f64 {
        let s = self.a + self.b;
        self.a * self.b / (s * s * (s + 1.0))
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        (self.a - 1.0) * x.ln() + (self.b - 1.0) * (-x).ln_1p() - ln_beta_fn(self.a, self.b)
    }
    fn flipped(&self) -> BetaPosterior {
        BetaPosterior {
            a: self.b,
            b: self.a,
        }
    }
}

fn is_integer(x: f64) -> bool {
    x.fract() == 0.0
}

/// P(X_B > X_A) for independent Beta posteriors.
pub fn prob_greater(a: BetaPosterior, b: BetaPosterior) -> f64 {
    let p = if is_integer(b.a) {
        miller_sum(a, b)
    } else if is_integer(a.a) {
        1.0 - miller_sum(b, a)
    } else if is_integer(a.b) {
        // p ↦ 1 − p: X_B > X_A ⟺ (1 − X_A) > (1 − X_B).
        miller_sum(b.flipped(), a.flipped())
    } else if is_integer(b.b) {
        1.0 - miller_sum(a.flipped(), b.flipped())
    } else {
        best_of(&[a, b], true)[1]
    };
    p.clamp(0.0, 1.0)
}

/// Evan Miller's sum for P(X_B > X_A); requires `b.a` to be a positive integer.
fn miller_sum(a: BetaPosterior, b: BetaPosterior) -> f64 {
    let terms = b.a as u64; // b.a ≥ 1 and integral
    let s = a.a + a.b + b.b;
    let ln_term = |i: f64| {
        ln_beta_fn(a.a + i, a.b + b.b)
            - (b.b + i).ln()
            - ln_beta_fn(1.0 + i, b.b)
            - ln_beta_fn(a.a, a.b)
    };
    let ratio = |i: f64| (a.a + i) * (b.b + i) / ((s + i) * (1.0 + i));
    // The terms rise while i ≤ (α_A β_B − S)/(β_A + 1), then fall.
    let peak = ((a.a * b.b - s) / (a.b + 1.0)).floor() + 1.0;
    let mode = peak.clamp(0.0, (terms - 1) as f64);
    let ln_mode = ln_term(mode);
    const NEGLIGIBLE: f64 = 1e-18;
    let mut sum = 1.0; // terms are scaled by the mode's term
    let mut term = 1.0;
    let mut i = mode;
    while i + 1.0 < terms as f64 {
        term *= ratio(i);
        sum += term;
        i += 1.0;
        if term < NEGLIGIBLE * sum {
            break;
        }
    }
    let (mut term, mut i) = (1.0, mode);
    while i >= 1.0 {
        term /= ratio(i - 1.0);
        sum += term;
        i -= 1.0;
        if term < NEGLIGIBLE * sum {
            break;
        }
    }
    (ln_mode + sum.ln()).exp()
}

/// Expected loss E[max(X_A − X_B, 0)]: what choosing B costs, on average, if A is in fact better.
/// Integrated as ∫ P(X_A > x)·P(X_B < x) dx (by parts), a product of positive terms — the
/// closed form μ_A·P(A⁺ > B) − μ_B·P(A > B⁺) cancels catastrophically for large counts.
pub fn expected_loss(a: BetaPosterior, b: BetaPosterior) -> f64 {
    let mut total = 0.0;
    quadrature(&[a, b], |x, w| {
        total += w * (1.0 - beta_cdf(x, a.a, a.b)) * beta_cdf(x, b.a, b.b)
    });
    total
}

/// 20-point Gauss–Legendre nodes and weights on [−1, 1] (half of the symmetric set).
const GL_NODES: [f64; 10] = [
    0.07652652113349734,
    0.2277858511416451,
    0.37370608871541955,
    0.5108670019508271,
    0.636053680726515,
    0.7463319064601508,
    0.8391169718222188,
    0.9122344282513258,
    0.9639719272779138,
    0.9931285991850949,
];
const GL_WEIGHTS: [f64; 10] = [
    0.15275338713072578,
    0.14917298647260366,
    0.14209610931838187,
    0.13168863844917653,
    0.11819453196151825,
    0.10193011981724026,
    0.08327674157670467,
    0.06267204833410944,
    0.04060142980038622,
    0.017614007139153273,
];

/// The nodes x and weights w of ∫₀¹ by 20-point Gauss–Legendre on panels laid over ±12 sd of each
/// posterior, where every integrand here lives (deterministic; exact for the polynomial integrands
/// of tiny counts). `visit(x, w)` accumulates its own sums.
fn quadrature(arms: &[BetaPosterior], mut visit: impl FnMut(f64, f64)) {
    let mut cuts = vec![0.0, 1.0];
    for arm in arms {
        let (m, s) = (arm.mean(), arm.variance().sqrt());
        for k in -12..=12 {
            cuts.push((m + s * f64::from(k)).clamp(0.0, 1.0));
        }
    }
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    for w in cuts.windows(2) {
        let (mid, half) = ((w[0] + w[1]) / 2.0, (w[1] - w[0]) / 2.0);
        for (&node, &weight) in GL_NODES.iter().zip(&GL_WEIGHTS) {
            for x in [mid - half * node, mid + half * node] {
                if x > 0.0 && x < 1.0 {
                    visit(x, weight * half);
                }
            }
        }
    }
}

/// P(each arm is the best): the highest rate when `higher_is_better`, else the lowest.
pub fn best_of(arms: &[BetaPosterior], higher_is_better: bool) -> Vec<f64> {
    let mut prob = vec![0.0; arms.len()];
    let mut cdf = vec![0.0; arms.len()];
    quadrature(arms, |x, w| {
        for (j, arm) in arms.iter().enumerate() {
            let f = beta_cdf(x, arm.a, arm.b);
            cdf[j] = if higher_is_better { f } else { 1.0 - f };
        }
        for (i, arm) in arms.iter().enumerate() {
            let others: f64 = (0..arms.len())
                .filter(|&j| j != i)
                .map(|j| cdf[j])
                .product();
            if others > 0.0 {
                prob[i] += w * arm.ln_pdf(x).exp() * others;
            }
        }
    });
    let total: f64 = prob.iter().sum();
    if total > 0.0 {
        prob.iter_mut().for_each(|p| *p /= total);
    }
    prob
}

/// GrowthBook's Gaussian posterior of an effect with estimate `mean` ± `se`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussianPosterior {
    pub mean: f64,
    pub sd: f64,
}

pub fn gaussian_posterior(
    mean: f64,
    se: f64,
    prior: Option<super::def::GaussianPrior>,
) -> GaussianPosterior {
    let data_var = se * se;
    match prior {
        Some(p) if p.proper => {
            let precision = 1.0 / data_var + 1.0 / p.variance;
            GaussianPosterior {
                mean: (mean / data_var + p.mean / p.variance) / precision,
                sd: (1.0 / precision).sqrt(),
            }
        }
        _ => GaussianPosterior { mean, sd: se },
    }
}

impl GaussianPosterior {
    /// P(effect > 0).
    pub fn prob_positive(&self) -> f64 {
        normal_cdf(self.mean / self.sd)
    }
    /// (E[max(effect, 0)], E[max(−effect, 0)]): the loss of keeping the control, and of shipping
    /// the treatment (GrowthBook's risk, from the truncated-normal means).
    pub fn risks(&self) -> (f64, f64) {
        let (mu, s) = (self.mean, self.sd);
        let z = mu / s;
        let density = s * normal_pdf(z);
        let keep_control = mu * normal_cdf(z) + density;
        let ship_treatment = density - mu * normal_cdf(-z);
        (keep_control.max(0.0), ship_treatment.max(0.0))
    }
}
