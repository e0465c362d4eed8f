//! A prize pool's configuration as a host writes it, and its validation into a [`Prizes`] list.
//!
//! Every rule a config breaks is reported with the path of the field at fault
//! (`prizes[2].weight`, `pity.prizeIds[0]`, `fallbackId`).

use serde::Deserialize;

use super::alias::{MAX_OUTCOMES, MAX_TOTAL_WEIGHT};
use crate::error::{Error, ErrorCode, Result};

/// The largest count or amount JavaScript represents exactly (2^53 − 1).
pub const MAX_SAFE: u64 = (1 << 53) - 1;

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrizeConfig {
    pub id: String,
    /// Display name (defaults to the id).
    #[serde(default)]
    pub name: Option<String>,
    /// A positive integer; the prize's chance is weight / (sum of the weights).
    pub weight: i64,
    /// How many exist; absent = unlimited.
    #[serde(default)]
    pub stock: Option<i64>,
    /// What one costs the operator, in 分 (default 0: e.g. 谢谢参与).
    #[serde(default)]
    pub value: Option<i64>,
    /// How many one user may win; absent = unlimited.
    #[serde(default)]
    pub user_limit: Option<i64>,
    /// An image URL the widgets show; never interpreted here.
    #[serde(default)]
    pub image: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SoldOutPolicy {
    /// A sold-out prize's weight leaves the pool; the others' chances grow in proportion.
    #[default]
    Renormalize,
    /// A sold-out prize's weight goes to the fallback prize (e.g. 谢谢参与); the others' chances stay.
    Fallback,
}

/// 保底: a user who has gone `every − 1` draws without any of `prize_ids` gets one of them
/// (in proportion to their weights) on the next draw.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PityConfig {
    pub every: i64,
    pub prize_ids: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PoolConfig {
    pub prizes: Vec<PrizeConfig>,
    #[serde(default)]
    pub sold_out: SoldOutPolicy,
    #[serde(default)]
    pub fallback_id: Option<String>,
    #[serde(default)]
    pub pity: Option<PityConfig>,
    /// A seed for a reproducible run; absent = cryptographic randomness.
    #[serde(default)]
    pub seed: Option<u64>,
}

/// A validated prize.
#[derive(Clone, Debug)]
pub struct Prize {
    pub id: String,
    pub name: String,
    pub weight: u64,
    pub stock: Option<u64>,
    pub value_fen: i64,
    pub user_limit: Option<u32>,
    pub image: Option<String>,
}

/// The validated rules of a pool.
#[derive(Clone, Debug)]
pub struct Rules {
    pub prizes: Vec<Prize>,
    /// `Some(i)`: sold-out (and over-limit) weight goes to prize `i`.
    pub fallback: Option<usize>,
    pub pity: Option<Pity>,
    pub seed: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct Pity {
    pub every: u32,
    /// `members[i]`: prize `i` counts for (and resets) the pity counter.
    pub members: Vec<bool>,
}

impl Rules {
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.prizes.iter().position(|p| p.id == id)
    }

    pub fn has_user_limits(&self) -> bool {
        self.prizes.iter().any(|p| p.user_limit.is_some())
    }
}

/// A non-negative integer within `[min, max]`, or an error naming `field`.
pub fn whole(field: &str, value: i64, min: u64, max: u64, what: &str) -> Result<u64> {
    if value < 0 || (value as u64) < min {
        return Err(Error::invalid(
            field,
            format!("{what} must be an integer ≥ {min}, got {value}"),
        ));
    }
    if value as u64 > max {
        return Err(Error::new(
            ErrorCode::Overflow,
            field,
            format!("{what} {value} is larger than the {max} allowed"),
        ));
    }
    Ok(value as u64)
}

/// Checks a prize list (ids unique and non-empty, weights positive, total within 2^32):
/// shared by pools and verifiable draws.
pub fn check_weights(ids: &[&str], weights: &[i64]) -> Result<Vec<u64>> {
    if ids.is_empty() {
        return Err(Error::invalid("prizes", "add at least one prize"));
    }
    if ids.len() > MAX_OUTCOMES {
        return Err(Error::out_of_range(
            "prizes",
            format!(
                "{} prizes is more than the {MAX_OUTCOMES} supported",
                ids.len()
            ),
        ));
    }
    let mut seen = rustc_hash::FxHashMap::default();
    for (i, id) in ids.iter().enumerate() {
        if id.is_empty() {
            return Err(Error::invalid(format!("prizes[{i}].id"), "the id is empty"));
        }
        if let Some(first) = seen.insert(*id, i) {
            return Err(Error::invalid(
                format!("prizes[{i}].id"),
                format!("duplicate id '{id}' (also prizes[{first}])"),
            ));
        }
    }
    let weights = weights
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            whole(
                &format!("prizes[{i}].weight"),
                w,
                1,
                MAX_TOTAL_WEIGHT,
                "weight",
            )
        })
        .collect::<Result<Vec<u64>>>()?;
    let total: u64 = weights.iter().sum();
    if total > MAX_TOTAL_WEIGHT {
        return Err(Error::new(
            ErrorCode::Overflow,
            "prizes",
            format!(
                "the weights add up to {total}, more than the {MAX_TOTAL_WEIGHT} (2^32) supported"
            ),
        ));
    }
    Ok(weights)
}

