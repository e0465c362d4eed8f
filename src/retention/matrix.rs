//! The retention matrix: of the users who did the start event in a period, how many did the
//! return event 0, 1, 2 … periods later. See the module documentation for every definition.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::period::{Calendar, Period};
use crate::error::{Error, Result};
use crate::events::time::check_offset;
use crate::events::EventLog;
use crate::metrics::window::{
    default_offset, end_of_observation, resolve_opt, time_span, End, EventFilter, TimeBound,
};

/// `on`: returned in period k itself (Mixpanel's "On", Amplitude's N-day retention).
/// `on_or_after`: returned in period k or any later one up to `asOf` (Mixpanel's "On or after",
/// Amplitude's unbounded retention).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    #[default]
    On,
    OnOrAfter,
}

/// `first_time`: a user's cohort is the period of their first-ever start event (one cohort per
/// user). `recurring`: a user joins the cohort of every period in which they did the start event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CohortKind {
    #[default]
    FirstTime,
    Recurring,
}

/// `calendar`: period k is the k-th calendar period after the cohort's.
/// `rolling_24h`: period k is `[anchor + k·L, anchor + (k+1)·L)` with L = 24 h, 7 × 24 h or 30 × 24 h,
/// counted from each user's own start event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucketing {
    #[default]
    Calendar,
    #[serde(rename = "rolling_24h")]
    Rolling24h,
}

/// The largest `periods` accepted, and the largest matrix (cohorts × columns).
pub const MAX_PERIODS: i64 = 1000;
pub const MAX_CELLS: i64 = 4_000_000;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RetentionOptions {
    /// Absent: any event starts a cohort.
    #[serde(default)]
    pub start_event: Option<String>,
    /// Absent: any event counts as a return.
    #[serde(default)]
    pub return_event: Option<String>,
    #[serde(default)]
    pub period: Period,
    /// Columns are period 0 … `periods`.
    #[serde(default = "default_periods")]
    pub periods: i64,
    #[serde(default)]
    pub criterion: Criterion,
    #[serde(default)]
    pub cohort: CohortKind,
    #[serde(default)]
    pub bucketing: Bucketing,
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
    /// First cohort: the period containing `from` (default: the first start event's).
    #[serde(default)]
    pub from: Option<TimeBound>,
    /// Last cohort: the period containing `to` (default: the period containing `asOf`).
    #[serde(default)]
    pub to: Option<TimeBound>,
    /// End of observation, inclusive (default: the last event of the log).
    #[serde(default)]
    pub as_of: Option<TimeBound>,
}

fn default_periods() -> i64 {
    7
}

impl Default for RetentionOptions {
    fn default() -> Self {
        Self::new(Period::Day, default_periods())
    }
}

