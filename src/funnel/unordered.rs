//! `order: 'any'`: steps in any order within the window (PostHog's unordered funnel).
//!
//! Every event that satisfies some step (and may start a funnel: the `from`/`to` range
//! applies to it) anchors a window `[t, t + window]`. The level of an anchor is the largest
//! number of steps that distinct events inside its window can satisfy — a maximum matching of
//! steps to events, since one event may satisfy several steps but counts for one. A user's
//! level is the best anchor's (the earliest one on ties); its chain lists the matched events
//! in time order, so "step k" means "the k-th step completed".

use super::def::MAX_STEPS;
use super::entries::IGNORE;
use super::Chain;

#[derive(Default)]
pub struct Unordered {
    owner: Vec<Option<u32>>,
    seen: Vec<bool>,
}

impl Unordered {
    /// `can_start[i]`: event i may anchor a window (it satisfied a step inside `from`/`to`).
    pub fn run(
        &mut self,
        ts: &[i64],
        masks: &[u64],
        can_start: &dyn Fn(usize) -> bool,
        steps: usize,
        window: i64,
        best: &mut Chain,
    ) {
        best.level = 0;
        let n = ts.len().min(masks.len());
        let mut end = 0;
        for a in 0..n {
            if masks[a] == 0 || masks[a] == IGNORE || !can_start(a) {
                continue;
            }
            let limit = ts[a].saturating_add(window);
            end = end.max(a);
            while end < n && ts[end] <= limit {
                end += 1;
            }
            let chain = self.matching(ts, masks, a..end, steps);
            if chain.level > best.level {
                *best = chain;
                if best.level == steps {
                    break;
                }
            }
        }
    }

    /// Kuhn's augmenting paths: steps on one side, the window's events on the other.
    fn matching(
        &mut self,
        ts: &[i64],
        masks: &[u64],
        events: std::ops::Range<usize>,
        steps: usize,
    ) -> Chain {
        self.owner.clear();
        self.owner.resize(steps, None);
        let mut level = 0;
        for e in events {
            let mask = (masks[e] & !IGNORE) as u32;
            if mask == 0 {
                continue;
            }
            self.seen.clear();
            self.seen.resize(steps, false);
            if self.augment(e as u32, masks) {
                level += 1;
                if level == steps {
                    break;
                }
            }
        }
        let mut path: Vec<u32> = self.owner.iter().flatten().copied().collect();
        path.sort_unstable_by_key(|&e| (ts[e as usize], e));
        let mut chain = Chain {
            level,
            path: [0; MAX_STEPS],
        };
        chain.path[..path.len()].copy_from_slice(&path);
        chain
    }

    fn augment(&mut self, e: u32, masks: &[u64]) -> bool {
        let mut bits = masks[e as usize] as u32;
        while bits != 0 {
            let s = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if s >= self.seen.len() || self.seen[s] {
                continue;
            }
            self.seen[s] = true;
            let free = match self.owner[s] {
                None => true,
                Some(other) => self.augment(other, masks),
            };
            if free {
                self.owner[s] = Some(e);
                return true;
            }
        }
        false
    }
}
