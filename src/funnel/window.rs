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
///
/// Slots are 1-based (slot s = step s−1). Slot 0 is a virtual step reached at every entry's
/// own time, so that "step 0 restarts the chain" is just "step 0 extends slot 0": the same
/// update as every other step, which the plain loop does without a branch.
struct State {
    first: [i64; SLOTS],
    last: [i64; SLOTS],
    /// Bit s: slot s reached (bit 0 always). Always a prefix.
    set: u64,
    /// Per slot, the node of its current chain in `nodes`.
    head: [u32; SLOTS],
    /// Chains as linked nodes (event index, parent node): extending a chain is one push, not
    /// a copy of its path. Cleared per user.
    nodes: Vec<(u32, u32)>,
    first_event: bool,
    steps: usize,
    window: i64,
    modes: Modes,
}

const SLOTS: usize = MAX_STEPS + 1;
const NO_NODE: u32 = u32::MAX;

impl Default for State {
    fn default() -> Self {
        State {
            first: [0; SLOTS],
            last: [0; SLOTS],
            set: 1,
            head: [NO_NODE; SLOTS],
            nodes: Vec::new(),
            first_event: false,
            steps: 0,
            window: 0,
            modes: Modes::default(),
        }
    }
}

/// The visitor of one run; `PLAIN` (no mode flags, the common funnel) uses a branch-free update
/// — event types are random to a branch predictor, and a mispredicted branch per event would
/// cost more than the whole update.
struct Run<'a, const PLAIN: bool>(&'a mut State);

impl<const PLAIN: bool> Visit for Run<'_, PLAIN> {
    #[inline(always)]
    fn visit(&mut self, e: Entry) -> ControlFlow<()> {
        if PLAIN {
            self.0.plain(e)
        } else {
            self.0.with_modes(e)
        }
    }
}

impl State {
    /// Default mode: step s extends slot s−1 when reached and within the window of its start.
    #[inline(always)]
    fn plain(&mut self, e: Entry) -> ControlFlow<()> {
        let s = usize::from(e.step).clamp(1, MAX_STEPS);
        let p = s - 1;
        self.first[0] = e.ts;
        let start = self.first[p];
        let ok = (self.set >> p) & 1 == 1 && e.ts <= start.saturating_add(self.window);
        let node = self.nodes.len() as u32;
        self.nodes.push((e.at, self.head[p]));
        self.first[s] = if ok { start } else { self.first[s] };
        self.last[s] = if ok { e.ts } else { self.last[s] };
        self.head[s] = if ok { node } else { self.head[s] };
        self.set |= u64::from(ok) << s;
        if ok && s == self.steps {
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }

    /// Every mode, with ClickHouse's checks in ClickHouse's order.
    #[inline(always)]
    fn with_modes(&mut self, e: Entry) -> ControlFlow<()> {
        let m = self.modes;
        if e.step == 0 {
            // strict_order: an event matching no step ends the search once a chain has begun.
            return if self.first_event {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            };
        }
        let s = usize::from(e.step).min(MAX_STEPS);
        let p = s - 1;
        let reached_prev = (self.set >> p) & 1 == 1;
        if s == 1 {
            self.first[1] = e.ts;
            self.last[1] = e.ts;
            self.head[1] = self.nodes.len() as u32;
            self.nodes.push((e.at, NO_NODE));
            self.set |= 1 << 1;
            self.first_event = true;
        } else if m.strict_deduplication && (self.set >> s) & 1 == 1 {
            return ControlFlow::Break(());
        } else if m.strict_order && self.first_event && !reached_prev {
            if !m.allow_reentry {
                return ControlFlow::Break(());
            }
        } else if reached_prev {
            let start = self.first[p];
            let mut matched = e.ts <= start.saturating_add(self.window);
            if m.strict_increase {
                matched &= self.last[p] < e.ts;
            }
            if matched {
                self.first[s] = start;
                self.last[s] = e.ts;
                self.set |= 1 << s;
                self.head[s] = self.nodes.len() as u32;
                self.nodes.push((e.at, self.head[p]));
                if s == self.steps {
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
        st.set = 1;
        st.head[0] = NO_NODE;
        st.nodes.clear();
        st.first_event = false;
        st.steps = steps;
        st.window = window;
        st.modes = modes;
        if modes == Modes::default() {
            for_each_entry(ts, mask, false, &mut self.scratch, &mut Run::<true>(st));
        } else {
            for_each_entry(
                ts,
                mask,
                modes.strict_order,
                &mut self.scratch,
                &mut Run::<false>(st),
            );
        }
        let level = (st.set >> 1).count_ones() as usize;
        chain.level = level;
        let mut node = st.head[level];
        for k in (0..level).rev() {
            let Some(&(at, parent)) = st.nodes.get(node as usize) else {
                break;
            };
            chain.path[k] = at;
            node = parent;
        }
    }
}
