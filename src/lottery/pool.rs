//! `PrizePool`: exact weighted draws with stock, per-user limits and 保底 (pity).
//!
//! - A draw picks prize `i` with probability `w_i / W` exactly ([`AliasTable`]), where the
//!   weights are the *effective* ones: a sold-out prize's weight leaves the pool (`renormalize`)
//!   or goes to the fallback prize (`fallback`). A user who has reached a prize's `userLimit`
//!   sees the same rule applied to that prize, for their draws only.
//! - Stock never goes below zero: a prize with no stock left has effective weight zero.
//! - Pity: a user whose last `every − 1` draws missed every pity prize draws the next one from
//!   the pity prizes only (in proportion to their effective weights). If none of them can be
//!   won any more (sold out or over the user's limit), the draw is an ordinary one.
//! - A draw that cannot happen (every prize sold out) is an error and changes nothing.

use rustc_hash::FxHashMap;

use super::alias::AliasTable;
use super::config::{PoolConfig, Prize, Rules};
use super::rng::Rng;
use super::state::{PoolState, UserState};
use crate::error::{Error, Result};

/// The most draws one `draw_many` call makes (their sequence takes 4 bytes each).
pub const MAX_DRAWS_PER_CALL: u64 = 10_000_000;

/// The user whose draws carry no user id (the one player of a page-local game).
pub const ANONYMOUS: &str = "";

pub struct PrizePool {
    rules: Rules,
    remaining: Vec<Option<u64>>,
    /// Draws from the effective weights; `None` once nothing can be drawn.
    table: Option<AliasTable>,
    /// Draws restricted to the pity prizes; `None` without pity or when none is left.
    pity_table: Option<AliasTable>,
    users: FxHashMap<String, UserState>,
    draws: u64,
    rng: Rng,
    /// Per prize: PITY_MEMBER | HAS_STOCK | HAS_LIMIT, read on every draw.
    flags: Vec<u8>,
}

const PITY_MEMBER: u8 = 1;
const HAS_STOCK: u8 = 2;
const HAS_LIMIT: u8 = 4;

/// One draw's result.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DrawOutcome {
    pub index: usize,
    pub prize_id: String,
    pub name: String,
    pub value_fen: i64,
    /// True when 保底 decided this draw.
    pub by_pity: bool,
    /// Stock left of this prize after the draw (`None`: unlimited).
    pub remaining: Option<u64>,
    /// 1 for the pool's first draw.
    pub draw_number: u64,
}

/// The result of many draws for one user: counts per prize and the sequence of prize indexes.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManyOutcome {
    pub requested: u64,
    pub drawn: u64,
    /// True when the pool ran out before `requested` draws were made.
    pub exhausted: bool,
    /// Wins per prize, in the config's order.
    pub counts: Vec<u64>,
    pub pity_draws: u64,
    pub value_fen: i64,
    #[serde(skip)]
    pub sequence: Vec<u32>,
}

impl PrizePool {
    pub fn new(config: &PoolConfig) -> Result<PrizePool> {
        let rules = config.validate()?;
        let rng = Rng::seeded_or_entropy(rules.seed)?;
        Ok(PrizePool::from_rules(rules, rng))
    }

