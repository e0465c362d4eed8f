//! Sample-ratio mismatch: does the traffic split match the plan? Pearson's χ² of the observed
//! units against the planned shares, df = k − 1 — flagged when p < the threshold (0.001 by
//! default, strict because it is checked on every experiment and a false alarm is costly).

use serde::Serialize;

use crate::stats::{chi2_tail, Tail};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Srm {
    pub observed: Vec<f64>,
    pub expected: Vec<f64>,
    pub statistic: Option<f64>,
    pub df: f64,
    pub p_value: Option<f64>,
    pub log10_p_value: Option<f64>,
    pub threshold: f64,
    /// True when p < threshold: the split is not what was planned — do not trust the results.
    pub mismatch: bool,
    pub undefined: Option<String>,
}

/// `observed` units per arm and the planned `shares` (summing to 1) become the result's lists.
pub fn srm_check(observed: Vec<f64>, shares: Vec<f64>, threshold: f64) -> Srm {
    let total: f64 = observed.iter().sum();
    let mut expected = shares;
    expected.iter_mut().for_each(|s| *s *= total);
    let df = (observed.len() - 1) as f64;
    if total == 0.0 {
        return Srm {
            observed,
            expected,
            statistic: None,
            df,
            p_value: None,
            log10_p_value: None,
            threshold,
            mismatch: false,
            undefined: Some("because there are no users yet".into()),
        };
    }
    let statistic: f64 = observed
        .iter()
        .zip(&expected)
        .map(|(o, e)| (o - e).powi(2) / e)
        .sum();
    let Tail { p, log10_p } = chi2_tail(statistic, df);
    Srm {
        observed,
        expected,
        statistic: Some(statistic),
        df,
        p_value: Some(p),
        log10_p_value: Some(log10_p),
        threshold,
        mismatch: p < threshold,
        undefined: None,
    }
}
