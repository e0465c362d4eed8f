//! ClickHouse `windowFunnel` without `strict_once`: the greedy one-pass algorithm.
//!
//! Per step it keeps one (chain start, last event time) pair, overwritten by later matches,
//! exactly as `getEventLevelNonStrictOnce` in ClickHouse's
//! `src/AggregateFunctions/AggregateFunctionWindowFunnel.cpp` does; see the README for each rule.
//! It also keeps the events of each step's chain, so the caller can measure times to convert,
//! attribute breakdowns and check exclusions on the chain that gave the level.

use std::ops::ControlFlow;

use super::def::{Modes, MAX_STEPS};
use super::entries::{for_each_entry, Entry, Visit};
use super::Chain;

#[derive(Default)]
pub struct Greedy {
    state: State,
    scratch: Vec<(u8, u32)>,
}

/// One user's run: ClickHouse's `events_timestamp` plus the chains' events.
#[derive(Default)]
struct State {
    first: [i64; MAX_STEPS],
    last: [i64; MAX_STEPS],
    /// Bit k: step k has been reached. Always a prefix (step k is set only after step k−1).
    set: u32,
    /// Per step, the node of its current chain in `nodes`.
    head: [u32; MAX_STEPS],
    /// Chains as linked nodes (event index, parent node): extending a chain is one push, not
    /// a copy of its path. Cleared per user.
    nodes: Vec<(u32, u32)>,
    first_event: bool,
    steps: usize,
    window: i64,
    modes: Modes,
}

impl Visit for State {
    #[inline(always)]
    fn visit(&mut self, e: Entry) -> ControlFlow<()> {
        let m = self.modes;
        if e.step == 0 {
            // strict_order: an event matching no step ends the search once a chain has begun.
            return if self.first_event {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            };
        }
        let k = usize::from(e.step - 1) % MAX_STEPS;
        let bit = 1u32 << k;
        if k == 0 {
            self.first[0] = e.ts;
            self.last[0] = e.ts;
            self.head[0] = self.nodes.len() as u32;
            self.nodes.push((e.at, u32::MAX));
            self.set |= 1;
            self.first_event = true;
        } else if m.strict_deduplication && self.set & bit != 0 {
            return ControlFlow::Break(());
        } else if m.strict_order && self.first_event && self.set & (bit >> 1) == 0 {
            if !m.allow_reentry {
                return ControlFlow::Break(());
            }
        } else if self.set & (bit >> 1) != 0 {
            let start = self.first[k - 1];
            let mut matched = e.ts <= start.saturating_add(self.window);
            if m.strict_increase {
                matched &= self.last[k - 1] < e.ts;
            }
            if matched {
                self.first[k] = start;
                self.last[k] = e.ts;
                self.set |= bit;
                self.head[k] = self.nodes.len() as u32;
                self.nodes.push((e.at, self.head[k - 1]));
                if k + 1 == self.steps {
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    }
}

impl Greedy {
    /// Finds the user's chain; `mask(i)` gives the steps event i satisfies.
    #[inline]
    pub fn run(
        &mut self,
        ts: &[i64],
        mask: impl Fn(usize) -> u64,
        steps: usize,
        window: i64,
        modes: Modes,
        chain: &mut Chain,
    ) {
        let st = &mut self.state;
        st.set = 0;
        st.nodes.clear();
        st.first_event = false;
        st.steps = steps;
        st.window = window;
        st.modes = modes;
        for_each_entry(ts, mask, modes.strict_order, &mut self.scratch, st);
        let level = st.set.count_ones() as usize;
        chain.level = level;
        if level > 0 {
            let mut node = st.head[level - 1];
            for k in (0..level).rev() {
                let Some(&(at, parent)) = st.nodes.get(node as usize) else {
                    break;
                };
                chain.path[k] = at;
                node = parent;
            }
        }
    }
}