    pub(super) fn from_rules(rules: Rules, rng: Rng) -> PrizePool {
        let remaining = rules.prizes.iter().map(|p| p.stock).collect();
        let flags = rules
            .prizes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let member = rules.pity.as_ref().is_some_and(|pity| pity.members[i]);
                (u8::from(member) * PITY_MEMBER)
                    | (u8::from(p.stock.is_some()) * HAS_STOCK)
                    | (u8::from(p.user_limit.is_some()) * HAS_LIMIT)
            })
            .collect();
        let mut pool = PrizePool {
            rules,
            remaining,
            table: None,
            pity_table: None,
            users: FxHashMap::default(),
            draws: 0,
            rng,
            flags,
        };
        pool.rebuild_tables();
        pool
    }

    pub fn prizes(&self) -> &[Prize] {
        &self.rules.prizes
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn remaining(&self) -> &[Option<u64>] {
        &self.remaining
    }

    pub fn draws(&self) -> u64 {
        self.draws
    }

    /// True when nothing can be drawn any more.
    pub fn is_empty(&self) -> bool {
        self.table.is_none()
    }

    /// The weights a draw uses when the prizes for which `excluded(i)` holds cannot be won:
    /// their weight leaves the pool, or goes to the fallback prize.
    pub fn effective_weights(&self, excluded: impl Fn(usize) -> bool) -> Vec<u64> {
        let mut weights: Vec<u64> = self.rules.prizes.iter().map(|p| p.weight).collect();
        for i in 0..weights.len() {
            if excluded(i) {
                let moved = std::mem::take(&mut weights[i]);
                if let Some(fallback) = self.rules.fallback {
                    weights[fallback] += moved;
                }
            }
        }
        weights
    }

    pub fn is_sold_out(&self, i: usize) -> bool {
        self.remaining[i] == Some(0)
    }

    /// Builds a draw table for the effective weights, optionally restricted to the pity prizes.
    fn table_for(&self, excluded: impl Fn(usize) -> bool, pity_only: bool) -> Option<AliasTable> {
        let mut weights = self.effective_weights(excluded);
        if pity_only {
            let members = &self.rules.pity.as_ref()?.members;
            for (w, &member) in weights.iter_mut().zip(members) {
                if !member {
                    *w = 0;
                }
            }
        }
        AliasTable::new(&weights)
    }

    fn rebuild_tables(&mut self) {
        self.table = self.table_for(|i| self.is_sold_out(i), false);
        self.pity_table = self.table_for(|i| self.is_sold_out(i), true);
    }

    /// One draw for `user` (`None`: the anonymous player).
    pub fn draw(&mut self, user: Option<&str>) -> Result<DrawOutcome> {
        let key = user.unwrap_or(ANONYMOUS);
        let mut state = self.users.remove(key).unwrap_or_default();
        let result = self.draw_index(&mut state, key);
        self.store_user(key, state);
        let (index, by_pity) = result?;
        let prize = &self.rules.prizes[index];
        Ok(DrawOutcome {
            index,
            prize_id: prize.id.clone(),
            name: prize.name.clone(),
            value_fen: prize.value_fen,
            by_pity,
            remaining: self.remaining[index],
            draw_number: self.draws,
        })
    }

    /// Up to `count` draws for one user; stops early (and says so) when the pool runs out.
    /// Fails, changing nothing, only when the very first draw is impossible.
    pub fn draw_many(&mut self, count: u64, user: Option<&str>) -> Result<ManyOutcome> {
        if count > MAX_DRAWS_PER_CALL {
            return Err(Error::out_of_range(
                "count",
                format!(
                    "at most {MAX_DRAWS_PER_CALL} draws per call (the sequence is kept in memory)"
                ),
            ));
        }
        let key = user.unwrap_or(ANONYMOUS);
        let mut state = self.users.remove(key).unwrap_or_default();
        let mut out = ManyOutcome {
            requested: count,
            drawn: 0,
            exhausted: false,
            counts: vec![0; self.rules.prizes.len()],
            pity_draws: 0,
            value_fen: 0,
            sequence: Vec::with_capacity(count as usize),
        };
        let mut failure = None;
        while out.drawn < count {
            match self.draw_index(&mut state, key) {
                Ok((index, by_pity)) => {
                    out.drawn += 1;
                    out.counts[index] += 1;
                    out.pity_draws += u64::from(by_pity);
                    out.value_fen += self.rules.prizes[index].value_fen;
                    out.sequence.push(index as u32);
                }
                Err(e) => {
                    out.exhausted = true;
                    failure = Some(e);
                    break;
                }
            }
        }
        self.store_user(key, state);
        match failure {
            Some(e) if out.drawn == 0 && count > 0 => Err(e),
            _ => Ok(out),
        }
    }

    fn store_user(&mut self, key: &str, state: UserState) {
        if !state.is_fresh() {
            self.users.insert(key.to_string(), state);
        }
    }

    /// Picks a prize for `user` and records it; on error nothing has changed.
    /// (Inlined into the draw loops: in wasm the call and its result in memory cost as much as the draw.)
    #[inline(always)]
    fn draw_index(&mut self, user: &mut UserState, key: &str) -> Result<(usize, bool)> {
        let pity_due = self
            .rules
            .pity
            .as_ref()
            .is_some_and(|p| user.since_pity + 1 >= p.every);
        let (index, by_pity) = if user.won.is_empty() {
            self.pick_from_shared_tables(pity_due)?
        } else {
            self.pick_for_limited_user(user, pity_due, key)?
        };
        self.record(index, user);
        Ok((index, by_pity))
    }

    #[inline(always)]
    fn pick_from_shared_tables(&mut self, pity_due: bool) -> Result<(usize, bool)> {
        if pity_due {
            if let Some(table) = &self.pity_table {
                return Ok((table.sample(&mut self.rng), true));
            }
        }
        match &self.table {
            Some(table) => Ok((table.sample(&mut self.rng), false)),
            None => Err(empty_pool()),
        }
    }

    /// A user with wins of limited prizes: those over their limit are excluded, through tables
    /// built for them (O(prizes), and only for such users), which keeps the probabilities exact
    /// without rejection loops.
    #[cold]
    #[inline(never)]
    fn pick_for_limited_user(
        &mut self,
        user: &UserState,
        pity_due: bool,
        key: &str,
    ) -> Result<(usize, bool)> {
        let limited = self.limited_prizes(user);
        if limited.is_empty() {
            return self.pick_from_shared_tables(pity_due);
        }
        let excluded = |i: usize| self.is_sold_out(i) || limited.contains(&i);
        let pity_table = pity_due.then(|| self.table_for(excluded, true)).flatten();
        let table = self.table_for(excluded, false);
        if let Some(pity_table) = pity_table {
            return Ok((pity_table.sample(&mut self.rng), true));
        }
        match table {
            Some(table) => Ok((table.sample(&mut self.rng), false)),
            None if self.table.is_none() => Err(empty_pool()),
            None => Err(Error::state(
                "userId",
                format!("user '{key}' has reached the limit of every prize still in stock"),
            )),
        }
    }

    fn limited_prizes(&self, user: &UserState) -> Vec<usize> {
        self.rules
            .prizes
            .iter()
            .enumerate()
            .filter(|(i, p)| p.user_limit.is_some_and(|limit| user.won_of(*i) >= limit))
            .map(|(i, _)| i)
            .collect()
    }

    /// Counts a draw of prize `index`. Written to avoid branches on the prize drawn (which is
    /// random, so a branch on it mispredicts): the rare cases (stock, limits) share one test.
    #[inline(always)]
    fn record(&mut self, index: usize, user: &mut UserState) {
        self.draws += 1;
        let flags = self.flags[index];
        if let Some(pity) = &self.rules.pity {
            // Saturates at `every − 1` ("pity is due") when no pity prize can be won any more;
            // a pity prize resets it to 0 (the multiplication by 0 or 1 is the branch-free choice).
            let keep = u32::from(flags & PITY_MEMBER == 0);
            user.since_pity = (user.since_pity + 1).min(pity.every - 1) * keep;
        }
        if flags & (HAS_STOCK | HAS_LIMIT) != 0 {
            self.record_rare(index, flags, user);
        }
    }

    #[cold]
    #[inline(never)]
    fn record_rare(&mut self, index: usize, flags: u8, user: &mut UserState) {
        if flags & HAS_LIMIT != 0 {
            user.add_win(index);
        }
        if let Some(left) = &mut self.remaining[index] {
            // The prize was drawn, so its effective weight was positive: `left ≥ 1`.
            *left -= 1;
            if *left == 0 {
                self.rebuild_tables();
            }
        }
    }

    /// Back to the configured stock, with no draws and no users (one simulated campaign to the next).
    pub fn reset(&mut self) {
        self.remaining = self.rules.prizes.iter().map(|p| p.stock).collect();
        self.users.clear();
        self.draws = 0;
        self.rebuild_tables();
    }

    /// `draws` draws for a new user who is not kept in the pool (a simulated participant):
    /// the total value won, in 分, and whether the pool ran out first.
    pub fn simulate_participant(&mut self, draws: u64) -> (i64, bool) {
        let mut user = UserState::default();
        let mut value = 0;
        for _ in 0..draws {
            match self.draw_index(&mut user, ANONYMOUS) {
                Ok((index, _)) => value += self.rules.prizes[index].value_fen,
                Err(_) => return (value, true),
            }
        }
        (value, false)
    }

    /// The pool's state (stock left, counters, and for a seeded pool where its random stream is).
    pub fn export_state(&self) -> PoolState {
        PoolState::capture(
            &self.rules,
            &self.remaining,
            &self.users,
            self.draws,
            self.rng.position(),
        )
    }

    /// Replaces the state with an exported one (checked against this pool's prizes first:
    /// on error nothing changes). A cryptographic pool keeps its own random stream.
    pub fn restore(&mut self, state: &PoolState) -> Result<()> {
        let restored = state.check(&self.rules)?;
        self.remaining = restored.remaining;
        self.users = restored.users;
        self.draws = restored.draws;
        if let Some(position) = restored.rng {
            self.rng = Rng::at_position(&position);
        }
        self.rebuild_tables();
        Ok(())
    }
}

fn empty_pool() -> Error {
    Error::state(
        "",
        "the pool is empty: every prize is out of stock (nothing was drawn)",
    )
}
