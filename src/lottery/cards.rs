//! 集卡 (card collection, the coupon collector's problem with unequal probabilities).
//!
//! Every draw gives card `i` with probability `p_i` (Σ p = 1). `T` is the number of draws
//! until a user holds every card.
//!
//! - `E[T]`: for up to [`MAX_INCLUSION_EXCLUSION`] cards by inclusion–exclusion over the
//!   subsets `S` of cards, `E[T] = Σ_{S ≠ ∅} (−1)^{|S|+1} / P(S)` (exact up to rounding; the
//!   alternating terms would lose digits for larger sets); beyond that by the Poissonised
//!   integral `E[T] = ∫₀^∞ 1 − Π_i (1 − e^{−p_i t}) dt` (Flajolet, Gardy, Thimonier 1992), whose
//!   integrand is evaluated in log space (`log1p`, `expm1`) so it stays accurate for thousands of cards.
//! - `P(T ≤ n)`: exactly, by a Markov chain over how many cards of each distinct probability
//!   are held (cards with equal probabilities are interchangeable, so 集五福's five cards with
//!   two rarities make 2·5 states rather than 2^5), stepped `n` times. No cancellation.
//! - [`design`]: the rare-card probability that gives a target expected number of completions.

use serde::{Deserialize, Serialize};

use super::config::whole;
use crate::error::{Error, Result};

