//! Means: summary statistics from raw values, and the Welch–Satterthwaite degrees of freedom.

/// n, mean and the unbiased variance (n − 1 in the denominator; 0 when n < 2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub n: f64,
    pub mean: f64,
    pub var: f64,
}

/// Two passes (mean, then squared deviations): no catastrophic cancellation for values in 分 with a
/// large common offset, unlike Σx² − (Σx)²/n.
pub fn summarize(values: &[f64]) -> Summary {
    let n = values.len() as f64;
    if values.is_empty() {
        return Summary {
            n: 0.0,
            mean: 0.0,
            var: 0.0,
        };
    }
    let mean = values.iter().sum::<f64>() / n;
    // The compensation term removes the rounding error left in `mean` (Björck's corrected two-pass).
    let (mut squares, mut compensation) = (0.0, 0.0);
    for &x in values {
        let d = x - mean;
        squares += d * d;
        compensation += d;
    }
    let var = if values.len() < 2 {
        0.0
    } else {
        (squares - compensation * compensation / n) / (n - 1.0)
    };
    Summary {
        n,
        mean,
        var: var.max(0.0),
    }
}

/// Welch–Satterthwaite degrees of freedom of (mean_b − mean_a) from per-unit variances.
/// `None` when it is undefined (an arm with fewer than 2 units, or both variances 0).
pub fn welch_df(var_a: f64, n_a: f64, var_b: f64, n_b: f64) -> Option<f64> {
    if n_a < 2.0 || n_b < 2.0 {
        return None;
    }
    let (sa, sb) = (var_a / n_a, var_b / n_b);
    let denominator = sa * sa / (n_a - 1.0) + sb * sb / (n_b - 1.0);
    if denominator <= 0.0 {
        return None;
    }
    Some((sa + sb) * (sa + sb) / denominator)
}
