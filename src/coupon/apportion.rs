//! Splitting a discount over cart lines.
//!
//! Every discount is split over the lines it covers in proportion to what each line still costs
//! (its running amount), by the largest-remainder method of [`crate::money::apportion`]:
//! `floor(d·wᵢ/W)` each, the leftover 分 one by one to the largest remainders, ties to the lower
//! line index. Shares sum to the discount exactly (10.00 off 10/10/10 is 3.34 + 3.33 + 3.33, never
//! 9.99), and since a discount never exceeds the running amount in scope, no line goes below 0.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::money::apportion;

/// Splits `total` (0 ≤ total ≤ Σ weights) over `weights` (each ≥ 0).
pub fn split(total: i64, weights: &[i64]) -> Result<Vec<i64>> {
    if total == 0 {
        return Ok(vec![0; weights.len()]);
    }
    apportion(total, weights, "weights")
        .map_err(|e| Error::state("", format!("internal apportioning error: {}", e.message)))
}

/// What the first `k` of `n` equal units of an amount `paid` carry: `⌊paid·k/n⌋`.
///
/// Returning units `a..b` gives back `cumulative(b) − cumulative(a)`; these telescope, so any
/// sequence of returns that ends with every unit back sums to `paid` exactly.
pub fn cumulative(paid: i64, k: i64, n: i64) -> i64 {
    if n == 0 {
        return 0;
    }
    (i128::from(paid) * i128::from(k) / i128::from(n)) as i64
}

/// The last splits of each offer, kept by a resident cart between pricings: toggling a coupon
/// leaves most offers splitting the same discount over the same amounts as before, and a split
/// is a function of its total and weights alone, so a remembered split whose total and weights
/// are equal (compared in full, not hashed) is the split, exactly.
///
/// Each offer keeps its last [`SPLITS_KEPT`] splits (a coupon ticked then unticked brings back
/// the amounts of two pricings ago), so the memo holds at most that many copies of the weights
/// and the shares per offer that splits when a cart is priced (platform offers; the others are
/// split once per set of terms).
#[derive(Debug)]
pub struct SplitMemo<K> {
    /// Oldest first.
    entries: Vec<Remembered<K>>,
}

impl<K> Default for SplitMemo<K> {
    fn default() -> Self {
        SplitMemo {
            entries: Vec::new(),
        }
    }
}

#[derive(Debug)]
struct Remembered<K> {
    key: K,
    total: i64,
    weights: Vec<i64>,
    shares: Arc<[i64]>,
}

pub const SPLITS_KEPT: usize = 2;

impl<K: PartialEq + Copy> SplitMemo<K> {
    /// The shares `split` makes of `total` over `weights` for the offer `key`: remembered, or
    /// made by `split` and remembered (in place of the offer's oldest when it has enough).
    pub fn shares(
        &mut self,
        key: K,
        total: i64,
        weights: &[i64],
        split: impl FnOnce() -> Result<Vec<i64>>,
    ) -> Result<Arc<[i64]>> {
        let same = |m: &Remembered<K>| {
            m.key == key && m.total == total && equal_amounts(&m.weights, weights)
        };
        if let Some(m) = self.entries.iter().find(|m| same(m)) {
            return Ok(m.shares.clone());
        }
        let shares: Arc<[i64]> = split()?.into();
        if self.entries.iter().filter(|m| m.key == key).count() >= SPLITS_KEPT {
            if let Some(oldest) = self.entries.iter().position(|m| m.key == key) {
                self.entries.remove(oldest);
            }
        }
        self.entries.push(Remembered {
            key,
            total,
            weights: weights.to_vec(),
            shares: shares.clone(),
        });
        Ok(shares)
    }
}

/// `a == b`, without the byte-by-byte `memcmp` a slice comparison becomes in wasm.
fn equal_amounts(a: &[i64], b: &[i64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |differ, (x, y)| differ | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_gives_back_a_split_only_for_the_same_offer_total_and_weights() {
        let mut memo = SplitMemo::default();
        let made = std::cell::Cell::new(0);
        let shares = |memo: &mut SplitMemo<char>, key, total, weights: &[i64]| {
            memo.shares(key, total, weights, || {
                made.set(made.get() + 1);
                split(total, weights)
            })
            .unwrap()
            .to_vec()
        };
        assert_eq!(shares(&mut memo, 'a', 1000, &[1, 1, 1]), [334, 333, 333]);
        assert_eq!(shares(&mut memo, 'a', 1000, &[1, 1, 1]), [334, 333, 333]);
        assert_eq!(made.get(), 1);
        // Another weight, total or offer is another split.
        assert_eq!(shares(&mut memo, 'a', 1000, &[1, 1, 2]), [250, 250, 500]);
        assert_eq!(shares(&mut memo, 'a', 999, &[1, 1, 1]), [333, 333, 333]);
        assert_eq!(shares(&mut memo, 'b', 1000, &[1, 1, 1]), [334, 333, 333]);
        assert_eq!(made.get(), 4);
        // 'a' keeps its last two: [1, 1, 2] and 999; 1000 over [1, 1, 1] is made again.
        assert_eq!(shares(&mut memo, 'a', 1000, &[1, 1, 2]), [250, 250, 500]);
        assert_eq!(shares(&mut memo, 'a', 999, &[1, 1, 1]), [333, 333, 333]);
        assert_eq!(made.get(), 4);
        assert_eq!(shares(&mut memo, 'a', 1000, &[1, 1, 1]), [334, 333, 333]);
        assert_eq!(made.get(), 5);
    }
}