impl RetentionOptions {
    pub fn new(period: Period, periods: i64) -> Self {
        RetentionOptions {
            start_event: None,
            return_event: None,
            period,
            periods,
            criterion: Criterion::default(),
            cohort: CohortKind::default(),
            bucketing: Bucketing::default(),
            utc_offset_minutes: default_offset(),
            from: None,
            to: None,
            as_of: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Retention {
    pub period: Period,
    pub periods: u32,
    pub criterion: Criterion,
    pub cohort: CohortKind,
    pub bucketing: Bucketing,
    pub utc_offset_minutes: i32,
    pub start_event: Option<String>,
    pub return_event: Option<String>,
    /// The end of observation used (ms, inclusive).
    pub as_of: i64,
    pub cohorts: Vec<CohortRow>,
    /// Per column, the average over the cohorts whose period k had ended by `asOf`.
    pub average: Vec<AveragePoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortRow {
    /// `2025-11-11` (day), the Monday `2025-11-10` (week) or `2025-11` (month).
    pub label: String,
    /// The instant the cohort's period begins (ms).
    pub start: i64,
    /// Users in the cohort (with `recurring`, users who did the start event in this period).
    pub size: u64,
    /// Retained users per column; `null` where period k began after `asOf`.
    pub counts: Vec<Option<u64>>,
    /// `counts / size`; `null` where the count is null or the cohort is empty.
    pub rates: Vec<Option<f64>>,
    /// Columns 0 … completePeriods − 1 had ended for every member by `asOf`; later non-null
    /// columns are still running.
    pub complete_periods: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AveragePoint {
    pub period: u32,
    /// Retained users summed over the included cohorts.
    pub retained: u64,
    /// Cohort sizes summed over the included cohorts: the weights.
    pub users: u64,
    /// `retained / users`, i.e. the average of the cohorts' rates weighted by their sizes.
    pub rate: Option<f64>,
    /// How many cohorts are included: the first `cohorts` rows, through `through`.
    pub cohorts: u32,
    pub through: Option<String>,
}

/// Builds the retention matrix in one pass over the user-grouped log.
pub fn retention(log: &EventLog, options: &RetentionOptions) -> Result<Retention> {
    check_offset(options.utc_offset_minutes)?;
    if !(0..=MAX_PERIODS).contains(&options.periods) {
        return Err(Error::out_of_range(
            "periods",
            format!(
                "must be between 0 and {MAX_PERIODS} (got {})",
                options.periods
            ),
        ));
    }
    let start_filter = EventFilter::new(log, &options.start_event, "startEvent")?;
    let return_filter = EventFilter::new(log, &options.return_event, "returnEvent")?;
    let offset = options.utc_offset_minutes;
    let periods = options.periods as usize;
    let columns = periods + 1;
    let as_of = end_of_observation(log, &options.as_of, offset, "asOf")?;
    let mut calendar = Calendar::new(options.period, offset);
    let mut result = Retention {
        period: options.period,
        periods: periods as u32,
        criterion: options.criterion,
        cohort: options.cohort,
        bucketing: options.bucketing,
        utc_offset_minutes: offset,
        start_event: options.start_event.clone(),
        return_event: options.return_event.clone(),
        as_of,
        cohorts: vec![],
        average: vec![],
    };
    // Without `from`, rows start at the log's first period and the empty ones before the
    // first start event are dropped at the end (cheaper than a pass to find that event).
    let (from_period, trim_leading) = match resolve_opt(&options.from, End::Start, offset, "from")?
    {
        Some(t) => (calendar.index(t), false),
        None => match time_span(log) {
            Some((first, _)) if first <= as_of => (calendar.index(first), true),
            _ => return Ok(result), // nothing observed: no cohort
        },
    };
    let to_period = match resolve_opt(&options.to, End::Last, offset, "to")? {
        Some(t) => calendar.index(t),
        None => calendar.index(as_of),
    };
    if to_period < from_period {
        return Err(Error::invalid(
            "to",
            "the last cohort (`to`, by default the period of `asOf`) comes before the first (`from`)",
        ));
    }
    let rows = (to_period - from_period + 1) as usize;
    if (rows as i64).saturating_mul(columns as i64) > MAX_CELLS {
        return Err(Error::out_of_range(
            "from",
            format!(
                "{rows} cohorts × {columns} periods is more than {MAX_CELLS} cells: narrow from/to or use a longer period"
            ),
        ));
    }

    let rolling = (options.bucketing == Bucketing::Rolling24h).then(|| options.period.rolling_ms());
    let mut tally = Tally::new(rows, columns, options.criterion);
    let cohorts = from_period..=to_period;
    let pass = Pass {
        log,
        start: start_filter,
        back: return_filter,
        as_of,
    };
    match options.cohort {
        CohortKind::FirstTime => pass.first_time(&mut tally, &mut calendar, cohorts, rolling),
        CohortKind::Recurring => pass.recurring(&mut tally, &mut calendar, cohorts, rolling),
    }
    let mut cohorts = tally.rows(&calendar, from_period, as_of, rolling);
    if trim_leading {
        let empty = cohorts.iter().take_while(|c| c.size == 0).count();
        cohorts.drain(..empty);
    }
    result.average = averages(&cohorts, columns);
    result.cohorts = cohorts;
    Ok(result)
}

/// One walk over every user's events up to `asOf`.
struct Pass<'a> {
    log: &'a EventLog,
    start: EventFilter,
    back: EventFilter,
    as_of: i64,
}

impl Pass<'_> {
    /// User `u`'s start or return events up to `asOf`, in time order: (time, starts, returns).
    fn observed(&self, u: usize) -> impl Iterator<Item = (i64, bool, bool)> + '_ {
        let (ts, events) = (self.log.ts(), self.log.events());
        self.log
            .user_range(u)
            .map(move |i| (ts[i], events[i]))
            .take_while(|&(t, _)| t <= self.as_of) // a user's events are in time order
            .map(|(t, e)| (t, self.start.matches(e), self.back.matches(e)))
            .filter(|&(_, starts, returns)| starts || returns)
    }

    /// First-time cohorts in a single streaming pass: after a user's first start event every
    /// return is counted as it comes, and the user is left as soon as nothing can change.
    fn first_time(
        &self,
        tally: &mut Tally,
        calendar: &mut Calendar,
        cohorts: RangeInclusive<i64>,
        rolling: Option<i64>,
    ) {
        'users: for u in 0..self.log.user_count() {
            let mut member: Option<Member> = None;
            let mut last_return_before = i64::MIN;
            for (t, starts, returns) in self.observed(u) {
                match member.as_mut() {
                    None if starts => {
                        let p = calendar.index(t);
                        if !cohorts.contains(&p) {
                            continue 'users; // their first start is outside the cohorts
                        }
                        let mut m = tally.join((p - cohorts.start()) as usize, p, t, rolling);
                        // A return at the very instant of the start event counts, whichever
                        // came first in the input.
                        if returns || last_return_before == t {
                            m.returned_at(t, calendar, tally);
                        }
                        member = Some(m);
                    }
                    None => last_return_before = t,
                    Some(m) if returns => {
                        if !m.returned_at(t, calendar, tally) {
                            break;
                        }
                    }
                    Some(_) => {}
                }
            }
            if let Some(m) = member {
                tally.leave(m);
            }
        }
    }

    /// Recurring cohorts: a user's start periods and return events are gathered first, then
    /// each membership counts the returns at or after its own anchor.
    fn recurring(
        &self,
        tally: &mut Tally,
        calendar: &mut Calendar,
        cohorts: RangeInclusive<i64>,
        rolling: Option<i64>,
    ) {
        // (calendar period, instant) of each membership; (instant, calendar period) of each return.
        let mut anchors: Vec<(i64, i64)> = vec![];
        let mut returns: Vec<(i64, i64)> = vec![];
        for u in 0..self.log.user_count() {
            anchors.clear();
            returns.clear();
            for (t, starts, back) in self.observed(u) {
                let p = calendar.index(t);
                if starts && anchors.last().is_none_or(|a| a.0 != p) {
                    anchors.push((p, t));
                }
                if back {
                    returns.push((t, p));
                }
            }
            for &(p, anchor) in &anchors {
                if !cohorts.contains(&p) {
                    continue;
                }
                let mut m = tally.join((p - cohorts.start()) as usize, p, anchor, rolling);
                let first = returns.partition_point(|r| r.0 < anchor);
                for &(t, q) in &returns[first..] {
                    let k = m.offset(t, q);
                    if !tally.returned(&mut m, k) {
                        break;
                    }
                }
                tally.leave(m);
            }
        }
    }
}

/// A cohort member being counted. Returns arrive in time order, so offsets never decrease.
struct Member {
    row: usize,
    cohort_period: i64,
    anchor: i64,
    /// The rolling period length, or `None` for calendar periods.
    rolling: Option<i64>,
    /// The last column counted (`on`) or reached (`on_or_after`); −1 before any return.
    last: i64,
    /// When the period after column `last` begins: earlier returns change nothing.
    next: i64,
}

impl Member {
    /// Counts a return at `t` (returns arrive in time order). One that falls in the period
    /// already counted costs a comparison; `false` once no later return can change the counts.
    #[inline]
    fn returned_at(&mut self, t: i64, calendar: &mut Calendar, tally: &mut Tally) -> bool {
        if t < self.next {
            return true;
        }
        let k = match self.rolling {
            Some(length) => (t - self.anchor) / length,
            None => calendar.index(t) - self.cohort_period,
        };
        self.next = match self.rolling {
            Some(length) => self.anchor + (k + 1) * length,
            None => calendar.start_ms(self.cohort_period + k + 1),
        };
        tally.returned(self, k)
    }

