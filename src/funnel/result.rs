//! Counting users per step, and the result's shape: counts, rates, Wilson intervals and
//! times to convert.

use serde::Serialize;

use super::Chain;
use crate::abtest::def::IntervalMethod;
use crate::abtest::intervals::proportion_interval;
use crate::abtest::Interval;
use crate::stats::NormalQuantiles;

/// Time-to-convert histogram edges (ms): 10 s, 1 min, 5 min, 15 min, 30 min, 1 h, 3 h, 6 h,
/// 12 h, 1 d, 2 d, 7 d, 14 d, 30 d; the last bin is open-ended.
const EDGES_MS: [i64; 15] = [
    0,
    10_000,
    60_000,
    300_000,
    900_000,
    1_800_000,
    3_600_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000,
    172_800_000,
    604_800_000,
    1_209_600_000,
    2_592_000_000,
];

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    pub name: String,
    /// Users (or attempts, with `counting: 'totals'`) who reached this step.
    pub users: u64,
    /// users / users of the previous step (1 for step 0 when anyone entered; 0 when nobody did).
    pub from_previous: f64,
    /// users / users of step 0.
    pub from_start: f64,
    /// Reached the previous step but not this one (0 for step 0).
    pub drop_off: u64,
    /// Wilson score 95 % interval of `fromStart`; [0, 0] when nobody entered.
    pub ci95: [f64; 2],
    /// From the previous step's event to this step's event, on each user's chain (none for
    /// step 0).
    pub time_to_convert: Option<TimeToConvert>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeToConvert {
    pub count: u64,
    /// Nearest-rank median and 90th percentile (the ⌈q·n⌉-th smallest); null when count is 0.
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
    pub histogram: Vec<Bin>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bin {
    /// `fromMs ≤ t < toMs`; `toMs` null for the last, open-ended bin.
    pub from_ms: i64,
    pub to_ms: Option<i64>,
    pub count: u64,
}

/// Per-step counts and conversion times of one group of users.
pub struct Accumulator {
    /// ended[l]: chains whose level is exactly l (users reaching step k = Σ ended[l > k]).
    ended: Vec<u64>,
    /// durations[k]: conversion times into step k (empty for step 0).
    durations: Vec<Vec<i64>>,
    pub excluded: u64,
}

impl Accumulator {
    pub fn new(steps: usize) -> Self {
        Accumulator {
            ended: vec![0; steps + 1],
            durations: vec![Vec::new(); steps],
            excluded: 0,
        }
    }

    /// Counts one chain (level ≥ 1); `ts` is the user's slice the chain indexes.
    #[inline]
    pub fn add(&mut self, chain: &Chain, ts: &[i64]) {
        if let Some(n) = self.ended.get_mut(chain.level) {
            *n += 1;
        }
        let mut previous = ts[chain.path[0] as usize];
        for (durations, &at) in self.durations[1..]
            .iter_mut()
            .zip(&chain.path[1..chain.level])
        {
            let t = ts[at as usize];
            durations.push(t - previous);
            previous = t;
        }
    }

    /// Adds another group's counts and times (the whole funnel is the sum of its breakdown
    /// groups, so each chain is counted once, in its group).
    pub fn absorb(&mut self, other: &Accumulator) {
        for (a, b) in self.ended.iter_mut().zip(&other.ended) {
            *a += b;
        }
        for (a, b) in self.durations.iter_mut().zip(&other.durations) {
            a.extend_from_slice(b);
        }
        self.excluded += other.excluded;
    }

    /// Users (chains) that reached each step.
    fn reached(&self) -> Vec<u64> {
        let mut reached: Vec<u64> = self.ended[1..]
            .iter()
            .rev()
            .scan(0, |sum, &n| {
                *sum += n;
                Some(*sum)
            })
            .collect();
        reached.reverse();
        reached
    }

    pub fn entered(&self) -> u64 {
        self.ended[1..].iter().sum()
    }

    pub fn finish(self, names: &[String], window_ms: i64) -> Vec<StepResult> {
        let start = self.entered();
        let mut previous = start;
        let reached = self.reached();
        let mut out = Vec::with_capacity(reached.len());
        for ((k, users), durations) in reached.into_iter().enumerate().zip(self.durations) {
            out.push(StepResult {
                name: names.get(k).cloned().unwrap_or_default(),
                users,
                from_previous: ratio(users, previous),
                from_start: ratio(users, start),
                drop_off: previous - users,
                ci95: wilson(users, start),
                time_to_convert: (k > 0).then(|| time_to_convert(durations, window_ms)),
            });
            previous = users;
        }
        out
    }
}

fn ratio(x: u64, n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        x as f64 / n as f64
    }
}

/// The 95% Wilson score interval for x successes in n trials (the A/B module's, which matches
/// statsmodels); [0, 0] for n = 0, so no NaN reaches JS.
pub fn wilson(x: u64, n: u64) -> [f64; 2] {
    let mut quantiles = NormalQuantiles::default();
    match proportion_interval(
        x as f64,
        n as f64,
        0.05,
        IntervalMethod::Wilson,
        &mut quantiles,
    ) {
        Some(Interval {
            lower: Some(lower),
            upper: Some(upper),
        }) => [lower, upper],
        _ => [0.0, 0.0],
    }
}

fn time_to_convert(mut d: Vec<i64>, window_ms: i64) -> TimeToConvert {
    let count = d.len() as u64;
    let last_edge = EDGES_MS.iter().rposition(|&e| e <= window_ms).unwrap_or(0);
    let mut histogram: Vec<Bin> = (0..=last_edge)
        .map(|i| Bin {
            from_ms: EDGES_MS[i],
            to_ms: if i < last_edge {
                Some(EDGES_MS[i + 1])
            } else {
                None
            },
            count: 0,
        })
        .collect();
    for &t in &d {
        let bin = EDGES_MS[..=last_edge]
            .partition_point(|&e| e <= t)
            .saturating_sub(1);
        histogram[bin].count += 1;
    }
    let p90_ms = nearest_rank(&mut d, 0.9);
    let median_ms = nearest_rank(&mut d, 0.5);
    TimeToConvert {
        count,
        median_ms,
        p90_ms,
        histogram,
    }
}

/// The ⌈q·n⌉-th smallest value, in O(n) (select, not sort).
pub fn nearest_rank(values: &mut [i64], q: f64) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    let (_, v, _) = values.select_nth_unstable(rank - 1);
    Some(*v)
}
