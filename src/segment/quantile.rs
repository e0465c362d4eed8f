//! Quintile scoring the way analysts do it in pandas: `pd.qcut(x, 5, labels=False,
//! duplicates='drop')`, reproduced to the last bit so a score never differs from a notebook's.
//!
//! - Edges are `np.quantile(x, q, method='linear')` at q = 0, .2, .4, .6, .8, 1 (pandas 3 nudges
//!   a q that is not exactly k/5 in binary up by one ulp; so do we): for the virtual index
//!   `v = (n−1)·q`, `a = x₍⌊v⌋₎`, `b = x₍⌊v⌋+1₎`, `t = v − ⌊v⌋`, the edge is `a + (b−a)·t`,
//!   computed as `b − (b−a)·(1−t)` when `t ≥ 0.5` (numpy's `_lerp`).
//! - Bins are right-closed, the first one closed on the left too; equal edges collapse into
//!   one (fewer than five bins), so equal values always share a bin.
//! - The best bin scores 5 and each bin below it one less: for recency the lowest values
//!   (most recent) are best, for frequency and monetary the highest. With five bins that is
//!   pandas' `labels=[5,4,3,2,1]` / `[1,2,3,4,5]`; when edges collapse the best keep 5.
//!   When every value is the same (pandas gives NaN) there is one bin and everyone scores 5.

/// The quantile levels pandas 3 uses for `q = 5`.
fn levels() -> [f64; 6] {
    let mut q = [0.0; 6];
    for (i, level) in q.iter_mut().enumerate() {
        // np.linspace(0, 1, 6): i * step, the last exactly 1.
        let x = if i == 5 { 1.0 } else { i as f64 * 0.2 };
        // pandas: np.putmask(q, 5 * q != arange(6), np.nextafter(q, 1)).
        *level = if 5.0 * x != i as f64 { next_up(x) } else { x };
    }
    q
}

fn next_up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1) // x is positive and finite here
}

/// numpy's `_lerp`.
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// The six quintile edges of the values given by `order_stat(k)` (the k-th smallest, 0-based)
/// of a sample of size `n ≥ 1`.
pub fn quintile_edges(n: usize, mut order_stat: impl FnMut(usize) -> f64) -> [f64; 6] {
    let last = (n - 1) as f64;
    levels().map(|q| {
        let v = last * q;
        if v >= last {
            return order_stat(n - 1);
        }
        let below = v.floor();
        let k = below as usize;
        lerp(order_stat(k), order_stat(k + 1), v - below)
    })
}

/// The quintile edges of `values` (any order), with order statistics found by selection
/// rather than a full sort.
pub fn edges_of(values: &[f64]) -> [f64; 6] {
    let mut work = values.to_vec();
    let n = work.len();
    let last = (n - 1) as f64;
    // Positions needed: ⌊v⌋ and ⌊v⌋+1 of each level, selected left to right in shrinking slices.
    let mut wanted: Vec<usize> = levels()
        .iter()
        .flat_map(|&q| {
            let k = (last * q).floor() as usize;
            [k.min(n - 1), (k + 1).min(n - 1)]
        })
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    // Each selection leaves everything before position k no larger than what follows, so the
    // next one only needs the part after k (k itself must stay put).
    let mut from = 0;
    for &k in &wanted {
        work[from..].select_nth_unstable_by(k - from, f64::total_cmp);
        from = k + 1;
    }
    quintile_edges(n, |k| work[k])
}

/// The bins of a value distribution: the distinct edges, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Bins {
    pub edges: Vec<f64>,
}

impl Bins {
    pub fn new(edges: [f64; 6]) -> Self {
        let mut distinct = edges.to_vec();
        distinct.dedup();
        Bins { edges: distinct }
    }

    /// Number of bins (0 when every value was the same).
    pub fn count(&self) -> usize {
        self.edges.len() - 1
    }

