//! The lifecycle of the active base per day, week or month, with PostHog's four states and a
//! "churned" count. See the module documentation of [`crate::retention`] for the definitions.

use serde::{Deserialize, Serialize};

use super::period::{Calendar, Period};
use crate::error::{Error, Result};
use crate::events::time::check_offset;
use crate::events::EventLog;
use crate::metrics::window::{
    default_offset, end_of_observation, resolve_opt, time_span, End, EventFilter, TimeBound,
};

pub const MAX_CHURN_AFTER: i64 = 1000;
/// The most periods a lifecycle answers for (about 27 years of days).
pub const MAX_LIFECYCLE_PERIODS: i64 = 10_000;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LifecycleOptions {
    /// The event that makes a user active; absent: any event.
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub period: Period,
    /// A user is counted as churned in their N-th consecutive inactive period.
    #[serde(default = "default_churn_after")]
    pub churn_after: i64,
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
    /// First period reported: the one containing `from` (default: the first activity's).
    #[serde(default)]
    pub from: Option<TimeBound>,
    /// Last period reported: the one containing `to` (default and at most: the one containing `asOf`).
    #[serde(default)]
    pub to: Option<TimeBound>,
    /// End of observation, inclusive (default: the last event of the log).
    #[serde(default)]
    pub as_of: Option<TimeBound>,
}

fn default_churn_after() -> i64 {
    3
}

impl Default for LifecycleOptions {
    fn default() -> Self {
        Self::new(Period::Day)
    }
}

impl LifecycleOptions {
    pub fn new(period: Period) -> Self {
        LifecycleOptions {
            event: None,
            period,
            churn_after: default_churn_after(),
            utc_offset_minutes: default_offset(),
            from: None,
            to: None,
            as_of: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lifecycle {
    pub period: Period,
    pub event: Option<String>,
    pub churn_after: u32,
    pub utc_offset_minutes: i32,
    pub as_of: i64,
    pub periods: Vec<LifecyclePeriod>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecyclePeriod {
    pub label: String,
    pub start: i64,
    /// Active, and this is the period of their first activity ever.
    pub new: u64,
    /// Active in this period and in the previous one.
    pub returning: u64,
    /// Active, not in the previous period, but in some period before it.
    pub resurrecting: u64,
    /// Active in the previous period, not in this one (PostHog plots it below zero; here it is
    /// a positive count).
    pub dormant: u64,
    /// Not active for the `churnAfter`-th period in a row: active in period p − churnAfter and
    /// in none of the periods after it up to this one.
    pub churned: u64,
    /// new + returning + resurrecting: the active users of the period.
    pub active: u64,
    /// The period had not ended by `asOf`: its counts may still change.
    pub partial: bool,
}

/// Indexes of the counted states.
const NEW: usize = 0;
const RETURNING: usize = 1;
const RESURRECTING: usize = 2;
const DORMANT: usize = 3;
const CHURNED: usize = 4;

pub fn lifecycle(log: &EventLog, options: &LifecycleOptions) -> Result<Lifecycle> {
    check_offset(options.utc_offset_minutes)?;
    if !(1..=MAX_CHURN_AFTER).contains(&options.churn_after) {
        return Err(Error::out_of_range(
            "churnAfter",
            format!(
                "must be between 1 and {MAX_CHURN_AFTER} periods (got {})",
                options.churn_after
            ),
        ));
    }
    let filter = EventFilter::new(log, &options.event, "event")?;
    let offset = options.utc_offset_minutes;
    let as_of = end_of_observation(log, &options.as_of, offset, "asOf")?;
    let mut calendar = Calendar::new(options.period, offset);
    let last_observed = calendar.index(as_of);
    // Without `from`, rows start at the log's first period; the empty ones before the first
    // activity are dropped at the end (cheaper than a pass to find it).
    let (from, trim_leading) = match resolve_opt(&options.from, End::Start, offset, "from")? {
        Some(t) => (Some(calendar.index(t)), false),
        None => (
            time_span(log)
                .filter(|&(first, _)| first <= as_of)
                .map(|(first, _)| calendar.index(first)),
            true,
        ),
    };
    let to = match resolve_opt(&options.to, End::Last, offset, "to")? {
        Some(t) => calendar.index(t).min(last_observed),
        None => last_observed,
    };
    let mut result = Lifecycle {
        period: options.period,
        event: options.event.clone(),
        churn_after: options.churn_after as u32,
        utc_offset_minutes: offset,
        as_of,
        periods: vec![],
    };
    let Some(from) = from else {
        return Ok(result);
    };
    if to < from {
        return Err(Error::invalid(
            "to",
            "`to` must not be earlier than `from` (nor `from` later than `asOf`)",
        ));
    }
    if to - from >= MAX_LIFECYCLE_PERIODS {
        return Err(Error::out_of_range(
            "from",
            format!(
                "more than {MAX_LIFECYCLE_PERIODS} periods: narrow from/to or use a longer period"
            ),
        ));
    }
    let span = (to - from + 1) as usize;
    // counts[state][period − from]
    let mut counts = [NEW, RETURNING, RESURRECTING, DORMANT, CHURNED].map(|_| vec![0u64; span]);
    let mut count = |p: i64, state: usize| {
        if (from..=to).contains(&p) {
            counts[state][(p - from) as usize] += 1;
        }
    };
    let churn_after = options.churn_after;
    let ts = log.ts();
    let events = log.events();
    for u in 0..log.user_count() {
        // The user's active periods arrive in non-decreasing order; each gap between two of
        // them, and the silence after the last, makes a dormant and possibly a churned count.
        let mut previous: Option<i64> = None;
        for i in log.user_range(u) {
            let t = ts[i];
            if t > as_of {
                break;
            }
            if !filter.matches(events[i]) {
                continue;
            }
            let p = calendar.index(t);
            match previous {
                Some(q) if q == p => continue,
                None => count(p, NEW),
                Some(q) if q + 1 == p => count(p, RETURNING),
                Some(q) => {
                    count(p, RESURRECTING);
                    count(q + 1, DORMANT);
                    if q + churn_after < p {
                        count(q + churn_after, CHURNED);
                    }
                }
            }
            previous = Some(p);
        }
        if let Some(q) = previous {
            if q < last_observed {
                count(q + 1, DORMANT);
            }
            if q + churn_after <= last_observed {
                count(q + churn_after, CHURNED);
            }
        }
    }
    let mut rows: Vec<LifecyclePeriod> = (0..span)
        .map(|i| {
            let p = from + i as i64;
            let [new, returning, resurrecting, dormant, churned] = counts.each_ref().map(|c| c[i]);
            LifecyclePeriod {
                label: calendar.label(p),
                start: calendar.start_ms(p),
                new,
                returning,
                resurrecting,
                dormant,
                churned,
                active: new + returning + resurrecting,
                partial: calendar.start_ms(p + 1) - 1 > as_of,
            }
        })
        .collect();
    if trim_leading {
        let empty = rows
            .iter()
            .take_while(|r| r.active + r.dormant + r.churned == 0)
            .count();
        rows.drain(..empty);
    }
    result.periods = rows;
    Ok(result)
}
