//! An integer alias table (Walker/Vose) whose draws are exact in the integer sense:
//! prize `i` comes out with probability `w_i / W` exactly, not a float approximation of it.
//!
//! Construction: pad the `n` prizes to `m` buckets (`m` a power of two, the extra buckets have
//! weight 0) and give each bucket a capacity of `W` (the total weight). Prize `i` brings a mass
//! of `w_i · m` and the `m` buckets hold `m · W` in total, so Vose's pairing of a light bucket
//! with a heavy prize ends with every bucket full — in integers, without any rounding.
//!
//! A draw needs a uniform `t` in `[0, m·W)`: bucket `b = t mod m`, `u = ⌊t / m⌋` (uniform and
//! independent on `[0, m) × [0, W)` because `m` is a power of two, so no division is needed); the
//! bucket's own prize wins when `u < threshold_b`, its alias otherwise. So
//! `P(i) = (threshold_i + Σ_{b: alias_b = i} (W − threshold_b)) / (m·W) = w_i·m / (m·W) = w_i / W`.
//! `t` comes from [`Rng::below`](super::rng::Rng::below) (Lemire's multiply-and-reject): unbiased.
//! Pools use this table when the total weight is too large for a ticket table ([`super::sampler`]).

/// The most weight a table can hold: `u` is drawn from 32 random bits.
pub const MAX_TOTAL_WEIGHT: u64 = 1 << 32;
/// The most outcomes a table can hold (keeps `w_i · m` within 64 bits).
pub const MAX_OUTCOMES: usize = 4096;

#[derive(Clone, Debug)]
pub struct AliasTable {
    total: u64,
    /// `m · W`: the range of the uniform `t` a draw needs.
    span: u64,
    /// `log2 m`: `t >> shift` is `u`, `t & (m − 1)` the bucket.
    shift: u32,
    /// Per bucket: (threshold, alias), together so a draw reads one entry.
    buckets: Vec<(u64, u32)>,
}

impl AliasTable {
    /// A table for `weights` (zeros allowed: such outcomes never come out). `None` when every
    /// weight is zero. The caller keeps `Σ w ≤ MAX_TOTAL_WEIGHT` and `len ≤ MAX_OUTCOMES`.
    pub fn new(weights: &[u64]) -> Option<AliasTable> {
        let total: u64 = weights.iter().sum();
        if total == 0 {
            return None;
        }
        debug_assert!(total <= MAX_TOTAL_WEIGHT && weights.len() <= MAX_OUTCOMES);
        let buckets = weights.len().next_power_of_two();
        let mut mass: Vec<u64> = (0..buckets)
            .map(|i| weights.get(i).copied().unwrap_or(0) * buckets as u64)
            .collect();
        let mut threshold = vec![total; buckets];
        let mut alias: Vec<u32> = (0..buckets as u32).collect();
        let (mut light, mut heavy): (Vec<usize>, Vec<usize>) =
            (0..buckets).partition(|&i| mass[i] < total);
        while let (Some(&l), Some(&g)) = (light.last(), heavy.last()) {
            light.pop();
            threshold[l] = mass[l];
            alias[l] = g as u32;
            // The heavy prize fills the rest of the light bucket.
            mass[g] -= total - mass[l];
            if mass[g] < total {
                heavy.pop();
                light.push(g);
            }
        }
        // What is left is exactly full (the masses sum to m·W), so threshold stays W.
        Some(AliasTable {
            total,
            span: total * buckets as u64,
            shift: buckets.trailing_zeros(),
            buckets: threshold.into_iter().zip(alias).collect(),
        })
    }

    /// The sum of the weights the table was built from.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The range of the uniform integer [`AliasTable::pick`] takes: `m · W`.
    pub fn span(&self) -> u64 {
        self.span
    }

    /// The outcome for a uniform `t` in `[0, span)`: `P(i) = w_i / W` exactly.
    #[inline]
    pub fn pick(&self, t: u64) -> usize {
        let bucket = (t & ((1 << self.shift) - 1)) as usize;
        let u = t >> self.shift;
        // `bucket < m` = the table's length; `get` keeps the access check-free of panics.
        match self.buckets.get(bucket) {
            // A select, not a branch: which side wins is random and would mispredict.
            Some(&(threshold, alias)) => select(u < threshold, bucket, alias as usize),
            None => 0,
        }
    }
}

#[inline(always)]
fn select(condition: bool, a: usize, b: usize) -> usize {
    // Arithmetic selection: compiles to `select` in wasm rather than a branch.
    let mask = (condition as usize).wrapping_neg();
    (a & mask) | (b & !mask)
}

impl AliasTable {
    /// The probability mass (out of `m · W`) each outcome receives from the table: used by the
    /// tests to prove the table is exact, independently of any sampling.
    #[cfg(test)]
    fn masses(&self) -> Vec<u64> {
        let mut mass = vec![0u64; self.buckets.len()];
        for (bucket, &(t, a)) in self.buckets.iter().enumerate() {
            mass[bucket] += t;
            mass[a as usize] += self.total - t;
        }
        mass
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_exact(weights: &[u64]) {
        let table = AliasTable::new(weights).unwrap();
        let buckets = weights.len().next_power_of_two() as u64;
        let mass = table.masses();
        for (i, &w) in weights.iter().enumerate() {
            assert_eq!(mass[i], w * buckets, "weights {weights:?}, outcome {i}");
        }
        assert!(mass[weights.len()..].iter().all(|&m| m == 0));
    }

    #[test]
    fn tables_hold_exactly_the_weights() {
        assert_exact(&[1]);
        assert_exact(&[1, 2, 3]);
        assert_exact(&[0, 5, 0, 7, 1]);
        assert_exact(&[1, 999_999]);
        assert_exact(&[u32::MAX as u64, 1]);
        assert_exact(&(1..=100).collect::<Vec<u64>>());
        assert!(AliasTable::new(&[0, 0]).is_none());
    }

    #[test]
    fn every_t_picks_an_outcome_with_weight() {
        let table = AliasTable::new(&[0, 3]).unwrap();
        assert!((0..table.span()).all(|t| table.pick(t) == 1));
        let table = AliasTable::new(&[4]).unwrap();
        assert!((0..table.span()).all(|t| table.pick(t) == 0));
        // Counting picks over every t gives the masses too: w_i · m each.
        let table = AliasTable::new(&[1, 0, 5]).unwrap();
        let mut picks = [0u64; 3];
        (0..table.span()).for_each(|t| picks[table.pick(t)] += 1);
        assert_eq!(picks, [4, 0, 20]);
    }
}
