//! ClickHouse `windowFunnel` with `strict_once`: every candidate chain, each event used once.
//!
//! ClickHouse (`getEventLevelStrictOnce`) keeps, per step, a list of every chain that reached
//! it, each with its start, its last time and the rows it used, and extends every one of them;
//! a row may appear in a chain only once. Its answer is the furthest step any chain reached.
//! That list can grow as the product of the matches; this keeps the same answer with far fewer
//! chains, because a chain that another one *dominates* can never reach a step the other
//! cannot:
//! - a chain extends with an event when the event is within `window` of its start (a later
//!   start is better), after its last time under strict_increase (an earlier last is better),
//!   and not already in it (fewer shared rows is better);
//! - rows only repeat as entries of the same timestamp, so once time moves on, every chain's
//!   last time is earlier than every future event and no future row is in any chain: the
//!   chain with the latest start dominates its whole step. Within one timestamp a new chain is
//!   dropped only when an existing one dominates it on all three counts.

use std::ops::ControlFlow;

use super::def::Modes;
use super::entries::{for_each_entry, Each, Entry};
use super::Chain;

#[derive(Clone)]
struct Candidate {
    start: i64,
    last: i64,
    path: Vec<u32>,
}

#[derive(Default)]
pub struct StrictOnce {
    levels: Vec<Vec<Candidate>>,
    scratch: Vec<(u8, u32)>,
}

impl StrictOnce {
    pub fn run(
        &mut self,
        ts: &[i64],
        mask: impl Fn(usize) -> u64,
        steps: usize,
        window: i64,
        m: Modes,
        chain: &mut Chain,
    ) {
        self.levels.resize_with(steps, Vec::new);
        self.levels.iter_mut().for_each(Vec::clear);
        let levels = &mut self.levels;
        let mut has_first = false;
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut visit = Each(|e: Entry| {
            if e.new_ts {
                keep_latest_start(levels);
            }
            if e.step == 0 {
                return if has_first {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                };
            }
            let k = usize::from(e.step - 1);
            if k == 0 {
                let c = Candidate {
                    start: e.ts,
                    last: e.ts,
                    path: vec![e.at],
                };
                insert(&mut levels[0], c, ts, e.ts);
                has_first = true;
            } else if m.strict_deduplication && !levels[k].is_empty() {
                return ControlFlow::Break(());
            } else if m.strict_order && has_first && levels[k - 1].is_empty() {
                if !m.allow_reentry {
                    return ControlFlow::Break(());
                }
            } else if !levels[k - 1].is_empty() {
                let (before, after) = levels.split_at_mut(k);
                for prev in &before[k - 1] {
                    let fits = e.ts <= prev.start.saturating_add(window)
                        && !prev.path.contains(&e.at)
                        && (!m.strict_increase || prev.last < e.ts);
                    if fits {
                        let mut path = prev.path.clone();
                        path.push(e.at);
                        insert(
                            &mut after[0],
                            Candidate {
                                start: prev.start,
                                last: e.ts,
                                path,
                            },
                            ts,
                            e.ts,
                        );
                        if k + 1 == steps {
                            return ControlFlow::Break(());
                        }
                    }
                }
            }
            ControlFlow::Continue(())
        });
        for_each_entry(ts, mask, m.strict_order, &mut scratch, &mut visit);
        self.scratch = scratch;
        let level = self.levels.iter().take_while(|l| !l.is_empty()).count();
        chain.level = level;
        if let Some(best) = level.checked_sub(1).and_then(|l| {
            self.levels[l]
                .iter()
                .max_by_key(|c| (c.start, std::cmp::Reverse(c.last)))
        }) {
            chain.path[..level].copy_from_slice(&best.path[..level]);
        }
    }
}

/// Once time moves past a timestamp, the chain with the latest start dominates its step.
fn keep_latest_start(levels: &mut [Vec<Candidate>]) {
    for level in levels.iter_mut().filter(|l| l.len() > 1) {
        let best = level
            .iter()
            .enumerate()
            .max_by_key(|(i, c)| (c.start, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
            .unwrap_or(0);
        level.swap(0, best);
        level.truncate(1);
    }
}

/// Adds `c` unless a chain already at this step dominates it (see the module comment).
fn insert(level: &mut Vec<Candidate>, c: Candidate, ts: &[i64], now: i64) {
    let dominated = level.iter().any(|y| {
        y.start >= c.start
            && y.last <= c.last
            && y.path
                .iter()
                .filter(|&&p| ts[p as usize] == now)
                .all(|p| c.path.contains(p))
    });
    if !dominated {
        level.push(c);
    }
}
