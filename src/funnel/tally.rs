//! Counting chains into groups: one [`Accumulator`] per breakdown value (or a single one without
//! a breakdown). Each chain is counted once, in its group; the whole funnel is the groups' sum,
//! so breakdown groups get the same fields (times to convert included) at no extra cost per user.

use super::def::Compiled;
use super::result::Accumulator;
use super::Chain;

pub struct Tally {
    /// Indexed by breakdown code (0 = no value), created on a group's first chain; one slot
    /// without a breakdown.
    groups: Vec<Option<Accumulator>>,
    steps: usize,
}

impl Tally {
    pub fn new(c: &Compiled) -> Tally {
        let slots = c.breakdown.as_ref().map_or(1, |b| b.dict.len() + 1);
        Tally {
            groups: (0..slots).map(|_| None).collect(),
            steps: c.names.len(),
        }
    }

    /// Counts a user's (or attempt's) chain; `ts` and `events` are the user's slices the chain
    /// indexes, starting at log position `base`. Returns whether an exclusion removed it.
    #[inline]
    pub fn count(
        &mut self,
        c: &Compiled,
        chain: &Chain,
        base: usize,
        ts: &[i64],
        events: &[u16],
    ) -> bool {
        if chain.level == 0 {
            return false;
        }
        let code = c
            .breakdown
            .as_ref()
            .map_or(0, |b| b.value(chain, base) as usize);
        let steps = self.steps;
        let Some(slot) = self.groups.get_mut(code) else {
            return false;
        };
        let group = slot.get_or_insert_with(|| Accumulator::new(steps));
        let excluded = c
            .exclusions
            .iter()
            .any(|x| x.excludes(chain, ts, events, c.window_ms));
        if excluded {
            group.excluded += 1;
        } else {
            group.add(chain, ts);
        }
        excluded
    }

    /// The whole funnel, and each group that counted a chain with its breakdown code.
    pub fn finish(self) -> (Accumulator, Vec<(usize, Accumulator)>) {
        let mut total = Accumulator::new(self.steps);
        let groups: Vec<(usize, Accumulator)> = self
            .groups
            .into_iter()
            .enumerate()
            .filter_map(|(code, acc)| acc.map(|a| (code, a)))
            .collect();
        for (_, g) in &groups {
            total.absorb(g);
        }
        (total, groups)
    }
}
