//! RFM: Recency (days since the last order), Frequency (orders), Monetary (paid, 分).
//!
//! Scores 1–5 per dimension, higher is better (recency: more recent is higher):
//! - `quantile` (default): pandas `qcut` quintiles, see [`super::quantile`]. Recency and
//!   monetary are cut on their values, so equal values share a score; frequency is cut on
//!   `rank(method='first')` (ties broken by input order), as most analysts do, because
//!   purchase counts are too tied for five bins.
//! - `fixed`: four ascending cut points per dimension, bins right-closed like `qcut`'s:
//!   recency ≤ c₁ scores 5, ≤ c₂ 4, …, above c₄ 1; frequency and monetary ≤ c₁ score 1, …, above c₄ 5.
//!
//! Segments, by scheme:
//! - `named` (default): the R×F grid of the widely used 11-segment map; the cells partition the
//!   5×5 grid, tried in this precedence order (first match wins, which with disjoint cells
//!   only matters if the table is edited): Champions, Loyal, Potential Loyalist, New, Promising,
//!   Need Attention, About to Sleep, At Risk, Can't Lose Them, Hibernating, Lost. M does not
//!   move a customer between these cells; its average is reported per segment.
//! - `eightClass`: the Chinese 8-class scheme (重要价值客户 …) from high/low R, F and M, where
//!   high means strictly better than the split on the raw values: recencyDays < split,
//!   frequency > split, monetary > split; the split is the mean (default) or the median
//!   (pandas' median: the average of the two middle values for an even count). Monetary is
//!   compared exactly in integers.

use serde::{Deserialize, Serialize};

use super::features::{FeatureOptions, Frame};
use super::quantile::{edges_of, rank_edges, ranks_first, Bins};
use crate::error::{Error, Result};
use crate::events::column::MONEY_MISSING;
use crate::events::EventLog;

/// A named R×F segment: its cells are `r` in `r_min..=r_max` and `f` in `f_min..=f_max`.
pub struct NamedSegment {
    pub key: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    r: (u8, u8),
    f: (u8, u8),
}

const fn named(
    key: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    r: (u8, u8),
    f: (u8, u8),
) -> NamedSegment {
    NamedSegment {
        key,
        name_zh,
        name_en,
        r,
        f,
    }
}

/// In precedence order.
pub const NAMED_SEGMENTS: [NamedSegment; 11] = [
    named("champions", "冠军客户", "Champions", (5, 5), (4, 5)),
    named("loyal", "忠诚客户", "Loyal", (3, 4), (4, 5)),
    named(
        "potentialLoyalist",
        "潜力忠诚客户",
        "Potential Loyalist",
        (4, 5),
        (2, 3),
    ),
    named("new", "新客户", "New", (5, 5), (1, 1)),
    named("promising", "有潜力客户", "Promising", (4, 4), (1, 1)),
    named(
        "needAttention",
        "需关注客户",
        "Need Attention",
        (3, 3),
        (3, 3),
    ),
    named(
        "aboutToSleep",
        "即将沉睡客户",
        "About to Sleep",
        (3, 3),
        (1, 2),
    ),
    named("atRisk", "流失风险客户", "At Risk", (1, 2), (3, 4)),
    named(
        "cantLose",
        "不能失去的客户",
        "Can't Lose Them",
        (1, 2),
        (5, 5),
    ),
    named("hibernating", "沉睡客户", "Hibernating", (2, 2), (1, 2)),
    named("lost", "已流失客户", "Lost", (1, 1), (1, 2)),
];

/// The named segment of an R and an F score (every cell of the grid has one).
pub fn named_segment(r: u8, f: u8) -> usize {
    NAMED_SEGMENTS
        .iter()
        .position(|s| (s.r.0..=s.r.1).contains(&r) && (s.f.0..=s.f.1).contains(&f))
        .unwrap_or(NAMED_SEGMENTS.len() - 1)
}

