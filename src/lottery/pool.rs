//! `PrizePool`: exact weighted draws with stock, per-user limits and 保底 (pity).
//!
//! - A draw picks prize `i` with probability `w_i / W` exactly ([`Sampler`]), where the
//!   weights are the *effective* ones: a sold-out prize's weight leaves the pool (`renormalize`)
//!   or goes to the fallback prize (`fallback`). A user who has reached a prize's `userLimit`
//!   sees the same rule applied to that prize, for their draws only.
//! - Stock never goes below zero: a prize with no stock left has effective weight zero.
//! - Pity: a user whose last `every − 1` draws missed every pity prize draws the next one from
//!   the pity prizes only (in proportion to their effective weights). If none of them can be
//!   won any more (sold out or over the user's limit), the draw is an ordinary one.
//! - A draw that cannot happen (every prize sold out) is an error and changes nothing.
//!
//! Many draws at once (`draw_many`, simulated campaigns) take their outcomes from batches drawn
//! ahead from the current tables ([`Sampler::fill`]); a batch is dropped, unread, when a stock
//! runs out (the tables change), when a user reaches a limit (their draws go one at a time) and
//! at the end of the call. Every outcome is independent of everything before it, so whether it
//! is read changes no probability; a seeded pool's stream position still says exactly where the
//! next call starts.

use rustc_hash::FxHashMap;

use super::config::{PoolConfig, Prize, Rules, MAX_SAFE};
use super::rng::Rng;
use super::sampler::{draw_once, Batch, Sampler, BATCH};
use super::state::{PoolState, UserState};
use crate::error::{Error, Result};

/// The most draws one `draw_many` call makes (their sequence takes 1 or 2 bytes each).
pub const MAX_DRAWS_PER_CALL: u64 = 10_000_000;

/// The user whose draws carry no user id (the one player of a page-local game).
pub const ANONYMOUS: &str = "";

pub struct PrizePool {
    rules: Rules,
    remaining: Vec<Option<u64>>,
    /// Draws from the effective weights; `None` once nothing can be drawn.
    table: Option<Sampler>,
    /// Draws restricted to the pity prizes; `None` without pity or when none is left.
    pity_table: Option<Sampler>,
    users: FxHashMap<String, UserState>,
    draws: u64,
    rng: Rng,
    /// Per prize, what a draw returns: its index and flags (PITY_MEMBER, HAS_STOCK, HAS_LIMIT),
    /// so a draw reads everything it needs in one value.
    labels: Vec<u16>,
}

/// The prize index in a label (`MAX_OUTCOMES` = 4096 fits in 12 bits).
const INDEX: u16 = 0x0fff;
const PITY_MEMBER: u16 = 1 << 12;
const HAS_STOCK: u16 = 1 << 13;
const HAS_LIMIT: u16 = 1 << 14;

/// The pity prizes' labels as a mask for the draws-since-pity counter: all ones for a prize that
/// keeps counting, zero for one that resets it.
#[inline(always)]
fn keep_counting(label: u16) -> u32 {
    u32::from(label & PITY_MEMBER == 0).wrapping_neg()
}

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
    pub sequence: Sequence,
}

/// The prize index of each draw, in the narrowest integers that hold every index of the pool
/// (one byte up to 256 prizes, else two: a pool has at most `MAX_OUTCOMES` = 4096), or nothing
/// when only the counts were asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Sequence {
    Skipped,
    Narrow(Vec<u8>),
    Wide(Vec<u16>),
}

impl Sequence {
    /// The prize indexes as plain numbers (empty when skipped).
    pub fn indexes(&self) -> Vec<usize> {
        match self {
            Sequence::Skipped => Vec::new(),
            Sequence::Narrow(v) => v.iter().map(|&i| usize::from(i)).collect(),
            Sequence::Wide(v) => v.iter().map(|&i| usize::from(i)).collect(),
        }
    }
}

/// A slot of a sequence: what a prize index is stored as.
trait Slot: Copy {
    fn from_index(index: u16) -> Self;
}

