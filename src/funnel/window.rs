//! ClickHouse `windowFunnel` without `strict_once`: the greedy one-pass algorithm.
//!
//! Per step it keeps one (chain start, last event time) pair, overwritten by later matches,
//! exactly as `getEventLevelNonStrictOnce` in ClickHouse's
//! `src/AggregateFunctions/AggregateFunctionWindowFunnel.cpp` does; see the README for each rule.
//! It also keeps the events of each step's chain, so the caller can measure times to convert,
//! attribute breakdowns and check exclusions on the chain that gave the level.

use std::ops::ControlFlow;

use super::def::{Modes, MAX_STEPS};
use super::entries::{for_each_entry, Entry};
use super::Chain;

pub struct Greedy {
    first: [i64; MAX_STEPS],
    last: [i64; MAX_STEPS],
    /// Bit k: step k has been reached. Always a prefix (step k is set only after step k−1).
    set: u32,
    /// paths[k][0..=k]: the events of the chain that reached step k.
    paths: Box<[[u32; MAX_STEPS]; MAX_STEPS]>,
    scratch: Vec<(u8, u32)>,
}

impl Default for Greedy {
    fn default() -> Self {
        Greedy {
            first: [0; MAX_STEPS],
            last: [0; MAX_STEPS],
            set: 0,
            paths: Box::new([[0; MAX_STEPS]; MAX_STEPS]),
            scratch: Vec::new(),
        }
    }
}

impl Greedy {
    pub fn run(&mut self, ts: &[i64], masks: &[u64], steps: usize, window: i64, m: Modes) -> Chain {
        self.set = 0;
        let mut first_event = false;
        let mut scratch = std::mem::take(&mut self.scratch);
        for_each_entry(ts, masks, m.strict_order, &mut scratch, |e: Entry| {
            if e.step == 0 {
                // strict_order: an event matching no step ends the search once a chain has begun.
                return if first_event {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                };
            }
            let k = usize::from(e.step - 1);
            let bit = 1u32 << k;
            if k == 0 {
                self.first[0] = e.ts;
                self.last[0] = e.ts;
                self.paths[0][0] = e.at;
                self.set |= 1;
                first_event = true;
            } else if m.strict_deduplication && self.set & bit != 0 {
                return ControlFlow::Break(());
            } else if m.strict_order && first_event && self.set & (bit >> 1) == 0 {
                if !m.allow_reentry {
                    return ControlFlow::Break(());
                }
            } else if self.set & (bit >> 1) != 0 {
                let start = self.first[k - 1];
                let mut matched = e.ts <= start.saturating_add(window);
                if m.strict_increase {
                    matched &= self.last[k - 1] < e.ts;
                }
                if matched {
                    self.first[k] = start;
                    self.last[k] = e.ts;
                    self.set |= bit;
                    let (before, after) = self.paths.split_at_mut(k);
                    after[0][..k].copy_from_slice(&before[k - 1][..k]);
                    after[0][k] = e.at;
                    if k + 1 == steps {
                        return ControlFlow::Break(());
                    }
                }
            }
            ControlFlow::Continue(())
        });
        self.scratch = scratch;
        let level = self.set.count_ones() as usize;
        let mut chain = Chain {
            level,
            path: [0; MAX_STEPS],
        };
        if level > 0 {
            chain.path[..level].copy_from_slice(&self.paths[level - 1][..level]);
        }
        chain
    }
}