    /// How many periods after the cohort's a return at `t` (in calendar period `p`) falls.
    #[inline]
    fn offset(&self, t: i64, p: i64) -> i64 {
        match self.rolling {
            Some(length) => (t - self.anchor) / length,
            None => p - self.cohort_period,
        }
    }
}

/// Counts per (cohort, column) and each cohort's earliest and latest anchor.
struct Tally {
    columns: usize,
    sizes: Vec<u64>,
    /// `on`: users with a return in column k. `on_or_after`: users whose last return is in
    /// column k (the last column also takes later ones); summed from the right at the end.
    cells: Vec<u64>,
    criterion: Criterion,
    first_anchor: Vec<i64>,
    last_anchor: Vec<i64>,
}

impl Tally {
    fn new(rows: usize, columns: usize, criterion: Criterion) -> Self {
        Tally {
            columns,
            sizes: vec![0; rows],
            cells: vec![0; rows * columns],
            criterion,
            first_anchor: vec![i64::MAX; rows],
            last_anchor: vec![i64::MIN; rows],
        }
    }

    fn join(
        &mut self,
        row: usize,
        cohort_period: i64,
        anchor: i64,
        rolling: Option<i64>,
    ) -> Member {
        self.sizes[row] += 1;
        self.first_anchor[row] = self.first_anchor[row].min(anchor);
        self.last_anchor[row] = self.last_anchor[row].max(anchor);
        Member {
            row,
            cohort_period,
            anchor,
            rolling,
            last: -1,
            next: i64::MIN,
        }
    }

