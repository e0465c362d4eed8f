//! Funnels (漏斗分析): how many users go through a sequence of steps within a time window.
//!
//! `funnel(log, def)` walks the resident log user by user — each user's events are already in
//! time order — finds each user's chain with the chosen semantics, and counts the chains. Extra
//! memory is O(users): one level per user on request, one conversion time per converted user
//! and step; everything else is per-user scratch reused across users.
//!
//! - [`def`]: the definition and its validation against the log
//! - [`steps`]: which steps an event satisfies (names, `where`, `anyOf`)
//! - [`entries`]: ClickHouse's event order (equal timestamps in step order)
//! - [`window`]: ClickHouse `windowFunnel` (default, strict_order, strict_deduplication,
//!   strict_increase, allow_reentry); [`once`]: the same with strict_once
//! - [`unordered`]: `order: 'any'`
//! - [`scan`]: finding one event code, four codes at a time
//! - [`exclusions`], [`breakdown`], [`correlation`]: PostHog's exclusion steps, breakdown
//!   attribution and correlation analysis
//! - [`tally`]: counting chains per breakdown group; [`result`]: counts, rates, Wilson
//!   intervals, times to convert

pub mod breakdown;
pub mod correlation;
pub mod def;
pub mod entries;
pub mod exclusions;
pub mod once;
pub mod result;
pub mod scan;
pub mod steps;
pub mod tally;
pub mod unordered;
pub mod window;

use serde::Serialize;

use crate::error::Result;
use crate::events::log::UserIds;
use crate::events::EventLog;
use def::{Compiled, Counting, Order, MAX_STEPS};
use entries::IGNORE;
use result::StepResult;
use tally::Tally;

pub use def::FunnelDef;

