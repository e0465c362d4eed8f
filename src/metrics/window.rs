//! The inputs every time-based query shares: an instant or a date bounding the data, the UTC
//! offset that places day boundaries, and an optional event name ("any event" when absent).

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::events::time::{parse_timestamp, MS_PER_DAY};
use crate::events::{EventLog, TsUnit};

/// The default UTC offset of queries: China (+08:00), like CSV ingest.
pub const DEFAULT_UTC_OFFSET_MINUTES: i32 = 480;

pub fn default_offset() -> i32 {
    DEFAULT_UTC_OFFSET_MINUTES
}

/// A time bound as the caller wrote it: epoch milliseconds, or text (`'2025-11-11'`,
/// `'2025-11-11 20:00'`, ISO-8601) read at the query's UTC offset.
#[derive(Debug, Clone, PartialEq)]
pub enum TimeBound {
    Ms(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for TimeBound {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct BoundVisitor;
        impl Visitor<'_> for BoundVisitor {
            type Value = TimeBound;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("epoch milliseconds or a date such as '2025-11-11'")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<TimeBound, E> {
                Ok(TimeBound::Ms(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<TimeBound, E> {
                Ok(TimeBound::Ms(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<TimeBound, E> {
                Ok(TimeBound::Ms(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<TimeBound, E> {
                Ok(TimeBound::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(BoundVisitor)
    }
}

/// Which end of a range a bound closes: a date alone means the whole day in both cases.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum End {
    Start,
    /// Inclusive: `'2025-11-30'` as an upper bound is the last millisecond of that day.
    Last,
}

impl TimeBound {
    /// The instant (ms) of the bound; `field` names it in errors.
    pub fn resolve(&self, end: End, utc_offset_minutes: i32, field: &str) -> Result<i64> {
        match self {
            TimeBound::Ms(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < 8.64e15 => {
                Ok(*v as i64)
            }
            TimeBound::Ms(v) => Err(Error::invalid(
                field,
                format!("{v} is not a time: use whole epoch milliseconds or a date 'YYYY-MM-DD'"),
            )),
            TimeBound::Text(text) => {
                let ms = parse_timestamp(text.as_bytes(), TsUnit::Ms, utc_offset_minutes)
                    .map_err(|why| Error::parse(field, format!("'{text}' {why}")))?;
                let date_only = text.trim().len() <= 10;
                Ok(if end == End::Last && date_only {
                    ms + MS_PER_DAY - 1
                } else {
                    ms
                })
            }
        }
    }
}

/// Resolves an optional bound, `None` when absent.
pub fn resolve_opt(
    bound: &Option<TimeBound>,
    end: End,
    utc_offset_minutes: i32,
    field: &str,
) -> Result<Option<i64>> {
    bound
        .as_ref()
        .map(|b| b.resolve(end, utc_offset_minutes, field))
        .transpose()
}

/// The end of observation: `bound` (a date alone means the end of that day), or by default the
/// log's last event (0 for an empty log). `field` names the bound in errors.
pub fn end_of_observation(
    log: &EventLog,
    bound: &Option<TimeBound>,
    utc_offset_minutes: i32,
    field: &str,
) -> Result<i64> {
    Ok(
        match resolve_opt(bound, End::Last, utc_offset_minutes, field)? {
            Some(t) => t,
            None => time_span(log).map_or(0, |(_, last)| last),
        },
    )
}

/// Which events count: one name, or every event when the name is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventFilter {
    Any,
    Code(u16),
}

impl EventFilter {
    pub fn new(log: &EventLog, name: &Option<String>, field: &str) -> Result<Self> {
        match name {
            None => Ok(EventFilter::Any),
            Some(n) => Ok(EventFilter::Code(log.event_code(n, field)?)),
        }
    }
    #[inline]
    pub fn matches(self, code: u16) -> bool {
        match self {
            EventFilter::Any => true,
            EventFilter::Code(c) => c == code,
        }
    }
}

/// The first and last event times of the log (`None` when it is empty). Each user's events
/// are in time order, so only their first and last events are read.
pub fn time_span(log: &EventLog) -> Option<(i64, i64)> {
    let ts = log.ts();
    (0..log.user_count())
        .map(|u| log.user_range(u))
        .filter(|r| !r.is_empty())
        .map(|r| (ts[r.start], ts[r.end - 1]))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// A resolved time range `[from, to]` (ms, both inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Range {
    pub from: i64,
    pub to: i64,
}

impl Range {
    /// Positions of user `u`'s events inside the range (a user's events are in time order).
    pub fn user_events(&self, log: &EventLog, u: usize) -> std::ops::Range<usize> {
        let all = log.user_range(u);
        let ts = &log.ts()[all.clone()];
        let start = ts.partition_point(|&t| t < self.from);
        let end = ts.partition_point(|&t| t <= self.to);
        all.start + start..all.start + end.max(start)
    }
}

/// `[from, to]` with the log's first and last event as defaults; `None` for an empty log
/// queried without bounds.
pub fn resolve_range(
    log: &EventLog,
    from: &Option<TimeBound>,
    to: &Option<TimeBound>,
    utc_offset_minutes: i32,
) -> Result<Option<Range>> {
    let span = time_span(log);
    let from = resolve_opt(from, End::Start, utc_offset_minutes, "from")?.or(span.map(|s| s.0));
    let to = resolve_opt(to, End::Last, utc_offset_minutes, "to")?.or(span.map(|s| s.1));
    match (from, to) {
        (Some(from), Some(to)) if to < from => {
            Err(Error::invalid("to", "`to` must not be earlier than `from`"))
        }
        (Some(from), Some(to)) => Ok(Some(Range { from, to })),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_resolve_dates_as_whole_days() {
        let from = TimeBound::Text("2025-11-11".into());
        let start = from.resolve(End::Start, 480, "from").unwrap();
        assert_eq!(start, 1_762_790_400_000); // 2025-11-11 00:00 Beijing = 11-10 16:00 UTC
        let last = from.resolve(End::Last, 480, "to").unwrap();
        assert_eq!(last, start + MS_PER_DAY - 1);
        let exact = TimeBound::Text("2025-11-11 20:00".into());
        assert_eq!(
            exact.resolve(End::Last, 480, "to").unwrap(),
            1_762_862_400_000
        );
        assert_eq!(TimeBound::Ms(5.0).resolve(End::Last, 0, "asOf").unwrap(), 5);
        assert_eq!(
            TimeBound::Ms(0.5)
                .resolve(End::Start, 0, "asOf")
                .unwrap_err()
                .field,
            "asOf"
        );
        assert_eq!(
            TimeBound::Text("2025-13-01".into())
                .resolve(End::Start, 0, "from")
                .unwrap_err()
                .field,
            "from"
        );
    }
}