    /// Counts a return `k` periods after the member's cohort; `false` once no later return
    /// can change the member's counts.
    #[inline]
    fn returned(&mut self, m: &mut Member, k: i64) -> bool {
        let last_column = self.columns as i64 - 1;
        match self.criterion {
            Criterion::On if k > last_column => false,
            Criterion::On => {
                if k != m.last {
                    self.cells[m.row * self.columns + k as usize] += 1;
                    m.last = k;
                }
                true
            }
            Criterion::OnOrAfter => {
                m.last = k.min(last_column);
                k < last_column
            }
        }
    }

    /// `on_or_after` counts each member once, in the column of their last return.
    fn leave(&mut self, m: Member) {
        if self.criterion == Criterion::OnOrAfter && m.last >= 0 {
            self.cells[m.row * self.columns + m.last as usize] += 1;
        }
    }

    fn rows(
        mut self,
        calendar: &Calendar,
        from_period: i64,
        as_of: i64,
        rolling: Option<i64>,
    ) -> Vec<CohortRow> {
        let columns = self.columns;
        let mut out = Vec::with_capacity(self.sizes.len());
        for (row, &size) in self.sizes.iter().enumerate() {
            let p = from_period + row as i64;
            let cells = &mut self.cells[row * columns..(row + 1) * columns];
            if self.criterion == Criterion::OnOrAfter {
                for k in (0..columns.saturating_sub(1)).rev() {
                    cells[k] += cells[k + 1];
                }
            }
            // When a member's period k begins and ends: calendar periods are the same for every
            // member; rolling ones run from each member's own start event.
            let (first, last) = if size == 0 {
                (calendar.start_ms(p), calendar.start_ms(p + 1) - 1)
            } else {
                (self.first_anchor[row], self.last_anchor[row])
            };
            let begins = |k: usize| match rolling {
                Some(length) => first + k as i64 * length,
                None => calendar.start_ms(p + k as i64),
            };
            let ends = |k: usize| match rolling {
                Some(length) => last + (k as i64 + 1) * length - 1,
                None => calendar.start_ms(p + k as i64 + 1) - 1,
            };
            let counts: Vec<Option<u64>> = (0..columns)
                .map(|k| (begins(k) <= as_of).then_some(cells[k]))
                .collect();
            let rates = counts
                .iter()
                .map(|c| c.filter(|_| size > 0).map(|n| n as f64 / size as f64))
                .collect();
            out.push(CohortRow {
                label: calendar.label(p),
                start: calendar.start_ms(p),
                size,
                counts,
                rates,
                complete_periods: (0..columns).take_while(|&k| ends(k) <= as_of).count() as u32,
            });
        }
        out
    }
}

/// Column averages weighted by cohort size, over the cohorts whose column had ended.
fn averages(rows: &[CohortRow], columns: usize) -> Vec<AveragePoint> {
    (0..columns)
        .map(|k| {
            let mut point = AveragePoint {
                period: k as u32,
                retained: 0,
                users: 0,
                rate: None,
                cohorts: 0,
                through: None,
            };
            for row in rows.iter().filter(|r| r.complete_periods as usize > k) {
                point.retained += row.counts[k].unwrap_or(0);
                point.users += row.size;
                point.cohorts += 1;
                point.through = Some(row.label.clone());
            }
            point.rate = (point.users > 0).then(|| point.retained as f64 / point.users as f64);
            point
        })
        .collect()
}
