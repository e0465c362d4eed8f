//! CUPED (regression adjustment with a pre-period covariate), as GrowthBook computes it.
//!
//! For a pair of arms, θ = cov(Y, X) / var(X) over both arms pooled (from the sums each arm's
//! summary implies); each arm's adjusted mean is ȳ − θ·x̄ and its per-unit variance
//! σ²_Y + θ²σ²_X − 2θ·cov(Y, X). The relative lift keeps the unadjusted control mean as its
//! denominator.

use super::estimate::Estimate;
use super::means::Summary;

/// Sums implied by a summary: (Σx, Σx²).
fn sums(s: &Summary) -> (f64, f64) {
    let sum = s.n * s.mean;
    (sum, (s.n - 1.0).max(0.0) * s.var + s.n * s.mean * s.mean)
}

/// θ fitted on the two arms together; 0 when the pooled covariate (or metric) has no variance.
pub fn theta(a: (&Summary, &Summary, f64), b: (&Summary, &Summary, f64)) -> f64 {
    let (ya, xa, ca) = a;
    let (yb, xb, cb) = b;
    let n = ya.n + yb.n;
    if n < 2.0 {
        return 0.0;
    }
    let (sy_a, _) = sums(ya);
    let (sy_b, _) = sums(yb);
    let pooled_var = |p: &Summary, q: &Summary| {
        let ((s1, ss1), (s2, ss2)) = (sums(p), sums(q));
        (ss1 + ss2 - (s1 + s2) * (s1 + s2) / n) / (n - 1.0)
    };
    let var_x = pooled_var(xa, xb);
    let var_y = pooled_var(ya, yb);
    if var_x <= 0.0 || var_y <= 0.0 {
        return 0.0;
    }
    // Σxy per arm from its covariance: (n − 1)·cov + n·x̄·ȳ.
    let products =
        |y: &Summary, x: &Summary, c: f64| (y.n - 1.0).max(0.0) * c + y.n * x.mean * y.mean;
    let (sx_a, _) = sums(xa);
    let (sx_b, _) = sums(xb);
    let covariance = (products(ya, xa, ca) + products(yb, xb, cb)
        - (sy_a + sy_b) * (sx_a + sx_b) / n)
        / (n - 1.0);
    covariance / var_x
}

/// One arm's adjusted estimate for a given θ.
pub fn adjusted(y: &Summary, x: &Summary, covariance: f64, theta: f64) -> Estimate {
    let unit_var = if y.n < 2.0 {
        0.0
    } else {
        (y.var + theta * theta * x.var - 2.0 * theta * covariance).max(0.0)
    };
    Estimate {
        n: y.n,
        mean: y.mean - theta * x.mean,
        unadjusted_mean: y.mean,
        unit_var,
    }
}