/// The chain that gave a user's level: `path[k]` is the index (within the user's events) of the
/// event that satisfied step k, for k < level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chain {
    pub level: usize,
    pub path: [u32; MAX_STEPS],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunnelResult {
    pub steps: Vec<StepResult>,
    /// Users who entered the funnel but were removed by an exclusion (not counted in `steps`).
    pub excluded: u64,
    pub breakdown: Option<BreakdownResult>,
    pub window_ms: i64,
    pub mode: Vec<&'static str>,
    pub order: &'static str,
    pub counting: &'static str,
    pub per_user: Option<PerUser>,
    pub correlation: Option<correlation::Correlation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BreakdownResult {
    pub prop: String,
    /// One group per value, most entrants first; `value: null` for users without a value.
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub value: Option<String>,
    pub excluded: u64,
    pub steps: Vec<StepResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PerUser {
    pub user_ids: UserIdList,
    /// Steps reached by each user (0 = never entered, or excluded); with `counting: 'totals'`,
    /// the best attempt's.
    pub levels: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum UserIdList {
    Numbers(Vec<i64>),
    Strings(Vec<String>),
}

/// Runs a funnel over the whole log.
pub fn funnel(log: &EventLog, def: &FunnelDef) -> Result<FunnelResult> {
    let c = def.compile(log)?;
    let mut engine = Engine::default();
    let mut tally = Tally::new(&c);
    let mut correlation = c.correlation.then(|| correlation::Counter::new(log, &c));
    let mut levels = Vec::with_capacity(if c.per_user { log.user_count() } else { 0 });
    let (all_ts, all_events) = (log.ts(), log.events());
    for u in 0..log.user_count() {
        let range = log.user_range(u);
        let base = range.start;
        let (ts, events) = (&all_ts[range.clone()], &all_events[range]);
        // The level reported per user: an excluded user's is 0.
        let mut best = 0;
        match c.counting {
            Counting::Uniques => {
                engine.find(&c, base, ts, events, 0);
                let chain = &engine.chain;
                if !tally.count(&c, chain, base, ts, events) {
                    best = chain.level;
                    if let Some(counter) = correlation.as_mut().filter(|_| best > 0) {
                        counter.add(u, &c, chain, base, ts, events);
                    }
                }
            }
            Counting::Totals => {
                let mut start = 0;
                while let Some(s) = (start..ts.len()).find(|&i| may_start(&c, base, ts, events, i))
                {
                    engine.find(&c, base, ts, events, s);
                    let chain = &engine.chain;
                    tally.count(&c, chain, base, ts, events);
                    best = best.max(chain.level);
                    start = match chain.level {
                        0 => s + 1,
                        l => (chain.path[l - 1] as usize + 1).max(s + 1),
                    };
                }
            }
        }
        if c.per_user {
            levels.push(best as u8);
        }
    }
    let mut result = finish(log, &c, tally, levels);
    result.correlation = correlation.map(|counter| counter.finish(log));
    Ok(result)
}

fn finish(log: &EventLog, c: &Compiled, tally: Tally, levels: Vec<u8>) -> FunnelResult {
    let (total, groups) = tally.finish();
    let breakdown = c.breakdown.as_ref().map(|b| {
        let mut out: Vec<(u64, Group)> = groups
            .into_iter()
            .map(|(code, acc)| {
                let entered = acc.entered();
                let value = code.checked_sub(1).and_then(|i| b.dict.get(i)).cloned();
                let excluded = acc.excluded;
                (
                    entered,
                    Group {
                        value,
                        excluded,
                        steps: acc.finish(&c.names, c.window_ms),
                    },
                )
            })
            .collect();
        out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.value.cmp(&b.1.value)));
        BreakdownResult {
            prop: b.prop.clone(),
            groups: out.into_iter().map(|(_, g)| g).collect(),
        }
    });
    let per_user = c.per_user.then(|| PerUser {
        user_ids: match log.user_ids() {
            UserIds::Numbers(v) => UserIdList::Numbers(v.clone()),
            UserIds::Strings(v) => UserIdList::Strings(v.clone()),
        },
        levels,
    });
    FunnelResult {
        excluded: total.excluded,
        steps: total.finish(&c.names, c.window_ms),
        breakdown,
        window_ms: c.window_ms,
        mode: c.modes.names(),
        order: match c.order {
            Order::Ordered => "ordered",
            Order::Any => "any",
        },
        counting: match c.counting {
            Counting::Uniques => "uniques",
            Counting::Totals => "totals",
        },
        per_user,
        correlation: None,
    }
}

/// The steps event `i` of a user (log position `base + i`) satisfies, as the engines read
/// them: for ordered funnels a step-0 match outside `from`/`to` is dropped, and an event left
/// with no step is [`IGNORE`]d rather than treated as a non-step event.
#[inline(always)]
fn step_mask(c: &Compiled, base: usize, i: usize, code: u16, t: i64) -> u64 {
    let mask = u64::from(c.matcher.mask(base + i, code));
    if c.order == Order::Any || mask & 1 == 0 || (c.from <= t && t < c.to) {
        mask
    } else if mask == 1 {
        IGNORE
    } else {
        mask & !1
    }
}

/// The events `from..` that can change a user's level, in every ClickHouse mode:
/// - entries before the first step-0 entry are no-ops (nothing is reached, so nothing can
///   extend, repeat or break), and most users never enter a funnel;
/// - every chain starts at or before the last step-0 event, so events later than its time plus
///   the window can extend nothing (they could only stop the search, which keeps the level).
///
/// Users live far longer than a conversion window, so this skips most of a typical log. Only
/// event codes are read while scanning when the steps need no properties and no time range.
fn relevant_span(
    c: &Compiled,
    base: usize,
    ts: &[i64],
    events: &[u16],
    from: usize,
) -> Option<std::ops::Range<usize>> {
    let plain = names_only(c);
    let entry_code = c.matcher.entry_code().filter(|_| plain);
    let (first, last) = if let Some(code) = entry_code {
        let first = from + scan::position(&events[from..], code)?;
        (first, first + scan::rposition(&events[first..], code)?)
    } else if plain {
        let enters = |&code: &u16| c.matcher.by_name(code) & 1 != 0;
        let first = from + events[from..].iter().position(enters)?;
        (first, first + events[first..].iter().rposition(enters)?)
    } else {
        let enters = |i: usize| {
            let m = step_mask(c, base, i, events[i], ts[i]);
            m & 1 != 0 && m != IGNORE
        };
        let first = (from..ts.len()).find(|&i| enters(i))?;
        (first, (first..ts.len()).rev().find(|&i| enters(i))?)
    };
    let mut start = first;
    while start > from && ts[start - 1] == ts[first] {
        start -= 1;
    }
    // The span usually ends a few events after `last`: a forward walk beats a binary search.
    let limit = ts[last].saturating_add(c.window_ms);
    let end = last + ts[last..].iter().take_while(|&&t| t <= limit).count();
    Some(start..end)
}

/// With steps named by event alone and no time range: the index of the only event of `events`
/// that satisfies a step, if there is exactly one and it satisfies step 0 alone.
fn lone_entry(c: &Compiled, events: &[u16]) -> Option<usize> {
    if !names_only(c) {
        return None;
    }
    let mut entry = None;
    for (i, &code) in events.iter().enumerate() {
        match c.matcher.by_name(code) {
            0 => {}
            1 if entry.is_none() => entry = Some(i),
            _ => return None,
        }
    }
    entry
}

/// Whether an event's steps are its name's alone (no `where`, no `from`/`to`): one table lookup.
fn names_only(c: &Compiled) -> bool {
    c.matcher.by_name_only() && c.from == i64::MIN && c.to == i64::MAX
}

/// Whether event `i` can start an attempt (`counting: 'totals'`).
fn may_start(c: &Compiled, base: usize, ts: &[i64], events: &[u16], i: usize) -> bool {
    let m = step_mask(c, base, i, events[i], ts[i]);
    match c.order {
        Order::Ordered => m != IGNORE && m & 1 != 0,
        Order::Any => m != 0 && c.from <= ts[i] && ts[i] < c.to,
    }
}

/// Per-query scratch, reused for every user.
struct Engine {
    masks: Vec<u64>,
    held: Vec<u64>,
    keys: Vec<Vec<u32>>,
    greedy: window::Greedy,
    once: once::StrictOnce,
    unordered: unordered::Unordered,
    /// The last chain found; indexes are within the whole user slice.
    chain: Chain,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            masks: Vec::new(),
            held: Vec::new(),
            keys: Vec::new(),
            greedy: Default::default(),
            once: Default::default(),
            unordered: Default::default(),
            chain: Chain {
                level: 0,
                path: [0; MAX_STEPS],
            },
        }
    }
}

