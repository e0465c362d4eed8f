//! Deterministic assignment, bucket for bucket the same as GrowthBook's SDKs (`hash`,
//! `getBucketRanges`, `chooseVariation` in `packages/sdk-js/src/util.ts`), so a console can show
//! which variant a user sees.
//!
//! - FNV-1a (32-bit) over the string's UTF-16 code units, as JavaScript's `charCodeAt` yields them;
//! - hash v2: fnv(fnv(seed + id) as decimal text) mod 10000 / 10000 (unbiased);
//!   hash v1: fnv(id + seed) mod 1000 / 1000 (the original, kept for old experiments);
//! - ranges: each variant gets [start, start + coverage·weight) of the unit interval, starts at the
//!   cumulative weights, so lowering coverage never moves a user to another variant.
//!
//! The `mod` here is part of the hash's definition, not a way of drawing random numbers.

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Error, Result};

/// 32-bit FNV-1a over UTF-16 code units.
pub fn fnv1a32(text: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for unit in text.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// GrowthBook's `hash(seed, value, version)`: a number in [0, 1); `None` for an unknown version.
pub fn hash(seed: &str, value: &str, version: u32) -> Option<f64> {
    match version {
        2 => {
            let inner = fnv1a32(&format!("{seed}{value}"));
            Some(f64::from(fnv1a32(&inner.to_string()) % 10_000) / 10_000.0)
        }
        1 => Some(f64::from(fnv1a32(&format!("{value}{seed}")) % 1_000) / 1_000.0),
        _ => None,
    }
}

/// GrowthBook's `getBucketRanges`: weights that do not sum to ~1 fall back to equal weights there;
/// here weights of any positive scale are accepted and normalised (so [50, 50] works), and weights
/// summing to 0.99–1.01 are used exactly as GrowthBook uses them.
pub fn bucket_ranges(variations: usize, coverage: f64, weights: Option<&[f64]>) -> Vec<(f64, f64)> {
    let coverage = coverage.clamp(0.0, 1.0);
    let equal = vec![1.0 / variations as f64; variations];
    let weights: Vec<f64> = match weights {
        Some(w) if w.len() == variations => {
            let total: f64 = w.iter().sum();
            if (0.99..=1.01).contains(&total) {
                w.to_vec()
            } else {
                w.iter().map(|x| x / total).collect()
            }
        }
        _ => equal,
    };
    let mut cumulative = 0.0;
    weights
        .iter()
        .map(|w| {
            let start = cumulative;
            cumulative += w;
            (start, start + coverage * w)
        })
        .collect()
}

/// GrowthBook's `chooseVariation`: the range holding `bucket`, or `None` (not in the experiment).
pub fn choose_variation(bucket: f64, ranges: &[(f64, f64)]) -> Option<usize> {
    ranges
        .iter()
        .position(|&(start, end)| bucket >= start && bucket < end)
}

fn d_coverage() -> f64 {
    1.0
}
fn d_version() -> u32 {
    2
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignInput {
    pub experiment_key: String,
    /// A string, or a safe integer (GrowthBook hashes `String(id)`: 123 → "123").
    #[serde(deserialize_with = "string_or_integer")]
    pub user_id: String,
    /// The hash seed (GrowthBook's `seed`); the experiment key when absent.
    pub seed: Option<String>,
    /// One per variant; equal when absent. Alternatively `variations` for equal weights.
    pub weights: Option<Vec<f64>>,
    pub variations: Option<usize>,
    #[serde(default = "d_coverage")]
    pub coverage: f64,
    #[serde(default = "d_version")]
    pub hash_version: u32,
}

fn string_or_integer<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(f64),
    }
    match Id::deserialize(d)? {
        Id::Text(s) => Ok(s),
        Id::Number(x)
            if x.is_finite() && x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_991.0 =>
        {
            Ok(format!("{}", x as i64))
        }
        Id::Number(x) => Err(serde::de::Error::custom(format!(
            "{x} is not a safe integer: pass such ids as strings"
        ))),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    /// The variant index, or null when the user falls outside the coverage.
    pub variation: Option<usize>,
    pub in_experiment: bool,
    /// The user's hash in [0, 1).
    pub bucket: f64,
    pub ranges: Vec<[f64; 2]>,
    pub hash_version: u32,
}

pub fn assign_variant(input: &AssignInput) -> Result<Assignment> {
    if input.experiment_key.is_empty() {
        return Err(Error::invalid("experimentKey", "must not be empty"));
    }
    if !(input.coverage.is_finite() && (0.0..=1.0).contains(&input.coverage)) {
        return Err(Error::out_of_range("coverage", "must be between 0 and 1"));
    }
    let variations = match (&input.weights, input.variations) {
        (Some(w), _) => {
            for (i, &x) in w.iter().enumerate() {
                if !(x.is_finite() && x >= 0.0) {
                    return Err(Error::invalid(
                        format!("weights[{i}]"),
                        "must be a finite number ≥ 0",
                    ));
                }
            }
            if w.iter().sum::<f64>() <= 0.0 {
                return Err(Error::invalid("weights", "must sum to a positive number"));
            }
            if let Some(v) = input.variations.filter(|&v| v != w.len()) {
                return Err(Error::invalid(
                    "variations",
                    format!("is {v} but weights has {} entries", w.len()),
                ));
            }
            w.len()
        }
        (None, Some(v)) => v,
        (None, None) => 2,
    };
    if variations < 2 {
        return Err(Error::invalid(
            if input.weights.is_some() {
                "weights"
            } else {
                "variations"
            },
            "needs at least 2 variants",
        ));
    }
    let seed = input.seed.as_deref().unwrap_or(&input.experiment_key);
    let bucket = hash(seed, &input.user_id, input.hash_version)
        .ok_or_else(|| Error::out_of_range("hashVersion", "must be 1 or 2"))?;
    let ranges = bucket_ranges(variations, input.coverage, input.weights.as_deref());
    let variation = choose_variation(bucket, &ranges);
    Ok(Assignment {
        variation,
        in_experiment: variation.is_some(),
        bucket,
        ranges: ranges.iter().map(|&(a, b)| [a, b]).collect(),
        hash_version: input.hash_version,
    })
}