/// The 8 classes, indexed by `4·(M low) + 2·(R low) + (F low)`.
pub const EIGHT_CLASSES: [(&str, &str, &str); 8] = [
    ("importantValue", "重要价值客户", "Important value"),
    ("importantDevelop", "重要发展客户", "Important to develop"),
    ("importantKeep", "重要保持客户", "Important to keep"),
    ("importantRetain", "重要挽留客户", "Important to win back"),
    ("generalValue", "一般价值客户", "General value"),
    ("generalDevelop", "一般发展客户", "General to develop"),
    ("generalKeep", "一般保持客户", "General to keep"),
    ("generalRetain", "一般挽留客户", "General to win back"),
];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Scheme {
    #[default]
    Named,
    EightClass,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Split {
    #[default]
    Mean,
    Median,
}

/// Fixed cut points: four ascending numbers per dimension (monetary in 分).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Thresholds {
    pub recency: Vec<f64>,
    pub frequency: Vec<f64>,
    pub monetary: Vec<f64>,
}

/// How to score and segment (shared by `log.rfm` and `rfmScores`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ScoringOptions {
    /// Fixed cut points instead of quintiles.
    pub thresholds: Option<Thresholds>,
    pub scheme: Scheme,
    /// For `eightClass`: high/low against the mean (default) or the median.
    pub split: Split,
}

/// `log.rfm(options)`: scoring options plus where the orders are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct LogRfmOptions {
    pub order_event: String,
    pub amount_prop: String,
    pub as_of: Option<f64>,
    pub utc_offset_minutes: Option<i32>,
    pub thresholds: Option<Thresholds>,
    pub scheme: Scheme,
    pub split: Split,
}

/// The customers' raw values, one entry per customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Customers {
    pub recency_days: Vec<f64>,
    pub frequency: Vec<f64>,
    pub monetary_fen: Vec<i64>,
}

