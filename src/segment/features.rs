//! Per-user features, computed in one pass over the resident log.
//!
//! The log is grouped by user and time-ordered within each user, so one walk gives every
//! user's first and last event, active days, counts and amounts without any hashing. Events
//! after `asOf` are not looked at (a user's walk stops at the first one). Users whose events
//! all come after `asOf` are still visited: they have zero counts and no first/last day.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::events::column::{Codes, Column, MONEY_MISSING};
use crate::events::time::{check_offset, day_index, day_start_ms, format_day, MS_PER_DAY};
use crate::events::EventLog;

/// Where and when features are measured.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct FeatureOptions {
    /// End of observation (ms, inclusive); default: the last event of the log.
    pub as_of: Option<f64>,
    /// Day boundaries (active days, "days since"): minutes east of UTC. Default 480 (China).
    pub utc_offset_minutes: i32,
    /// The event that is an order (e.g. `pay`); without it, order features are unavailable.
    pub order_event: Option<String>,
    /// The money property summed over orders (e.g. `amount`).
    pub amount_prop: Option<String>,
}

impl Default for FeatureOptions {
    fn default() -> Self {
        FeatureOptions {
            as_of: None,
            utc_offset_minutes: 480,
            order_event: None,
            amount_prop: None,
        }
    }
}

/// The resolved observation frame: `asOf`, its local day, the order event and amounts.
pub struct Frame<'a> {
    pub log: &'a EventLog,
    pub as_of: i64,
    pub as_of_day: i64,
    pub utc_offset_minutes: i32,
    pub order_code: Option<u16>,
    pub amounts: Option<&'a [i64]>,
}

impl<'a> Frame<'a> {
    pub fn new(log: &'a EventLog, options: &FeatureOptions) -> Result<Self> {
        check_offset(options.utc_offset_minutes)?;
        let as_of = match options.as_of {
            Some(ms) if ms.is_finite() && ms.abs() < 8.64e15 => ms.floor() as i64,
            Some(ms) => return Err(Error::invalid("asOf", format!("{ms} is not a time in ms"))),
            // Each user's events are in time order: the last event is the latest of the user's.
            None => (0..log.user_count())
                .filter_map(|u| log.user_range(u).last().map(|i| log.ts()[i]))
                .max()
                .unwrap_or(0),
        };
        let order_code = options
            .order_event
            .as_deref()
            .map(|name| log.event_code(name, "orderEvent"))
            .transpose()?;
        let amounts = match options.amount_prop.as_deref() {
            None => None,
            Some(_) if order_code.is_none() => {
                return Err(Error::invalid(
                    "orderEvent",
                    "amountProp needs orderEvent: the amount is summed over order events",
                ))
            }
            Some(name) => Some(money_column(log, name, "amountProp")?),
        };
        Ok(Frame {
            log,
            as_of,
            as_of_day: day_index(as_of, options.utc_offset_minutes),
            utc_offset_minutes: options.utc_offset_minutes,
            order_code,
            amounts,
        })
    }

    /// Positions of user `u`'s events at or before `asOf` (a prefix: they are time-ordered).
    pub fn events_of(&self, u: usize) -> std::ops::Range<usize> {
        let range = self.log.user_range(u);
        let ts = &self.log.ts()[range.clone()];
        let seen = match ts.last() {
            Some(&last) if last <= self.as_of => ts.len(),
            _ => ts.partition_point(|&t| t <= self.as_of),
        };
        range.start..range.start + seen
    }

    /// The local day of an instant.
    pub fn day_of(&self, ts_ms: i64) -> i64 {
        day_index(ts_ms, self.utc_offset_minutes)
    }

    /// `YYYY-MM-DD` of a local day.
    pub fn date(&self, day: i64) -> String {
        format_day(day)
    }
}

/// The amounts of a money property; any other kind is an error naming `field`.
pub fn money_column<'a>(log: &'a EventLog, name: &str, field: &str) -> Result<&'a [i64]> {
    match log.property(name, field)? {
        Column::Money(v) => Ok(v),
        other => Err(Error::invalid(
            field,
            format!(
                "'{name}' is a {} property, not money (分)",
                other.kind().as_str()
            ),
        )),
    }
}

/// A count a rule or a report asks for, beyond the base features.
#[derive(Debug, Clone, PartialEq)]
pub enum Extra {
    /// Events (of one code, or any) on the last `within` local days (or ever).
    Events {
        code: Option<u16>,
        within: Option<u32>,
    },
    /// Distinct local days with an event among the last `within` days.
    ActiveDays { within: u32 },
    /// Orders on the last `within` days.
    Orders { within: u32 },
    /// Paid amount (分) on the last `within` days.
    PaidFen { within: u32 },
    /// Distinct values of a category property.
    DistinctValues { prop: usize },
}

/// One user's features. Days are local day numbers; `None` when the user has no such event
/// at or before `asOf`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserFeatures {
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    pub first_ts: Option<i64>,
    pub last_ts: Option<i64>,
    pub events: u64,
    pub active_days: u64,
    pub orders: u64,
    pub paid_fen: i64,
    pub last_order_day: Option<i64>,
    /// Values of the requested [`Extra`]s, in their order.
    pub extra: Vec<i64>,
}

impl UserFeatures {
    pub fn days_since_last_seen(&self, as_of_day: i64) -> Option<i64> {
        self.last_day.map(|d| as_of_day - d)
    }
    pub fn days_since_first_seen(&self, as_of_day: i64) -> Option<i64> {
        self.first_day.map(|d| as_of_day - d)
    }
    pub fn days_since_last_order(&self, as_of_day: i64) -> Option<i64> {
        self.last_order_day.map(|d| as_of_day - d)
    }
}

