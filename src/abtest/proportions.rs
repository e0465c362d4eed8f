//! Tests on conversion counts: the pooled two-proportion z statistic and the χ² omnibus test.

use serde::Serialize;

use crate::stats::{chi2_tail, Tail};

/// The pooled standard error of p_B − p_A under H0 (both arms share one rate):
/// sqrt(p̄(1 − p̄)(1/n_A + 1/n_B)). `None` when it is 0 (no conversions, or all converted).
pub fn pooled_se(x_a: f64, n_a: f64, x_b: f64, n_b: f64) -> Option<f64> {
    let p = (x_a + x_b) / (n_a + n_b);
    let se = (p * (1.0 - p) * (1.0 / n_a + 1.0 / n_b)).sqrt();
    (se > 0.0).then_some(se)
}

/// Pearson's χ² test of independence on the k × 2 table (converted / not) — "is any variant
/// different?" — without continuity correction (scipy's `chi2_contingency(correction=False)`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Omnibus {
    pub test: &'static str,
    pub statistic: Option<f64>,
    pub df: f64,
    pub p_value: Option<f64>,
    pub log10_p_value: Option<f64>,
    pub significant: bool,
    pub undefined: Option<String>,
}

/// `counts`: (users, conversions) per arm, walked a few times (hence `Clone`, no list needed).
pub fn chi_square_omnibus(counts: impl Iterator<Item = (f64, f64)> + Clone, alpha: f64) -> Omnibus {
    let df = (counts.clone().count() - 1) as f64;
    let users: f64 = counts.clone().map(|c| c.0).sum();
    let conversions: f64 = counts.clone().map(|c| c.1).sum();
    let undefined = |why: &str| Omnibus {
        test: "chi-square",
        statistic: None,
        df,
        p_value: None,
        log10_p_value: None,
        significant: false,
        undefined: Some(why.to_string()),
    };
    if counts.clone().any(|c| c.0 == 0.0) {
        return undefined("because a variant has no users");
    }
    if conversions == 0.0 || conversions == users {
        return undefined("because every user is in the same outcome (no conversions, or all converted): there is nothing to compare");
    }
    let p = conversions / users;
    let statistic: f64 = counts
        .map(|(n, x)| {
            let (e1, e0) = (n * p, n * (1.0 - p));
            (x - e1).powi(2) / e1 + (n - x - e0).powi(2) / e0
        })
        .sum();
    let Tail {
        p: p_value,
        log10_p,
    } = chi2_tail(statistic, df);
    Omnibus {
        test: "chi-square",
        statistic: Some(statistic),
        df,
        p_value: Some(p_value),
        log10_p_value: Some(log10_p),
        significant: p_value <= alpha,
        undefined: None,
    }
}
