//! 拼手气红包: splitting an amount of integer 分 into random packets.
//!
//! `doubleMean` (二倍均值, WeChat's rule): with `R` 分 left for `k` packets, the next packet is
//! uniform on the integers `[min, hi]` where `hi = min(⌊2R/k⌋, R − (k − 1)·min)`, and the last
//! packet takes what is left. So the packets always sum to the total exactly, each is ≥ `min`,
//! and each is at most twice the mean of what was left at its turn (the first ≤ ⌊2·total/count⌋).
//! In whole 分 the floor makes later positions' expected amounts drift slightly, and later
//! positions always vary more (the last one most).
//!
//! `fair`: the same packets handed out in a uniformly random order (Fisher–Yates), so every
//! position has the same distribution and an expected amount of exactly `total / count`.

use serde::{Deserialize, Serialize};

use super::config::{whole, MAX_SAFE};
use super::rng::Rng;
use crate::error::{Error, Result};

/// The most packets in one split (a WeChat group red packet allows 200; this is generous).
pub const MAX_PACKETS: u64 = 1_000_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SplitMode {
    #[default]
    DoubleMean,
    Fair,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RedPacketInput {
    pub total_fen: i64,
    pub count: i64,
    /// The smallest packet (default 1 分).
    #[serde(default)]
    pub min_fen: Option<i64>,
    #[serde(default)]
    pub mode: SplitMode,
    #[serde(default)]
    pub seed: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RedPacketSplit {
    /// The packets in the order they are opened.
    pub amounts_fen: Vec<i64>,
    pub total_fen: i64,
    pub count: u64,
    pub min_fen: i64,
    pub mode: SplitMode,
    /// The position of the largest packet (手气最佳; the first one on a tie).
    pub luckiest: usize,
}

pub fn split(input: &RedPacketInput) -> Result<RedPacketSplit> {
    let total = whole("totalFen", input.total_fen, 1, MAX_SAFE, "totalFen")?;
    let count = whole("count", input.count, 1, MAX_PACKETS, "count")?;
    let min = whole("minFen", input.min_fen.unwrap_or(1), 0, MAX_SAFE, "minFen")?;
    if u128::from(count) * u128::from(min) > u128::from(total) {
        return Err(Error::invalid(
            "totalFen",
            format!(
                "{total} 分 cannot give {count} packets of at least {min} 分 each (needs {})",
                u128::from(count) * u128::from(min)
            ),
        ));
    }
    let mut rng = Rng::seeded_or_entropy(input.seed)?;
    let mut amounts = double_mean(total, count, min, &mut rng);
    if input.mode == SplitMode::Fair {
        rng.shuffle(&mut amounts);
    }
    let luckiest = amounts
        .iter()
        .enumerate()
        .fold(0, |best, (i, &a)| if a > amounts[best] { i } else { best });
    Ok(RedPacketSplit {
        amounts_fen: amounts.into_iter().map(|a| a as i64).collect(),
        total_fen: total as i64,
        count,
        min_fen: min as i64,
        mode: input.mode,
        luckiest,
    })
}

/// The packets of 二倍均值 in opening order (`count · min ≤ total`).
fn double_mean(total: u64, count: u64, min: u64, rng: &mut Rng) -> Vec<u64> {
    let mut left = total;
    let mut amounts = Vec::with_capacity(count as usize);
    for k in (2..=count).rev() {
        let twice_mean = (u128::from(left) * 2 / u128::from(k)) as u64;
        let hi = twice_mean.min(left - (k - 1) * min);
        let amount = rng.between(min, hi);
        amounts.push(amount);
        left -= amount;
    }
    amounts.push(left);
    amounts
}
