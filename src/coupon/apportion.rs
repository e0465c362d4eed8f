//! Splitting a discount over cart lines.
//!
//! Every discount is split over the lines it covers in proportion to what each line still costs
//! (its running amount), by the largest-remainder method of [`crate::money::apportion`]:
//! `floor(d·wᵢ/W)` each, the leftover 分 one by one to the largest remainders, ties to the lower
//! line index. Shares sum to the discount exactly (10.00 off 10/10/10 is 3.34 + 3.33 + 3.33, never
//! 9.99), and since a discount never exceeds the running amount in scope, no line goes below 0.

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
