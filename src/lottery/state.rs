//! A pool's persistent state as JSON: stock left, per-user counters, the random stream's position.
//!
//! A host saves `exportState()` after draws and passes it to `restore()` later; the state is
//! checked against the pool's prizes so a stale or edited state is rejected, not half-applied.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::config::Rules;
use super::rng::RngPosition;
use crate::error::{Error, Result};

pub const STATE_VERSION: u32 = 1;

/// One user's counters: draws since their last pity prize, and wins of prizes with a userLimit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserState {
    pub since_pity: u32,
    /// (prize index, wins), only for prizes with a userLimit.
    pub won: Vec<(usize, u32)>,
}

impl UserState {
    pub fn is_fresh(&self) -> bool {
        self.since_pity == 0 && self.won.is_empty()
    }

    pub fn won_of(&self, prize: usize) -> u32 {
        self.won
            .iter()
            .find(|(i, _)| *i == prize)
            .map_or(0, |(_, n)| *n)
    }

    pub fn add_win(&mut self, prize: usize) {
        match self.won.iter_mut().find(|(i, _)| *i == prize) {
            Some((_, n)) => *n += 1,
            None => self.won.push((prize, 1)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PoolState {
    pub version: u32,
    pub draws: u64,
    /// Stock left per prize id, for the prizes that have a stock.
    pub remaining: BTreeMap<String, u64>,
    /// Users with counters (users with none are left out).
    #[serde(default)]
    pub users: BTreeMap<String, UserStateJson>,
    /// Present for a seeded pool: where its stream is, so a resumed run continues identically.
    #[serde(default)]
    pub rng: Option<RngStateJson>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserStateJson {
    #[serde(default)]
    pub since_pity: u32,
    /// Wins per prize id (prizes with a userLimit).
    #[serde(default)]
    pub won: BTreeMap<String, u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RngStateJson {
    pub seed: u64,
    /// ChaCha word position (a 128-bit integer, as decimal text).
    pub word_pos: String,
}

/// A state checked against a pool's rules, ready to be installed.
pub struct Restored {
    pub remaining: Vec<Option<u64>>,
    pub users: FxHashMap<String, UserState>,
    pub draws: u64,
    pub rng: Option<RngPosition>,
}

impl PoolState {
    pub fn capture(
        rules: &Rules,
        remaining: &[Option<u64>],
        users: &FxHashMap<String, UserState>,
        draws: u64,
        rng: Option<RngPosition>,
    ) -> PoolState {
        let id = |i: usize| rules.prizes[i].id.clone();
        PoolState {
            version: STATE_VERSION,
            draws,
            remaining: remaining
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.map(|left| (id(i), left)))
                .collect(),
            users: users
                .iter()
                .map(|(user, state)| {
                    let won = state.won.iter().map(|&(i, n)| (id(i), n)).collect();
                    let json = UserStateJson {
                        since_pity: state.since_pity,
                        won,
                    };
                    (user.clone(), json)
                })
                .collect(),
            rng: rng.map(|p| RngStateJson {
                seed: p.seed,
                word_pos: p.word_pos.to_string(),
            }),
        }
    }

    pub fn check(&self, rules: &Rules) -> Result<Restored> {
        if self.version != STATE_VERSION {
            return Err(Error::invalid(
                "version",
                format!("state version {} is not {STATE_VERSION}", self.version),
            ));
        }
        let remaining = self.check_remaining(rules)?;
        let users = self
            .users
            .iter()
            .map(|(user, json)| {
                check_user(json, rules)
                    .map(|state| (user.clone(), state))
                    .map_err(|e| e.within(&format!("users[{user:?}]")))
            })
            .collect::<Result<FxHashMap<_, _>>>()?;
        Ok(Restored {
            remaining,
            users,
            draws: self.draws,
            rng: self.check_rng(rules)?,
        })
    }

    fn check_remaining(&self, rules: &Rules) -> Result<Vec<Option<u64>>> {
        if let Some(id) = self.remaining.keys().find(|id| {
            rules
                .index_of(id)
                .is_none_or(|i| rules.prizes[i].stock.is_none())
        }) {
            return Err(Error::not_found(
                format!("remaining.{id}"),
                format!("the pool has no prize '{id}' with a stock"),
            ));
        }
        rules
            .prizes
            .iter()
            .map(|prize| {
                let Some(stock) = prize.stock else {
                    return Ok(None);
                };
                let field = format!("remaining.{}", prize.id);
                match self.remaining.get(&prize.id) {
                    None => Err(Error::invalid(
                        field,
                        "missing: the state must give the stock left of every prize with a stock",
                    )),
                    Some(&left) if left > stock => Err(Error::out_of_range(
                        field,
                        format!("{left} left is more than the stock of {stock}"),
                    )),
                    Some(&left) => Ok(Some(left)),
                }
            })
            .collect()
    }

    fn check_rng(&self, rules: &Rules) -> Result<Option<RngPosition>> {
        let (Some(json), Some(seed)) = (&self.rng, rules.seed) else {
            return Ok(None);
        };
        if json.seed != seed {
            return Err(Error::invalid(
                "rng.seed",
                format!(
                    "the state comes from a pool seeded with {}, this one has {seed}",
                    json.seed
                ),
            ));
        }
        let word_pos = json
            .word_pos
            .parse::<u128>()
            .map_err(|_| Error::parse("rng.wordPos", "not a non-negative integer"))?;
        Ok(Some(RngPosition { seed, word_pos }))
    }
}

fn check_user(json: &UserStateJson, rules: &Rules) -> Result<UserState> {
    let every = rules.pity.as_ref().map_or(1, |p| p.every);
    if json.since_pity >= every {
        return Err(Error::out_of_range(
            "sincePity",
            format!(
                "{} draws since a pity prize is not below pity.every ({every})",
                json.since_pity
            ),
        ));
    }
    let mut state = UserState {
        since_pity: json.since_pity,
        won: Vec::new(),
    };
    for (id, &n) in &json.won {
        let field = format!("won.{id}");
        let index = rules
            .index_of(id)
            .ok_or_else(|| Error::not_found(&field, format!("no prize has the id '{id}'")))?;
        let Some(limit) = rules.prizes[index].user_limit else {
            return Err(Error::invalid(field, "this prize has no userLimit"));
        };
        if n > limit {
            return Err(Error::out_of_range(
                field,
                format!("{n} wins is more than the userLimit of {limit}"),
            ));
        }
        if n > 0 {
            state.won.push((index, n));
        }
    }
    Ok(state)
}