impl PoolConfig {
    pub fn validate(&self) -> Result<Rules> {
        let ids: Vec<&str> = self.prizes.iter().map(|p| p.id.as_str()).collect();
        let weights: Vec<i64> = self.prizes.iter().map(|p| p.weight).collect();
        let weights = check_weights(&ids, &weights)?;
        let prizes = self
            .prizes
            .iter()
            .zip(weights)
            .enumerate()
            .map(|(i, (p, weight))| {
                validate_prize(p, weight).map_err(|e| e.within(&format!("prizes[{i}]")))
            })
            .collect::<Result<Vec<Prize>>>()?;
        if prizes.iter().all(|p| p.stock == Some(0)) {
            return Err(Error::invalid("prizes", "every prize is out of stock"));
        }
        let mut rules = Rules {
            prizes,
            fallback: None,
            pity: None,
            seed: None,
        };
        rules.fallback = self.fallback(&rules)?;
        rules.pity = match &self.pity {
            Some(pity) => Some(validate_pity(pity, &rules).map_err(|e| e.within("pity"))?),
            None => None,
        };
        rules.seed = self.seed;
        if self.seed.is_some_and(|seed| seed > MAX_SAFE) {
            return Err(Error::out_of_range(
                "seed",
                "a seed must be at most 2^53 − 1 (exact in JavaScript)",
            ));
        }
        Ok(rules)
    }

    fn fallback(&self, rules: &Rules) -> Result<Option<usize>> {
        match (self.sold_out, &self.fallback_id) {
            (SoldOutPolicy::Renormalize, None) => Ok(None),
            (SoldOutPolicy::Renormalize, Some(_)) => Err(Error::invalid(
                "fallbackId",
                "fallbackId is only used with soldOut: 'fallback'",
            )),
            (SoldOutPolicy::Fallback, None) => Err(Error::invalid(
                "fallbackId",
                "soldOut: 'fallback' needs a fallbackId (e.g. the 谢谢参与 prize)",
            )),
            (SoldOutPolicy::Fallback, Some(id)) => {
                let index = rules.index_of(id).ok_or_else(|| {
                    Error::not_found("fallbackId", format!("no prize has the id '{id}'"))
                })?;
                let prize = &rules.prizes[index];
                if prize.stock.is_some() || prize.user_limit.is_some() {
                    return Err(Error::invalid(
                        "fallbackId",
                        format!("the fallback prize '{id}' must have neither a stock nor a userLimit: it has to be always available"),
                    ));
                }
                Ok(Some(index))
            }
        }
    }
}

fn validate_prize(p: &PrizeConfig, weight: u64) -> Result<Prize> {
    let stock = p
        .stock
        .map(|s| whole("stock", s, 0, MAX_SAFE, "stock"))
        .transpose()?;
    let value_fen = whole("value", p.value.unwrap_or(0), 0, MAX_SAFE, "value (分)")? as i64;
    if let Some(stock) = stock {
        // The whole stock's cost must stay exact in JavaScript numbers.
        if i128::from(value_fen) * i128::from(stock) > i128::from(MAX_SAFE) {
            return Err(Error::overflow(
                "stock",
                format!("stock {stock} × value {value_fen} 分 exceeds 2^53 分"),
            ));
        }
    }
    let user_limit = p
        .user_limit
        .map(|l| whole("userLimit", l, 1, u32::MAX as u64, "userLimit").map(|l| l as u32))
        .transpose()?;
    Ok(Prize {
        id: p.id.clone(),
        name: p.name.clone().unwrap_or_else(|| p.id.clone()),
        weight,
        stock,
        value_fen,
        user_limit,
        image: p.image.clone(),
    })
}

fn validate_pity(pity: &PityConfig, rules: &Rules) -> Result<Pity> {
    let every = whole("every", pity.every, 1, u32::MAX as u64, "every")? as u32;
    if pity.prize_ids.is_empty() {
        return Err(Error::invalid("prizeIds", "name at least one prize"));
    }
    let mut members = vec![false; rules.prizes.len()];
    for (i, id) in pity.prize_ids.iter().enumerate() {
        let index = rules.index_of(id).ok_or_else(|| {
            Error::not_found(
                format!("prizeIds[{i}]"),
                format!("no prize has the id '{id}'"),
            )
        })?;
        if std::mem::replace(&mut members[index], true) {
            return Err(Error::invalid(
                format!("prizeIds[{i}]"),
                format!("'{id}' is listed twice"),
            ));
        }
    }
    Ok(Pity { every, members })
}