/// The first local day of a window of `within` days ending with `asOf`'s day.
fn window_start(as_of_day: i64, within: u32) -> i64 {
    as_of_day - i64::from(within) + 1
}

/// Walks every user once, in log order, and hands each one's features to `visit`.
/// `extras` must have been validated against the frame (codes and property indexes exist).
pub fn for_each_user(
    frame: &Frame,
    extras: &[Extra],
    mut visit: impl FnMut(usize, &UserFeatures) -> Result<()>,
) -> Result<()> {
    let log = frame.log;
    let ts = log.ts();
    let codes = log.events();
    let offset = frame.utc_offset_minutes;
    // Active days change once per day, everything else per event: two short lists, so an
    // event pays only for the extras that look at events.
    let mut per_day = vec![];
    let mut per_event = vec![];
    for (k, x) in extras.iter().enumerate() {
        let start = |within: u32| window_start(frame.as_of_day, within);
        match *x {
            Extra::ActiveDays { within } => per_day.push((k, start(within))),
            Extra::Events { within, .. } => per_event.push((k, within.map(start))),
            Extra::Orders { within } | Extra::PaidFen { within } => {
                per_event.push((k, Some(start(within))))
            }
            Extra::DistinctValues { .. } => per_event.push((k, None)),
        }
    }
    let mut distinct = DistinctCounter::new(log, extras);
    let mut f = UserFeatures {
        extra: vec![0; extras.len()],
        ..UserFeatures::default()
    };
    for u in 0..log.user_count() {
        f.extra.iter_mut().for_each(|x| *x = 0);
        distinct.next_user();
        let first = log.user_range(u).start;
        let seen = frame.events_of(u).len();
        let user_ts = &ts[first..first + seen];
        f.events = seen as u64;
        f.first_ts = user_ts.first().copied();
        f.last_ts = user_ts.last().copied();
        f.first_day = f.first_ts.map(|t| day_index(t, offset));
        f.active_days = 0;
        f.orders = 0;
        f.paid_fen = 0;
        f.last_order_day = None;
        // The current local day and the instant it ends: the day changes only when a
        // timestamp reaches that instant.
        let mut day = i64::MIN;
        let mut day_end = i64::MIN;
        for (j, (&t, &code)) in user_ts.iter().zip(&codes[first..first + seen]).enumerate() {
            if t >= day_end {
                day = day_index(t, offset);
                day_end = day_start_ms(day, offset) + MS_PER_DAY;
                f.active_days += 1;
                for &(k, start) in &per_day {
                    f.extra[k] += i64::from(day >= start);
                }
            }
            let is_order = Some(code) == frame.order_code;
            let amount = match (is_order, frame.amounts) {
                (true, Some(a)) if a[first + j] != MONEY_MISSING => a[first + j],
                _ => 0,
            };
            if is_order {
                f.orders += 1;
                f.paid_fen = f.paid_fen.checked_add(amount).ok_or_else(paid_overflow)?;
                f.last_order_day = Some(day);
            }
            for &(k, start) in &per_event {
                let in_window = start.is_none_or(|s| day >= s);
                match extras[k] {
                    Extra::Events { code: want, .. } => {
                        f.extra[k] += i64::from(in_window && want.is_none_or(|c| c == code));
                    }
                    Extra::Orders { .. } => f.extra[k] += i64::from(in_window && is_order),
                    Extra::PaidFen { .. } if in_window => {
                        f.extra[k] = f.extra[k].checked_add(amount).ok_or_else(paid_overflow)?;
                    }
                    Extra::DistinctValues { .. } => {
                        f.extra[k] += i64::from(distinct.first_time(k, first + j));
                    }
                    _ => {}
                }
            }
        }
        f.last_day = (seen > 0).then_some(day);
        visit(u, &f)?;
    }
    Ok(())
}

fn paid_overflow() -> Error {
    Error::overflow(
        "amountProp",
        "a user's paid amount does not fit in 64-bit 分",
    )
}

/// Counts distinct category values per user with one stamp per dictionary entry: a value is
/// new to the current user when its stamp is older than the user's.
struct DistinctCounter<'a> {
    columns: Vec<Option<&'a Codes>>,
    stamps: Vec<Vec<u32>>,
    user: u32,
}

impl<'a> DistinctCounter<'a> {
    fn new(log: &'a EventLog, extras: &[Extra]) -> Self {
        let mut columns = vec![];
        let mut stamps = vec![];
        for x in extras {
            match x {
                Extra::DistinctValues { prop } => match log.props().get(*prop).map(|p| &p.column) {
                    Some(Column::Category { dict, codes }) => {
                        columns.push(Some(codes));
                        stamps.push(vec![0; dict.len() + 1]);
                    }
                    _ => {
                        columns.push(None);
                        stamps.push(vec![]);
                    }
                },
                _ => {
                    columns.push(None);
                    stamps.push(vec![]);
                }
            }
        }
        DistinctCounter {
            columns,
            stamps,
            user: 0,
        }
    }

    fn next_user(&mut self) {
        self.user += 1;
    }

    /// True when event `i` carries a value of extra `k`'s property not seen yet for this user.
    fn first_time(&mut self, k: usize, i: usize) -> bool {
        let Some(codes) = self.columns[k] else {
            return false;
        };
        let code = codes.get(i) as usize;
        let stamp = &mut self.stamps[k][code];
        if code == 0 || *stamp == self.user {
            return false;
        }
        *stamp = self.user;
        true
    }
}