    /// The 0-based bin of `x`, which must lie within the edges: pandas' `searchsorted(side='left')`
    /// with the lowest edge included in the first bin.
    pub fn bin(&self, x: f64) -> usize {
        if self.count() == 0 || x <= self.edges[0] {
            return 0;
        }
        let above = self.edges.partition_point(|&e| e < x);
        (above - 1).min(self.count() - 1)
    }

    /// The 1–5 score of `x` when low values are best (recency).
    pub fn score_low_best(&self, x: f64) -> u8 {
        5 - self.bin(x) as u8
    }

    /// The 1–5 score of `x` when high values are best (frequency, monetary).
    pub fn score_high_best(&self, x: f64) -> u8 {
        let bins = self.count().max(1);
        (5 + 1 + self.bin(x) - bins) as u8
    }
}

/// pandas' `rank(method='first')`, 1-based: ties ranked by input order.
pub fn ranks_first(values: &[f64]) -> Vec<u32> {
    let order = stable_order(values);
    let mut ranks = vec![0u32; values.len()];
    for (r, &i) in order.iter().enumerate() {
        ranks[i as usize] = r as u32 + 1;
    }
    ranks
}

/// Indexes of `values` in ascending order, equal values in input order. Small whole numbers
/// (purchase counts) are counted rather than compared: the same order, in linear time.
fn stable_order(values: &[f64]) -> Vec<u32> {
    let limit = (4 * values.len() + 1024) as f64;
    if values
        .iter()
        .all(|&v| v.fract() == 0.0 && (0.0..limit).contains(&v))
    {
        let max = values.iter().fold(0.0f64, |m, &v| m.max(v)) as usize;
        let mut starts = vec![0u32; max + 2];
        for &v in values {
            starts[v as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut order = vec![0u32; values.len()];
        for (i, &v) in values.iter().enumerate() {
            let slot = &mut starts[v as usize];
            order[*slot as usize] = i as u32;
            *slot += 1;
        }
        return order;
    }
    let mut order: Vec<u32> = (0..values.len() as u32).collect();
    // A stable sort keeps equal values in input order.
    order.sort_by(|&a, &b| values[a as usize].total_cmp(&values[b as usize]));
    order
}

/// The edges of ranks 1..=n (no sort needed: the k-th smallest rank is k+1).
pub fn rank_edges(n: usize) -> [f64; 6] {
    quintile_edges(n, |k| (k + 1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_match_pandas() {
        // pandas 3 moves 0.6000000000000001 (3 * 0.2) up by one ulp.
        let q = levels();
        assert_eq!(q[2], 0.4);
        assert_eq!(q[3].to_bits(), 0.6000000000000001f64.to_bits() + 1);
        assert_eq!(q[5], 1.0);
    }

    #[test]
    fn collapsed_edges_keep_the_best_score() {
        // pd.qcut([1,1,1,1,2,3,10], 5, labels=False, duplicates='drop') == [0,0,0,0,1,2,2]
        let v = [1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 10.0];
        let bins = Bins::new(edges_of(&v));
        let got: Vec<usize> = v.iter().map(|&x| bins.bin(x)).collect();
        assert_eq!(got, vec![0, 0, 0, 0, 1, 2, 2]);
        assert_eq!(bins.score_high_best(10.0), 5);
        assert_eq!(bins.score_high_best(1.0), 3);
        assert_eq!(bins.score_low_best(1.0), 5);
        let same = Bins::new(edges_of(&[4.0, 4.0]));
        assert_eq!(
            (
                same.count(),
                same.score_low_best(4.0),
                same.score_high_best(4.0)
            ),
            (0, 5, 5)
        );
    }

    #[test]
    fn ranks_break_ties_by_input_order() {
        assert_eq!(ranks_first(&[3.0, 1.0, 3.0, 1.0]), vec![3, 1, 4, 2]);
        // The comparison path (fractions) agrees with the counting path.
        assert_eq!(ranks_first(&[3.5, 1.0, 3.5, 1.0]), vec![3, 1, 4, 2]);
    }
}