/// Each customer's scores and segment (index into the report's `segments`).
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub r: Vec<u8>,
    pub f: Vec<u8>,
    pub m: Vec<u8>,
    pub segment: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmReport {
    pub customers: u64,
    /// `log.rfm` only: users of the log with no order at or before `asOf` (not scored).
    pub users_without_orders: Option<u64>,
    pub as_of: Option<i64>,
    pub as_of_date: Option<String>,
    /// `quantile` or `fixed`.
    pub scoring: &'static str,
    /// The cut points used per dimension (quantile: the distinct edges, frequency's over ranks).
    pub edges: Edges,
    pub scheme: Scheme,
    /// `eightClass`: the split values of recency, frequency and monetary.
    pub split: Option<SplitValues>,
    pub segments: Vec<RfmSegment>,
    /// Customers per cell: `grid[r - 1][f - 1]`.
    pub grid: Vec<Vec<u64>>,
    /// The named segment key of each cell, `gridSegments[r - 1][f - 1]`.
    pub grid_segments: Vec<Vec<&'static str>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edges {
    pub recency: Vec<f64>,
    pub frequency: Vec<f64>,
    pub monetary: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitValues {
    pub method: Split,
    pub recency_days: f64,
    pub frequency: f64,
    pub monetary_fen: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmSegment {
    pub key: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    pub customers: u64,
    pub share: f64,
    pub avg_recency_days: f64,
    pub avg_frequency: f64,
    pub avg_monetary_fen: f64,
    pub total_monetary_fen: i64,
}

/// Validates fixed cut points: four finite, strictly ascending numbers (whole 分 for monetary).
fn cut_points(values: &[f64], field: &str, money: bool) -> Result<Bins> {
    if values.len() != 4 {
        return Err(Error::invalid(
            field,
            format!(
                "needs 4 ascending cut points for 5 scores, got {}",
                values.len()
            ),
        ));
    }
    for (i, &v) in values.iter().enumerate() {
        let at = format!("{field}[{i}]");
        if !v.is_finite() {
            return Err(Error::invalid(at, "must be a finite number"));
        }
        if money && (v.fract() != 0.0 || v.abs() > 9_007_199_254_740_991.0) {
            return Err(Error::invalid(
                at,
                format!("{v} is not money: give whole 分"),
            ));
        }
        if i > 0 && v <= values[i - 1] {
            return Err(Error::out_of_range(
                at,
                "cut points must be strictly ascending",
            ));
        }
    }
    // Open-ended outer bins around the four cuts.
    let mut edges = vec![f64::NEG_INFINITY];
    edges.extend_from_slice(values);
    edges.push(f64::INFINITY);
    Ok(Bins { edges })
}

/// Scores and segments customers. Errors name fields under `customers[i]` / `thresholds`.
pub fn score(customers: &Customers, options: &ScoringOptions) -> Result<(RfmReport, Scores)> {
    let n = customers.recency_days.len();
    let recency = &customers.recency_days;
    let monetary: Vec<f64> = customers.monetary_fen.iter().map(|&m| m as f64).collect();
    let (scoring, r_bins, f_bins, m_bins, f_values) = match &options.thresholds {
        Some(t) => (
            "fixed",
            cut_points(&t.recency, "thresholds.recency", false)?,
            cut_points(&t.frequency, "thresholds.frequency", false)?,
            cut_points(&t.monetary, "thresholds.monetary", true)?,
            customers.frequency.clone(),
        ),
        None if n == 0 => {
            let none = Bins { edges: vec![0.0] };
            ("quantile", none.clone(), none.clone(), none, vec![])
        }
        None => {
            let ranks: Vec<f64> = ranks_first(&customers.frequency)
                .into_iter()
                .map(f64::from)
                .collect();
            (
                "quantile",
                Bins::new(edges_of(recency)),
                Bins::new(rank_edges(n)),
                Bins::new(edges_of(&monetary)),
                ranks,
            )
        }
    };
    let r: Vec<u8> = recency.iter().map(|&x| r_bins.score_low_best(x)).collect();
    let f: Vec<u8> = f_values
        .iter()
        .map(|&x| f_bins.score_high_best(x))
        .collect();
    let m: Vec<u8> = monetary
        .iter()
        .map(|&x| m_bins.score_high_best(x))
        .collect();

    let mut grid = vec![vec![0u64; 5]; 5];
    for (&ri, &fi) in r.iter().zip(&f) {
        grid[usize::from(ri) - 1][usize::from(fi) - 1] += 1;
    }
    let (segment, split, names): (Vec<u8>, _, Vec<(&'static str, &'static str, &'static str)>) =
        match options.scheme {
            Scheme::Named => (
                r.iter()
                    .zip(&f)
                    .map(|(&ri, &fi)| named_segment(ri, fi) as u8)
                    .collect(),
                None,
                NAMED_SEGMENTS
                    .iter()
                    .map(|s| (s.key, s.name_zh, s.name_en))
                    .collect(),
            ),
            Scheme::EightClass => {
                let split = split_values(customers, options.split);
                let m_high = money_above(&customers.monetary_fen, options.split);
                let classes = (0..n)
                    .map(|i| {
                        let r_low = recency[i] >= split.recency_days;
                        let f_low = customers.frequency[i] <= split.frequency;
                        4 * u8::from(!m_high[i]) + 2 * u8::from(r_low) + u8::from(f_low)
                    })
                    .collect();
                (classes, Some(split), EIGHT_CLASSES.to_vec())
            }
        };
    let segments = segment_stats(customers, &segment, &names)?;
    let edges = Edges {
        recency: finite(&r_bins),
        frequency: finite(&f_bins),
        monetary: finite(&m_bins),
    };
    let report = RfmReport {
        customers: n as u64,
        users_without_orders: None,
        as_of: None,
        as_of_date: None,
        scoring,
        edges,
        scheme: options.scheme,
        split,
        segments,
        grid,
        grid_segments: (1..=5)
            .map(|ri| {
                (1..=5)
                    .map(|fi| NAMED_SEGMENTS[named_segment(ri, fi)].key)
                    .collect()
            })
            .collect(),
    };
    Ok((report, Scores { r, f, m, segment }))
}

/// The edges a person can read (fixed scoring's open ends left out).
fn finite(bins: &Bins) -> Vec<f64> {
    bins.edges
        .iter()
        .copied()
        .filter(|e| e.is_finite())
        .collect()
}

fn segment_stats(
    customers: &Customers,
    segment: &[u8],
    names: &[(&'static str, &'static str, &'static str)],
) -> Result<Vec<RfmSegment>> {
    let n = segment.len();
    let mut count = vec![0u64; names.len()];
    let mut recency = vec![0.0f64; names.len()];
    let mut frequency = vec![0.0f64; names.len()];
    let mut monetary = vec![0i64; names.len()];
    for (i, &s) in segment.iter().enumerate() {
        let s = usize::from(s);
        count[s] += 1;
        recency[s] += customers.recency_days[i];
        frequency[s] += customers.frequency[i];
        monetary[s] = monetary[s]
            .checked_add(customers.monetary_fen[i])
            .ok_or_else(|| {
                Error::overflow("monetary", "a segment's total does not fit in 64-bit 分")
            })?;
    }
    let avg = |x: f64, c: u64| if c == 0 { 0.0 } else { x / c as f64 };
    Ok(names
        .iter()
        .enumerate()
        .map(|(s, &(key, name, name_en))| RfmSegment {
            key,
            name,
            name_en,
            customers: count[s],
            share: avg(count[s] as f64, n as u64),
            avg_recency_days: avg(recency[s], count[s]),
            avg_frequency: avg(frequency[s], count[s]),
            avg_monetary_fen: avg(monetary[s] as f64, count[s]),
            total_monetary_fen: monetary[s],
        })
        .collect())
}

/// Mean or median of each raw dimension (pandas' `mean()` / `median()`).
fn split_values(customers: &Customers, method: Split) -> SplitValues {
    let centre = |v: &[f64]| -> f64 {
        if v.is_empty() {
            return 0.0;
        }
        match method {
            Split::Mean => v.iter().sum::<f64>() / v.len() as f64,
            Split::Median => {
                let mut s = v.to_vec();
                s.sort_unstable_by(f64::total_cmp);
                let mid = s.len() / 2;
                if s.len() % 2 == 1 {
                    s[mid]
                } else {
                    (s[mid - 1] + s[mid]) / 2.0
                }
            }
        }
    };
    let monetary: Vec<f64> = customers.monetary_fen.iter().map(|&m| m as f64).collect();
    SplitValues {
        method,
        recency_days: centre(&customers.recency_days),
        frequency: centre(&customers.frequency),
        monetary_fen: centre(&monetary),
    }
}

/// Whether each amount is strictly above the mean or median, decided in exact integers:
/// `m·n > Σ` for the mean, `2m > a + b` (the two middle values) for the median.
fn money_above(monetary: &[i64], method: Split) -> Vec<bool> {
    let n = monetary.len() as i128;
    match method {
        Split::Mean => {
            let sum: i128 = monetary.iter().map(|&m| i128::from(m)).sum();
            monetary.iter().map(|&m| i128::from(m) * n > sum).collect()
        }
        Split::Median => {
            if monetary.is_empty() {
                return vec![];
            }
            let mut s = monetary.to_vec();
            s.sort_unstable();
            let mid = s.len() / 2;
            let twice = if s.len() % 2 == 1 {
                2 * i128::from(s[mid])
            } else {
                i128::from(s[mid - 1]) + i128::from(s[mid])
            };
            monetary
                .iter()
                .map(|&m| 2 * i128::from(m) > twice)
                .collect()
        }
    }
}

/// Customers from the log: users with at least one `orderEvent` at or before `asOf`.
/// Recency is in local days (`asOf`'s day minus the last order's day). Also returns the
/// dense user number of each customer.
pub fn customers_of<'a>(
    log: &'a EventLog,
    options: &LogRfmOptions,
) -> Result<(Customers, Vec<u32>, Frame<'a>)> {
    if options.order_event.is_empty() {
        return Err(Error::invalid("orderEvent", "is required (e.g. 'pay')"));
    }
    if options.amount_prop.is_empty() {
        return Err(Error::invalid(
            "amountProp",
            "is required (a money property, e.g. 'amount')",
        ));
    }
    let frame = Frame::new(
        log,
        &FeatureOptions {
            as_of: options.as_of,
            utc_offset_minutes: options.utc_offset_minutes.unwrap_or(480),
            order_event: Some(options.order_event.clone()),
            amount_prop: Some(options.amount_prop.clone()),
        },
    )?;
    let codes = log.events();
    let ts = log.ts();
    let (Some(order), Some(amounts)) = (frame.order_code, frame.amounts) else {
        return Err(Error::invalid("orderEvent", "is required (e.g. 'pay')"));
    };
    // Only orders matter here: one code comparison per event, the day once per customer.
    let mut c = Customers::default();
    let mut users = vec![];
    for u in 0..log.user_count() {
        let mut orders = 0u64;
        let mut paid = 0i64;
        let mut last_order = None;
        for i in frame.events_of(u) {
            if codes[i] == order {
                orders += 1;
                if amounts[i] != MONEY_MISSING {
                    paid = paid.checked_add(amounts[i]).ok_or_else(|| {
                        Error::overflow(
                            "amountProp",
                            "a customer's paid amount does not fit in 64-bit 分",
                        )
                    })?;
                }
                last_order = Some(ts[i]);
            }
        }
        if let Some(t) = last_order {
            c.recency_days
                .push((frame.as_of_day - frame.day_of(t)) as f64);
            c.frequency.push(orders as f64);
            c.monetary_fen.push(paid);
            users.push(u as u32);
        }
    }
    Ok((c, users, frame))
}

/// `log.rfm(options)`: the report and each customer's scores (customers in log user order).
pub fn log_rfm(log: &EventLog, options: &LogRfmOptions) -> Result<(RfmReport, Scores, Vec<u32>)> {
    let (customers, users, frame) = customers_of(log, options)?;
    let scoring = ScoringOptions {
        thresholds: options.thresholds.clone(),
        scheme: options.scheme,
        split: options.split,
    };
    let (mut report, scores) = score(&customers, &scoring)?;
    report.users_without_orders = Some((log.user_count() - users.len()) as u64);
    report.as_of = Some(frame.as_of);
    report.as_of_date = Some(frame.date(frame.as_of_day));
    Ok((report, scores, users))
}

/// Validates a customer table given by the caller (`rfmScores`).
pub fn check_customers(c: &Customers) -> Result<()> {
    for (i, ((&r, &f), &m)) in c
        .recency_days
        .iter()
        .zip(&c.frequency)
        .zip(&c.monetary_fen)
        .enumerate()
    {
        let at = |k: &str| format!("customers[{i}].{k}");
        if !(r.is_finite() && r >= 0.0) {
            return Err(Error::invalid(
                at("recencyDays"),
                format!("{r} is not a number of days ≥ 0"),
            ));
        }
        if !(f.is_finite() && f >= 0.0) {
            return Err(Error::invalid(
                at("frequency"),
                format!("{f} is not a count ≥ 0"),
            ));
        }
        if m.unsigned_abs() > 9_007_199_254_740_991 {
            return Err(Error::invalid(at("monetary"), "is beyond 2^53 分"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_segments_partition_the_grid() {
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                let hits = NAMED_SEGMENTS
                    .iter()
                    .filter(|s| (s.r.0..=s.r.1).contains(&r) && (s.f.0..=s.f.1).contains(&f))
                    .count();
                assert_eq!(hits, 1, "cell R{r} F{f}");
            }
        }
        // Every segment owns at least one cell.
        for (k, s) in NAMED_SEGMENTS.iter().enumerate() {
            assert_eq!(named_segment(s.r.0, s.f.0), k, "{}", s.key);
        }
    }

    #[test]
    fn money_splits_are_exact() {
        // mean 2/3: 1 is above, 0 is not.
        assert_eq!(
            money_above(&[0, 1, 1], Split::Mean),
            vec![false, true, true]
        );
        // median of an even count is the average of the middle two (1.5).
        assert_eq!(
            money_above(&[1, 2, 0, 5], Split::Median),
            vec![false, true, false, true]
        );
    }
}
