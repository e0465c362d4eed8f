//! What a campaign costs: `participants` users each make `drawsPerUser` draws from a pool.
//!
//! - `expectedFenUncapped`: the exact expected cost if stock never ran out,
//!   `participants · drawsPerUser · Σ w_i v_i / Σ w_i` (a fraction of 分).
//! - `capFen`: the most the campaign can cost when every prize with a value has a stock
//!   (`Σ stock_i · v_i`), else `None`.
//! - A Monte-Carlo distribution over `runs` simulated campaigns that honours stock, the
//!   sold-out policy, user limits and pity: mean, p50/p95/p99 (nearest-rank), min/max, the share
//!   of runs above the budget, and a histogram for charts.

use serde::{Deserialize, Serialize};

use super::config::{whole, PoolConfig, MAX_SAFE};
use super::odds::ExactValue;
use super::pool::PrizePool;
use super::rng::Rng;
use crate::error::{Error, Result};

pub const DEFAULT_RUNS: u64 = 200;
/// Simulated draws allowed in one call (participants × draws per user × runs): about 10 s in a browser.
pub const MAX_SIMULATED_DRAWS: u128 = 500_000_000;
const HISTOGRAM_BINS: usize = 30;

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CostInput {
    pub pool: PoolConfig,
    pub participants: i64,
    pub draws_per_user: i64,
    #[serde(default)]
    pub runs: Option<i64>,
    #[serde(default)]
    pub budget_fen: Option<i64>,
    /// Seed of the simulation (default: cryptographic). The pool's own seed is not used.
    #[serde(default)]
    pub seed: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CostReport {
    pub participants: u64,
    pub draws_per_user: u64,
    pub runs: u64,
    pub expected_fen_uncapped: ExactValue,
    pub cap_fen: Option<i64>,
    pub mean_fen: f64,
    pub p50_fen: i64,
    pub p95_fen: i64,
    pub p99_fen: i64,
    pub min_fen: i64,
    pub max_fen: i64,
    pub budget_fen: Option<i64>,
    /// Runs whose cost was above the budget, and their share.
    pub runs_over_budget: Option<u64>,
    pub probability_over_budget: Option<f64>,
    /// Runs in which the pool ran out before every draw was made.
    pub runs_exhausted: u64,
    pub histogram: Histogram,
}

/// `counts[i]` runs cost between `edges_fen[i]` (inclusive) and `edges_fen[i + 1]` (exclusive;
/// the last bin includes its upper edge).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Histogram {
    pub edges_fen: Vec<i64>,
    pub counts: Vec<u64>,
}

pub fn campaign_cost(input: &CostInput) -> Result<CostReport> {
    let mut pool_config = input.pool.clone();
    pool_config.seed = None;
    let rules = pool_config.validate().map_err(|e| e.within("pool"))?;
    let participants = whole(
        "participants",
        input.participants,
        1,
        1 << 40,
        "participants",
    )?;
    let draws_per_user = whole(
        "drawsPerUser",
        input.draws_per_user,
        1,
        1 << 20,
        "drawsPerUser",
    )?;
    let runs = whole(
        "runs",
        input.runs.unwrap_or(DEFAULT_RUNS as i64),
        1,
        1_000_000,
        "runs",
    )?;
    let budget = input
        .budget_fen
        .map(|b| whole("budgetFen", b, 0, MAX_SAFE, "budgetFen").map(|b| b as i64))
        .transpose()?;
    let simulated = u128::from(participants) * u128::from(draws_per_user) * u128::from(runs);
    if simulated > MAX_SIMULATED_DRAWS {
        return Err(Error::out_of_range(
            "runs",
            format!("{simulated} simulated draws is more than the {MAX_SIMULATED_DRAWS} one call may make; lower runs"),
        ));
    }
    let draws = u128::from(participants) * u128::from(draws_per_user);
    let weights: u128 = rules.prizes.iter().map(|p| u128::from(p.weight)).sum();
    let weighted_value: u128 = rules
        .prizes
        .iter()
        .map(|p| u128::from(p.weight) * p.value_fen as u128)
        .sum();
    let cap_fen = rules
        .prizes
        .iter()
        .map(|p| match p.stock {
            _ if p.value_fen == 0 => Some(0i128),
            Some(stock) => Some(i128::from(stock) * i128::from(p.value_fen)),
            None => None,
        })
        .sum::<Option<i128>>()
        .map(|cap| {
            i64::try_from(cap)
                .ok()
                .filter(|&cap| cap <= MAX_SAFE as i64)
                .ok_or_else(|| {
                    Error::overflow(
                        "pool.prizes",
                        format!("the stock is worth {cap} 分 in all, more than the 2^53 − 1 分 a result holds exactly"),
                    )
                })
        })
        .transpose()?;

    let rng = Rng::seeded_or_entropy(input.seed)?;
    let mut pool = PrizePool::from_rules(rules, rng);
    pool.check_value_bound(participants * draws_per_user, "participants")?;
    let mut totals = Vec::with_capacity(runs as usize);
    let mut runs_exhausted = 0;
    for _ in 0..runs {
        pool.reset();
        let (total, exhausted) = pool.simulate(participants, draws_per_user)?;
        runs_exhausted += u64::from(exhausted);
        totals.push(total);
    }
    totals.sort_unstable();
    let nearest_rank =
        |q: f64| totals[((q * runs as f64).ceil() as usize).clamp(1, totals.len()) - 1];
    let runs_over_budget = budget.map(|b| totals.iter().filter(|&&t| t > b).count() as u64);
    Ok(CostReport {
        participants,
        draws_per_user,
        runs,
        expected_fen_uncapped: ExactValue::of(draws * weighted_value, weights),
        cap_fen,
        mean_fen: totals.iter().map(|&t| t as f64).sum::<f64>() / runs as f64,
        p50_fen: nearest_rank(0.50),
        p95_fen: nearest_rank(0.95),
        p99_fen: nearest_rank(0.99),
        min_fen: totals[0],
        max_fen: totals[totals.len() - 1],
        budget_fen: budget,
        runs_over_budget,
        probability_over_budget: runs_over_budget.map(|n| n as f64 / runs as f64),
        runs_exhausted,
        histogram: histogram(&totals),
    })
}

/// Equal-width bins (whole 分) over sorted totals.
fn histogram(sorted: &[i64]) -> Histogram {
    let (low, high) = (sorted[0], sorted[sorted.len() - 1]);
    let span = (high - low) as u64;
    let width = (span / HISTOGRAM_BINS as u64 + 1) as i64;
    let bins = ((span / width as u64) + 1) as usize;
    let edges_fen = (0..=bins).map(|i| low + i as i64 * width).collect();
    let mut counts = vec![0u64; bins];
    for &t in sorted {
        counts[((t - low) / width) as usize] += 1;
    }
    Histogram { edges_fen, counts }
}
