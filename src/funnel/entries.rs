//! The order in which ClickHouse's `windowFunnel` reads one user's events.
//!
//! ClickHouse turns each row into one entry per condition it satisfies — `(ts, k)` for step k
//! (1-based), and `(ts, 0)` for a row satisfying none when `strict_order` is on — and sorts the
//! entries by `(ts, k)`, stably. So among events with the same timestamp, entries are taken in
//! step order (a "none" entry first), whatever order the rows came in; ties of the same step
//! keep row order. The log already holds each user's events in (time, input order), so only
//! runs of equal timestamps need re-ordering, and those are short.

use std::ops::ControlFlow;

/// Mask flag of an event that must be skipped entirely: a step-1-only event outside `from`/`to`.
/// It neither starts a chain nor interrupts one.
pub const IGNORE: u64 = 1 << 63;

/// One entry: `step` is 0 for "matches no step" (strict_order only), else step index + 1;
/// `at` is the event's index within the user's slice.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub ts: i64,
    pub step: u8,
    pub at: u32,
    /// True on the first entry of a new timestamp.
    pub new_ts: bool,
}

/// What reads the entries: returns `Break` to stop (ClickHouse's early returns).
pub trait Visit {
    fn visit(&mut self, e: Entry) -> ControlFlow<()>;
}

/// A closure as a [`Visit`]or.
pub struct Each<F>(pub F);

impl<F: FnMut(Entry) -> ControlFlow<()>> Visit for Each<F> {
    #[inline(always)]
    fn visit(&mut self, e: Entry) -> ControlFlow<()> {
        (self.0)(e)
    }
}

/// Calls `v` for each entry of the user's events in ClickHouse's order until it breaks;
/// `mask(i)` gives the steps event i satisfies (see [`IGNORE`]). Everything here inlines into
/// the visitor's loop: this runs once per event of the log.
#[inline(always)]
pub fn for_each_entry(
    ts: &[i64],
    mask: impl Fn(usize) -> u64,
    with_none: bool,
    scratch: &mut Vec<(u8, u32)>,
    f: &mut impl Visit,
) {
    let n = ts.len();
    let mut i = 0;
    while i < n {
        let m = mask(i);
        if m == IGNORE || (m == 0 && !with_none) {
            // No entry: it cannot affect the order of the others at its timestamp.
            i += 1;
            continue;
        }
        let t = ts[i];
        if i + 1 == n || ts[i + 1] != t {
            // The common case: alone at its timestamp, so its own entries are already in order.
            if emit_alone(m, i as u32, t, f).is_break() {
                return;
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && ts[j] == t {
            j += 1;
        }
        scratch.clear();
        for k in i..j {
            push_entries(mask(k), k as u32, with_none, scratch);
        }
        // Indexes are unique, so an unstable sort by (step, index) is the stable order.
        scratch.sort_unstable();
        if emit(scratch, t, f).is_break() {
            return;
        }
        i = j;
    }
}

/// The entries of an event alone at its timestamp, in step order, without a buffer.
#[inline(always)]
fn emit_alone(mask: u64, at: u32, ts: i64, f: &mut impl Visit) -> ControlFlow<()> {
    let mut bits = mask as u32;
    if bits == 0 {
        return f.visit(Entry {
            ts,
            step: 0,
            at,
            new_ts: true,
        });
    }
    let mut new_ts = true;
    while bits != 0 {
        let step = bits.trailing_zeros() as u8 + 1;
        f.visit(Entry {
            ts,
            step,
            at,
            new_ts,
        })?;
        new_ts = false;
        bits &= bits - 1;
    }
    ControlFlow::Continue(())
}

#[inline(always)]
fn emit(entries: &[(u8, u32)], ts: i64, f: &mut impl Visit) -> ControlFlow<()> {
    let mut new_ts = true;
    for &(step, at) in entries {
        f.visit(Entry {
            ts,
            step,
            at,
            new_ts,
        })?;
        new_ts = false;
    }
    ControlFlow::Continue(())
}

#[inline]
fn push_entries(mask: u64, at: u32, with_none: bool, out: &mut Vec<(u8, u32)>) {
    if mask == IGNORE {
        return;
    }
    let mut bits = mask as u32;
    if bits == 0 {
        if with_none {
            out.push((0, at));
        }
        return;
    }
    while bits != 0 {
        let k = bits.trailing_zeros() as u8;
        out.push((k + 1, at));
        bits &= bits - 1;
    }
}