/// Inclusion–exclusion runs over 2^k subsets; beyond this size the integral is used.
pub const MAX_INCLUSION_EXCLUSION: usize = 16;
/// Work allowed for the exact distribution: chain states × distinct probabilities × draws.
const MAX_CHAIN_WORK: u128 = 400_000_000;
/// States of the chain held in memory at once (8 bytes each).
const MAX_CHAIN_STATES: u128 = 2_000_000;
pub const MAX_CARDS: usize = 100_000;

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardsInput {
    pub probabilities: Vec<f64>,
    /// Draw counts `n` at which to report `P(T ≤ n)`.
    #[serde(default)]
    pub draws: Vec<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ExpectationMethod {
    InclusionExclusion,
    Integral,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardsReport {
    pub cards: usize,
    pub expected_draws: f64,
    pub method: ExpectationMethod,
    /// `P(T ≤ n)` for each requested `n`.
    pub within: Vec<Within>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Within {
    pub draws: u64,
    pub probability: f64,
}

/// Checks that the probabilities are positive and sum to 1 (within 1e-9), and rescales them
/// to sum to exactly 1 in floating point.
pub fn checked_probabilities(p: &[f64]) -> Result<Vec<f64>> {
    if p.is_empty() || p.len() > MAX_CARDS {
        return Err(Error::invalid(
            "probabilities",
            format!("give between 1 and {MAX_CARDS} card probabilities"),
        ));
    }
    for (i, &x) in p.iter().enumerate() {
        if !(x.is_finite() && x > 0.0 && x <= 1.0) {
            return Err(Error::invalid(
                format!("probabilities[{i}]"),
                format!("{x} is not a probability above 0 (a card nobody can draw can never be collected)"),
            ));
        }
    }
    let sum: f64 = p.iter().sum();
    if (sum - 1.0).abs() > 1e-9 {
        return Err(Error::invalid(
            "probabilities",
            format!("the probabilities sum to {sum}, not 1"),
        ));
    }
    Ok(p.iter().map(|x| x / sum).collect())
}

pub fn analyse(input: &CardsInput) -> Result<CardsReport> {
    let p = checked_probabilities(&input.probabilities)?;
    let draws = input
        .draws
        .iter()
        .enumerate()
        .map(|(i, &n)| whole(&format!("draws[{i}]"), n, 0, u32::MAX as u64, "draws"))
        .collect::<Result<Vec<u64>>>()?;
    let (expected_draws, method) = expected_draws(&p);
    let probabilities = completion_within(&p, &draws).map_err(|e| e.within("draws"))?;
    Ok(CardsReport {
        cards: p.len(),
        expected_draws,
        method,
        within: draws
            .into_iter()
            .zip(probabilities)
            .map(|(draws, probability)| Within { draws, probability })
            .collect(),
    })
}

/// `E[T]` for checked probabilities.
pub fn expected_draws(p: &[f64]) -> (f64, ExpectationMethod) {
    if p.len() <= MAX_INCLUSION_EXCLUSION {
        (
            inclusion_exclusion(p),
            ExpectationMethod::InclusionExclusion,
        )
    } else {
        (poisson_integral(p), ExpectationMethod::Integral)
    }
}

fn inclusion_exclusion(p: &[f64]) -> f64 {
    let subsets = 1usize << p.len();
    let mut mass = vec![0.0f64; subsets];
    let mut sum = 0.0;
    for set in 1..subsets {
        let lowest = set.trailing_zeros() as usize;
        mass[set] = mass[set & (set - 1)] + p[lowest];
        let sign = if set.count_ones() % 2 == 1 { 1.0 } else { -1.0 };
        sum += sign / mass[set];
    }
    sum
}

/// Distinct probabilities with how many cards share each.
fn groups(p: &[f64]) -> Vec<(f64, u64)> {
    let mut sorted = p.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, u64)> = Vec::new();
    for x in sorted {
        match out.last_mut() {
            Some((q, n)) if *q == x => *n += 1,
            _ => out.push((x, 1)),
        }
    }
    out
}

fn poisson_integral(p: &[f64]) -> f64 {
    let groups = groups(p);
    // 1 − Π (1 − e^{−p t})^n, through logs so neither end loses precision.
    let missing = |t: f64| -> f64 {
        let log_all: f64 = groups
            .iter()
            .map(|&(q, n)| n as f64 * (-(-q * t).exp()).ln_1p())
            .sum();
        -log_all.exp_m1()
    };
    let p_min = groups[0].0;
    let cards = p.len() as f64;
    // Beyond this the integrand is below Σ e^{−p t} < 1e-20 of the total.
    let end = (cards.ln() + 46.0) / p_min;
    // Panels on a geometric grid follow the integrand's scales from 1/p_max to 1/p_min.
    let panels = 400;
    let start = 1e-3 / groups[groups.len() - 1].0;
    let ratio = (end / start).powf(1.0 / panels as f64);
    let mut total = gauss_legendre(&missing, 0.0, start);
    let mut a = start;
    for _ in 0..panels {
        let b = a * ratio;
        total += gauss_legendre(&missing, a, b);
        a = b;
    }
    total
}

/// 10-point Gauss–Legendre on `[a, b]`.
fn gauss_legendre(f: &impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    const NODES: [(f64, f64); 5] = [
        (0.148_874_338_981_631_2, 0.295_524_224_714_752_9),
        (0.433_395_394_129_247_2, 0.269_266_719_309_996_4),
        (0.679_409_568_299_024_4, 0.219_086_362_515_982_04),
        (0.865_063_366_688_984_5, 0.149_451_349_150_580_6),
        (0.973_906_528_517_171_7, 0.066_671_344_308_688_14),
    ];
    let (mid, half) = ((a + b) / 2.0, (b - a) / 2.0);
    half * NODES
        .iter()
        .map(|&(x, w)| w * (f(mid - half * x) + f(mid + half * x)))
        .sum::<f64>()
}

/// `P(T ≤ n)` for each `n`, exactly, by the grouped Markov chain.
pub fn completion_within(p: &[f64], draws: &[u64]) -> Result<Vec<f64>> {
    let Some(&most) = draws.iter().max() else {
        return Ok(Vec::new());
    };
    let groups = groups(p);
    let states = groups
        .iter()
        .try_fold(1u128, |acc, &(_, n)| acc.checked_mul(u128::from(n) + 1))
        .unwrap_or(u128::MAX);
    let work = states
        .saturating_mul(groups.len() as u128)
        .saturating_mul(u128::from(most));
    if work > MAX_CHAIN_WORK || states > MAX_CHAIN_STATES {
        return Err(Error::out_of_range(
            "",
            format!(
                "the exact distribution needs {states} states × {most} draws: too many; use fewer distinct probabilities or fewer draws"
            ),
        ));
    }
    let chain = Chain::new(&groups);
    let mut dist = vec![0.0f64; chain.states];
    dist[0] = 1.0;
    let mut order: Vec<usize> = (0..draws.len()).collect();
    order.sort_by_key(|&i| draws[i]);
    let mut out = vec![0.0; draws.len()];
    let mut done = 0u64;
    for i in order {
        while done < draws[i] {
            chain.step(&mut dist);
            done += 1;
        }
        out[i] = dist[chain.states - 1].min(1.0);
    }
    Ok(out)
}

/// States count the cards held in each group, as a mixed-radix number (radix `n_j + 1`).
struct Chain {
    probability: Vec<f64>,
    size: Vec<usize>,
    stride: Vec<usize>,
    states: usize,
}

impl Chain {
    fn new(groups: &[(f64, u64)]) -> Chain {
        let mut stride = Vec::with_capacity(groups.len());
        let mut states = 1usize;
        for &(_, n) in groups {
            stride.push(states);
            states *= n as usize + 1;
        }
        Chain {
            probability: groups.iter().map(|g| g.0).collect(),
            size: groups.iter().map(|g| g.1 as usize).collect(),
            stride,
            states,
        }
    }

    /// One draw. In place, from the highest state down: a state only receives from lower ones.
    fn step(&self, dist: &mut [f64]) {
        let mut held = vec![0usize; self.size.len()];
        for state in (0..self.states).rev() {
            let mut rest = state;
            for j in (0..held.len()).rev() {
                held[j] = rest / self.stride[j];
                rest %= self.stride[j];
            }
            // Staying: the draw gives a card already held.
            let mut stay = 0.0;
            let mut arrive = 0.0;
            for (j, &h) in held.iter().enumerate() {
                stay += h as f64 * self.probability[j];
                if h > 0 {
                    let from = state - self.stride[j];
                    let new_cards = (self.size[j] - h + 1) as f64;
                    arrive += dist[from] * new_cards * self.probability[j];
                }
            }
            dist[state] = dist[state] * stay + arrive;
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DesignInput {
    /// Cards in the set (≥ 2).
    pub cards: i64,
    /// How many of them are rare (default 1, e.g. 敬业福).
    #[serde(default)]
    pub rare_cards: Option<i64>,
    /// Draws each participant gets.
    pub draws_per_user: i64,
    pub participants: i64,
    /// The expected number of participants who complete the set.
    pub target_completions: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Design {
    /// Per card: the rare ones first.
    pub probabilities: Vec<f64>,
    pub rare_probability: f64,
    pub common_probability: f64,
    /// P(one participant completes within their draws).
    pub completion_probability: f64,
    pub expected_completions: f64,
    pub expected_draws: f64,
}

/// Finds the rare-card probability `r` (the others share `1 − m·r` equally) for which
/// `participants · P(T ≤ drawsPerUser)` equals the target, by bisection: the completion
/// probability grows with `r` up to equal probabilities (`r = 1/k`), the most any design allows.
pub fn design(input: &DesignInput) -> Result<Design> {
    let cards = whole("cards", input.cards, 2, 1000, "cards")?;
    let rare = whole(
        "rareCards",
        input.rare_cards.unwrap_or(1),
        1,
        cards - 1,
        "rareCards",
    )?;
    let draws = whole(
        "drawsPerUser",
        input.draws_per_user,
        1,
        100_000,
        "drawsPerUser",
    )?;
    let participants = whole(
        "participants",
        input.participants,
        1,
        1 << 53,
        "participants",
    )? as f64;
    let target = input.target_completions;
    if !(target.is_finite() && target > 0.0) {
        return Err(Error::invalid(
            "targetCompletions",
            "must be a number above 0",
        ));
    }
    let probabilities = |r: f64| -> Vec<f64> {
        let common = (1.0 - rare as f64 * r) / (cards - rare) as f64;
        (0..cards)
            .map(|i| if i < rare { r } else { common })
            .collect()
    };
    let completion =
        |r: f64| -> Result<f64> {
            Ok(completion_within(&probabilities(r), &[draws])
                .map_err(|e| e.within("drawsPerUser"))?[0])
        };
    let equal = 1.0 / cards as f64;
    let best = participants * completion(equal)?;
    if target > best * (1.0 + 1e-12) {
        return Err(Error::out_of_range(
            "targetCompletions",
            format!("at most {best:.1} completions are expected with {draws} draws each, even with every card equally likely"),
        ));
    }
    let (mut low, mut high) = (0.0f64, equal);
    // 60 halvings take the interval below 1e-18 of 1/k.
    for _ in 0..60 {
        let mid = (low + high) / 2.0;
        if participants * completion(mid)? < target {
            low = mid;
        } else {
            high = mid;
        }
    }
    let r = high;
    let p = probabilities(r);
    let completion_probability = completion(r)?;
    Ok(Design {
        rare_probability: r,
        common_probability: p[p.len() - 1],
        completion_probability,
        expected_completions: participants * completion_probability,
        expected_draws: expected_draws(&p).0,
        probabilities: p,
    })
}