impl Slot for u8 {
    /// Used only for pools of at most 256 prizes, whose indexes fit.
    #[inline(always)]
    fn from_index(index: u16) -> u8 {
        index as u8
    }
}

impl Slot for u16 {
    #[inline(always)]
    fn from_index(index: u16) -> u16 {
        index
    }
}

/// No slot: when only the counts matter, the draw loop stores nothing.
impl Slot for () {
    #[inline(always)]
    fn from_index(_: u16) {}
}

impl PrizePool {
    pub fn new(config: &PoolConfig) -> Result<PrizePool> {
        let rules = config.validate()?;
        let rng = Rng::seeded_or_entropy(rules.seed)?;
        Ok(PrizePool::from_rules(rules, rng))
    }

    pub(super) fn from_rules(rules: Rules, rng: Rng) -> PrizePool {
        let remaining = rules.prizes.iter().map(|p| p.stock).collect();
        let labels = rules
            .prizes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let member = rules.pity.as_ref().is_some_and(|pity| pity.members[i]);
                (i as u16 & INDEX)
                    | (u16::from(member) * PITY_MEMBER)
                    | (u16::from(p.stock.is_some()) * HAS_STOCK)
                    | (u16::from(p.user_limit.is_some()) * HAS_LIMIT)
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
            labels,
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

    /// The effective weights, optionally restricted to the pity prizes (`None`: no pity rule).
    fn weights_for(&self, excluded: impl Fn(usize) -> bool, pity_only: bool) -> Option<Vec<u64>> {
        let mut weights = self.effective_weights(excluded);
        if pity_only {
            let members = &self.rules.pity.as_ref()?.members;
            for (w, &member) in weights.iter_mut().zip(members) {
                if !member {
                    *w = 0;
                }
            }
        }
        Some(weights)
    }

    fn rebuild_tables(&mut self) {
        let table = |pity_only| {
            let weights = self.weights_for(|i| self.is_sold_out(i), pity_only)?;
            Sampler::new(&weights, &self.labels)
        };
        (self.table, self.pity_table) = (table(false), table(true));
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
    /// With `keep_sequence` the outcome lists each draw's prize, else only the counts (cheaper).
    /// Fails, changing nothing, only when the very first draw is impossible.
    pub fn draw_many(
        &mut self,
        count: u64,
        user: Option<&str>,
        keep_sequence: bool,
    ) -> Result<ManyOutcome> {
        if count > MAX_DRAWS_PER_CALL {
            return Err(Error::out_of_range(
                "count",
                format!(
                    "at most {MAX_DRAWS_PER_CALL} draws per call (the sequence is kept in memory)"
                ),
            ));
        }
        self.check_value_bound(count, "count")?;
        let key = user.unwrap_or(ANONYMOUS);
        let mut state = self.users.remove(key).unwrap_or_default();
        let mut tally = Tally::new(self.rules.prizes.len());
        let (result, sequence) = if !keep_sequence {
            let mut nowhere = [(); BATCH];
            let result = self.run(&mut state, key, count, u64::MAX, &mut tally, &mut nowhere);
            (result, Sequence::Skipped)
        } else if self.rules.prizes.len() <= 256 {
            let mut sequence = vec![0u8; count as usize];
            let result = self.run(&mut state, key, count, u64::MAX, &mut tally, &mut sequence);
            sequence.truncate(tally.drawn as usize);
            (result, Sequence::Narrow(sequence))
        } else {
            let mut sequence = vec![0u16; count as usize];
            let result = self.run(&mut state, key, count, u64::MAX, &mut tally, &mut sequence);
            sequence.truncate(tally.drawn as usize);
            (result, Sequence::Wide(sequence))
        };
        self.store_user(key, state);
        let drawn = tally.drawn;
        if let Err(e) = result {
            if drawn == 0 && count > 0 {
                return Err(e);
            }
        }
        Ok(ManyOutcome {
            requested: count,
            drawn,
            exhausted: drawn < count,
            value_fen: self.value_of(tally.counts())?,
            counts: tally.counts().to_vec(),
            pity_draws: tally.by_pity,
            sequence,
        })
    }

    fn store_user(&mut self, key: &str, state: UserState) {
        if !state.is_fresh() {
            self.users.insert(key.to_string(), state);
        }
    }

    /// Fails, before anything is drawn, when `draws` draws could win more than 2^53 − 1 分 (the
    /// most a result holds exactly in JavaScript): each draw wins at most the dearest prize
    /// without a stock, and a prize with a stock at most what is left of it. `field` names the
    /// count at fault.
    pub fn check_value_bound(&self, draws: u64, field: &str) -> Result<()> {
        let prizes = self.rules.prizes.iter().zip(&self.remaining);
        let dearest_unlimited = prizes
            .clone()
            .filter(|(_, left)| left.is_none())
            .map(|(p, _)| i128::from(p.value_fen))
            .max()
            .unwrap_or(0);
        let stocked: i128 = prizes
            .filter_map(|(p, left)| {
                left.map(|left| i128::from(left.min(draws)) * i128::from(p.value_fen))
            })
            .sum();
        let most = i128::from(draws) * dearest_unlimited + stocked;
        if most > i128::from(MAX_SAFE) {
            return Err(Error::overflow(
                field,
                format!("{draws} draws could win up to {most} 分, more than the 2^53 − 1 分 a result holds exactly; make fewer draws at a time"),
            ));
        }
        Ok(())
    }

    /// What `counts` wins cost, in 分, summed in 128 bits: an error rather than a wrapped or
    /// inexact amount past 2^53 − 1 分.
    fn value_of(&self, counts: &[u64]) -> Result<i64> {
        let values = self.rules.prizes.iter().map(|p| i128::from(p.value_fen));
        let total: i128 = counts
            .iter()
            .zip(values)
            .map(|(&n, v)| i128::from(n) * v)
            .sum();
        match i64::try_from(total) {
            Ok(total) if total <= MAX_SAFE as i64 => Ok(total),
            _ => Err(Error::overflow(
                "valueFen",
                format!("the wins are worth {total} 分, more than the 2^53 − 1 分 a result holds exactly"),
            )),
        }
    }

    /// `count` draws for `user`, with a fresh user every `per_user` draws (simulated participants),
    /// counted in `tally`. The prize index of each draw goes to `sequence`: one slot per draw, or
    /// a block of `()` slots used over and over when only the counts matter. Stops at the first draw
    /// that cannot happen.
    fn run<S: Slot>(
        &mut self,
        user: &mut UserState,
        key: &str,
        count: u64,
        per_user: u64,
        tally: &mut Tally,
        sequence: &mut [S],
    ) -> Result<()> {
        let mut ahead = Ahead::default();
        let mut done = 0;
        while done < count {
            let into_user = done % per_user;
            if into_user == 0 && done > 0 {
                *user = UserState::default();
            }
            let at = done as usize % sequence.len();
            let out = &mut sequence[at..];
            let most = (count - done).min(out.len() as u64);
            let made = if user.won.is_empty() && self.table.is_some() {
                let fresh = Fresh {
                    per_user,
                    until_next: per_user - into_user,
                };
                if per_user == u64::MAX {
                    self.draw_ahead::<false, S>(&mut ahead, user, most, fresh, tally, out)
                } else {
                    self.draw_ahead::<true, S>(&mut ahead, user, most, fresh, tally, out)
                }
            } else {
                // Limited users (and the error of an empty pool) go one draw at a time.
                let (index, by_pity) = self.draw_index(user, key)?;
                tally.add(index, by_pity);
                out[0] = S::from_index(index as u16);
                1
            };
            done += made as u64;
        }
        Ok(())
    }

    /// Up to `most` (≥ 1) draws from the shared tables for a user without limited wins, out of
    /// the batches drawn ahead: the hot loop of many draws. Writes the prize indexes to `out`
    /// and returns how many draws it made (at least one). With `FRESH`, simulated participants
    /// follow one another inside the loop (a new one has drawn nothing since pity).
    fn draw_ahead<const FRESH: bool, S: Slot>(
        &mut self,
        ahead: &mut Ahead,
        user: &mut UserState,
        most: u64,
        mut fresh: Fresh,
        tally: &mut Tally,
        out: &mut [S],
    ) -> usize {
        let Some(table) = &self.table else {
            return 0;
        };
        if ahead.normal.remaining() == 0 {
            table.fill(&mut self.rng, &mut ahead.normal);
        }
        // Pity can come due only with a pity prize left; then the counter stays below `every`.
        let mut available = ahead.normal.remaining();
        let last_before_pity = match (&self.rules.pity, &self.pity_table) {
            (Some(pity), Some(pity_table)) => {
                if ahead.pity.remaining() == 0 {
                    pity_table.fill(&mut self.rng, &mut ahead.pity);
                }
                available = available.min(ahead.pity.remaining());
                pity.every - 1
            }
            _ => u32::MAX,
        };
        // Each draw reads one outcome from one batch, so `n` draws never run either dry.
        let n = most.min(available as u64) as usize;
        let (normal, pity) = (&ahead.normal.labels, &ahead.pity.labels);
        let (mut next_normal, mut next_pity) = (ahead.normal.at, ahead.pity.at);
        let mut since = user.since_pity;
        let mut last = 0;
        let counts = &mut *tally.counts;
        // No calls in this loop, and as few values as will do (the draws made are the outcomes
        // read, the counters need no bounds check), so what it updates stays in registers; it
        // stops after a prize with a stock or a limit, whose bookkeeping follows.
        for slot in &mut out[..n] {
            if FRESH {
                if fresh.until_next == 0 {
                    (since, fresh.until_next) = (0, fresh.per_user);
                }
                fresh.until_next -= 1;
            }
            let by_pity = since >= last_before_pity;
            let label = if by_pity {
                next_pity += 1;
                pity[(next_pity - 1) % BATCH]
            } else {
                next_normal += 1;
                normal[(next_normal - 1) % BATCH]
            };
            since = (since + 1) & keep_counting(label);
            let index = label & INDEX;
            counts[usize::from(index)] += 1;
            *slot = S::from_index(index);
            if label & (HAS_STOCK | HAS_LIMIT) != 0 {
                last = label;
                break;
            }
        }
        let made = (next_normal - ahead.normal.at) + (next_pity - ahead.pity.at);
        tally.by_pity += (next_pity - ahead.pity.at) as u64;
        tally.drawn += made as u64;
        (ahead.normal.at, ahead.pity.at) = (next_normal, next_pity);
        user.since_pity = since;
        // The tables changed, or this user's draws now depend on their wins.
        if last & (HAS_STOCK | HAS_LIMIT) != 0
            && (self.record_rare(usize::from(last & INDEX), last, user) || !user.won.is_empty())
        {
            ahead.normal.clear();
            ahead.pity.clear();
        }
        // Without a pity prize left the counter saturates at `every − 1` ("pity is due").
        user.since_pity = match &self.rules.pity {
            Some(pity) => user.since_pity.min(pity.every - 1),
            None => 0,
        };
        self.draws += made as u64;
        made
    }

    /// Picks a prize for `user` and records it; on error nothing has changed.
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

    fn pick_from_shared_tables(&mut self, pity_due: bool) -> Result<(usize, bool)> {
        let (table, by_pity) = match (&self.pity_table, &self.table) {
            (Some(pity_table), _) if pity_due => (pity_table, true),
            (_, Some(table)) => (table, false),
            (_, None) => return Err(empty_pool()),
        };
        Ok((usize::from(table.draw(&mut self.rng) & INDEX), by_pity))
    }

    /// A user with wins of limited prizes: those over their limit are excluded, through weights
    /// computed for them (O(prizes), and only for such users), which keeps the probabilities
    /// exact without rejection loops.
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
        let pity_weights = pity_due.then(|| self.weights_for(excluded, true)).flatten();
        let weights = self.effective_weights(excluded);
        if let Some(index) = pity_weights.and_then(|w| draw_once(&w, &mut self.rng)) {
            return Ok((index, true));
        }
        match draw_once(&weights, &mut self.rng) {
            Some(index) => Ok((index, false)),
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

    /// Counts a draw of prize `index` (one at a time).
    fn record(&mut self, index: usize, user: &mut UserState) {
        self.draws += 1;
        let label = self.labels[index];
        if let Some(pity) = &self.rules.pity {
            // Saturates at `every − 1` ("pity is due") when no pity prize can be won any more;
            // a pity prize resets it to 0.
            user.since_pity = (user.since_pity + 1).min(pity.every - 1) & keep_counting(label);
        }
        if label & (HAS_STOCK | HAS_LIMIT) != 0 {
            self.record_rare(index, label, user);
        }
    }

    /// A draw of a prize with a stock or a user limit: counts it against both. True when its
    /// stock ran out (and the tables were rebuilt).
    #[cold]
    #[inline(never)]
    fn record_rare(&mut self, index: usize, label: u16, user: &mut UserState) -> bool {
        if label & HAS_LIMIT != 0 {
            user.add_win(index);
        }
        if let Some(left) = &mut self.remaining[index] {
            // The prize was drawn, so its effective weight was positive: `left ≥ 1`.
            *left -= 1;
            if *left == 0 {
                self.rebuild_tables();
                return true;
            }
        }
        false
    }

    /// Back to the configured stock, with no draws and no users (one simulated campaign to the next).
    pub fn reset(&mut self) {
        self.remaining = self.rules.prizes.iter().map(|p| p.stock).collect();
        self.users.clear();
        self.draws = 0;
        self.rebuild_tables();
    }

    /// `participants` new users who are not kept in the pool (a simulated campaign) make
    /// `draws_per_user` draws each: the total value won, in 分, and whether the pool ran out first.
    /// Callers check [`PrizePool::check_value_bound`] first; past 2^53 − 1 分 this is an error.
    pub fn simulate(&mut self, participants: u64, draws_per_user: u64) -> Result<(i64, bool)> {
        let mut tally = Tally::new(self.rules.prizes.len());
        let mut user = UserState::default();
        let draws = participants.saturating_mul(draws_per_user);
        let mut nowhere = [(); BATCH];
        let result = self.run(
            &mut user,
            ANONYMOUS,
            draws,
            draws_per_user,
            &mut tally,
            &mut nowhere,
        );
        Ok((self.value_of(tally.counts())?, result.is_err()))
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

/// Where a run of simulated participants is: each makes `per_user` draws, the current one
/// `until_next` more.
struct Fresh {
    per_user: u64,
    until_next: u64,
}

/// What many draws came to: wins per prize, draws, and draws decided by pity.
struct Tally {
    /// Wins per prize index: one counter for every index a label holds, so the draw loop counts
    /// without a bounds check; the pool's prizes are the first [`Tally::prizes`].
    counts: Box<[u64; INDEX as usize + 1]>,
    prizes: usize,
    drawn: u64,
    by_pity: u64,
}

impl Tally {
    fn new(prizes: usize) -> Tally {
        Tally {
            counts: Box::new([0; INDEX as usize + 1]),
            prizes,
            drawn: 0,
            by_pity: 0,
        }
    }

    /// The wins of each of the pool's prizes.
    fn counts(&self) -> &[u64] {
        &self.counts[..self.prizes]
    }

    fn add(&mut self, index: usize, by_pity: bool) {
        self.counts[index & usize::from(INDEX)] += 1;
        self.drawn += 1;
        self.by_pity += u64::from(by_pity);
    }
}

/// The outcomes drawn ahead for one call: from the table, and from the pity table.
#[derive(Default)]
struct Ahead {
    normal: Batch,
    pity: Batch,
}

fn empty_pool() -> Error {
    Error::state(
        "",
        "the pool is empty: every prize is out of stock (nothing was drawn)",
    )
}