impl Engine {
    /// Finds the user's chain over events `from..` into `self.chain`.
    fn find(&mut self, c: &Compiled, base: usize, ts: &[i64], events: &[u16], from: usize) {
        let n = c.names.len();
        let mut from = from;
        if !c.hold_constant.is_empty() || c.order == Order::Any {
            let (ts, events, base) = (&ts[from..], &events[from..], base + from);
            self.masks.clear();
            self.masks
                .extend((0..ts.len()).map(|i| step_mask(c, base, i, events[i], ts[i])));
            if c.hold_constant.is_empty() {
                let can_start = |i: usize| c.from <= ts[i] && ts[i] < c.to;
                self.unordered
                    .run(ts, &self.masks, &can_start, n, c.window_ms, &mut self.chain);
            } else {
                self.held_chain(c, base, ts);
            }
        } else {
            let Some(span) = relevant_span(c, base, ts, events, from) else {
                self.chain.level = 0;
                return;
            };
            if let Some(entry) = lone_entry(c, &events[span.clone()]) {
                // The usual user: no step event in the span but the entry, so every mode gives
                // the chain of the entry alone (the general engines would find it too, slower).
                self.chain.level = 1;
                self.chain.path[0] = (span.start + entry) as u32;
                return;
            }
            from = span.start;
            let (ts, events, base) = (&ts[span.clone()], &events[span], base + from);
            let mask = |i: usize| step_mask(c, base, i, events[i], ts[i]);
            if c.modes.strict_once {
                self.once
                    .run(ts, mask, n, c.window_ms, c.modes, &mut self.chain);
            } else if names_only(c) {
                // The common funnel: a step mask is one table lookup (same answer, fewer checks).
                let by_name =
                    |i: usize| u64::from(c.matcher.by_name(events.get(i).copied().unwrap_or(0)));
                self.greedy
                    .run(ts, by_name, n, c.window_ms, c.modes, &mut self.chain);
            } else {
                self.greedy
                    .run(ts, mask, n, c.window_ms, c.modes, &mut self.chain);
            }
        }
        let level = self.chain.level;
        for p in &mut self.chain.path[..level] {
            *p += from as u32;
        }
    }

    /// holdConstant: one run per distinct combination of the held properties among the user's
    /// step events, where only events with that combination satisfy steps (the others count
    /// as non-step events, which matters for strict_order). The highest level wins; on a tie,
    /// the combination seen first. `self.masks` holds the events' masks.
    fn held_chain(&mut self, c: &Compiled, base: usize, ts: &[i64]) {
        let key = |i: usize| -> Vec<u32> {
            c.hold_constant
                .iter()
                .map(|col| category_code(col, base + i))
                .collect()
        };
        self.keys.clear();
        for (i, &m) in self.masks.iter().enumerate() {
            if m != 0 && m != IGNORE {
                let k = key(i);
                if !k.contains(&0) && !self.keys.contains(&k) {
                    self.keys.push(k);
                }
            }
        }
        let mut best = Chain {
            level: 0,
            path: [0; MAX_STEPS],
        };
        let n = c.names.len();
        for k in &self.keys {
            self.held.clear();
            self.held
                .extend(self.masks.iter().enumerate().map(|(i, &m)| {
                    if m == IGNORE || key(i) == *k {
                        m
                    } else {
                        0
                    }
                }));
            let held = &self.held;
            match c.order {
                Order::Any => {
                    let can_start = |i: usize| c.from <= ts[i] && ts[i] < c.to;
                    self.unordered
                        .run(ts, held, &can_start, n, c.window_ms, &mut self.chain);
                }
                Order::Ordered if c.modes.strict_once => {
                    self.once
                        .run(ts, |i| held[i], n, c.window_ms, c.modes, &mut self.chain)
                }
                Order::Ordered => {
                    self.greedy
                        .run(ts, |i| held[i], n, c.window_ms, c.modes, &mut self.chain)
                }
            }
            if self.chain.level > best.level {
                best = self.chain;
            }
        }
        self.chain = best;
    }
}
fn category_code(column: &crate::events::Column, i: usize) -> u32 {
    match column {
        crate::events::Column::Category { codes, .. } => codes.get(i),
        _ => 0,
    }
}
