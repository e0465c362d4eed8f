//! Active users per calendar day (DAU), rolling WAU and MAU, and stickiness (DAU/MAU).

use serde::Serialize;

use crate::error::{Error, Result};
use crate::events::time::{check_offset, day_index, day_start_ms, format_day};
use crate::events::EventLog;
use crate::metrics::window::{
    default_offset, resolve_range, time_span, EventFilter, Range, TimeBound,
};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyActive {
    /// Local dates `YYYY-MM-DD`, every day from the first to the last event (days with no one active included).
    pub days: Vec<String>,
    /// The instant each day begins (ms).
    pub day_starts: Vec<i64>,
    /// Distinct users with at least one event that day.
    pub users: Vec<u64>,
    pub utc_offset_minutes: i32,
}

/// Counts distinct active users per local day in one pass: each user's events are in time
/// order, so a user is new to a day exactly when the day changes — no set per day needed.
pub fn daily_active(log: &EventLog, utc_offset_minutes: i32) -> Result<DailyActive> {
    check_offset(utc_offset_minutes)?;
    let ts = log.ts();
    let (Some(&first), Some(&last)) = (ts.iter().min(), ts.iter().max()) else {
        return Ok(DailyActive {
            days: vec![],
            day_starts: vec![],
            users: vec![],
            utc_offset_minutes,
        });
    };
    let first_day = day_index(first, utc_offset_minutes);
    let span = (day_index(last, utc_offset_minutes) - first_day + 1) as usize;
    let mut users = vec![0u64; span];
    for u in 0..log.user_count() {
        let mut previous = i64::MIN;
        for &t in &ts[log.user_range(u)] {
            let day = day_index(t, utc_offset_minutes);
            if day != previous {
                users[(day - first_day) as usize] += 1;
                previous = day;
            }
        }
    }
    let days: Vec<i64> = (first_day..first_day + span as i64).collect();
    Ok(DailyActive {
        days: days.iter().map(|&d| format_day(d)).collect(),
        day_starts: days
            .iter()
            .map(|&d| day_start_ms(d, utc_offset_minutes))
            .collect(),
        users,
        utc_offset_minutes,
    })
}

/// WAU and MAU windows: the 7 and 30 local days ending on (and including) the day reported.
pub const WAU_DAYS: i64 = 7;
pub const MAU_DAYS: i64 = 30;

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActiveOptions {
    /// The event that makes a user active; absent: any event.
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
    /// First and last day reported (default: the log's first and last event).
    #[serde(default)]
    pub from: Option<TimeBound>,
    #[serde(default)]
    pub to: Option<TimeBound>,
}

impl Default for ActiveOptions {
    fn default() -> Self {
        ActiveOptions {
            event: None,
            utc_offset_minutes: default_offset(),
            from: None,
            to: None,
        }
    }
}

/// DAU, WAU and MAU per local day, and stickiness.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveUsers {
    pub days: Vec<String>,
    pub day_starts: Vec<i64>,
    /// Distinct active users that day.
    pub dau: Vec<u64>,
    /// Distinct active users in the 7 days ending that day (rolling).
    pub wau: Vec<u64>,
    /// Distinct active users in the 30 days ending that day (rolling).
    pub mau: Vec<u64>,
    /// `dau / mau` that day (null when mau is 0).
    pub dau_over_mau: Vec<Option<f64>>,
    pub wau_over_mau: Vec<Option<f64>>,
    pub wau_days: u32,
    pub mau_days: u32,
    /// Index of the first day whose 30-day window lies entirely after the log's first event day
    /// (earlier MAU values cover fewer days of data); null when there is none.
    pub full_window_from: Option<u32>,
    /// Stickiness over the last MAU window of the range.
    pub stickiness: Option<Stickiness>,
    pub utc_offset_minutes: i32,
}

/// DAU/MAU over one stated window: the average DAU of the window's days divided by the
/// distinct users of the whole window; WAU/MAU with the WAU of the window's last 7 days.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stickiness {
    /// The window: `from` … `to` (local dates), `days` long (30, or fewer when the data is shorter).
    pub from: String,
    pub to: String,
    pub days: u32,
    /// Σ DAU over the window (user-days).
    pub user_days: u64,
    /// user_days / days.
    pub average_dau: f64,
    /// Distinct active users in the window.
    pub mau: u64,
    /// average_dau / mau.
    pub dau_over_mau: Option<f64>,
    /// Distinct active users in the 7 days ending `to`.
    pub wau: u64,
    pub wau_over_mau: Option<f64>,
}

/// One pass per user over their active days. Each active day `a` makes the user count in the
/// WAU of days a … a+6 and the MAU of a … a+29; overlapping windows of one user are merged, so
/// a difference array gives every day's distinct count without a set.
pub fn active_users(log: &EventLog, options: &ActiveOptions) -> Result<ActiveUsers> {
    check_offset(options.utc_offset_minutes)?;
    let offset = options.utc_offset_minutes;
    let filter = EventFilter::new(log, &options.event, "event")?;
    let mut out = ActiveUsers {
        days: vec![],
        day_starts: vec![],
        dau: vec![],
        wau: vec![],
        mau: vec![],
        dau_over_mau: vec![],
        wau_over_mau: vec![],
        wau_days: WAU_DAYS as u32,
        mau_days: MAU_DAYS as u32,
        full_window_from: None,
        stickiness: None,
        utc_offset_minutes: offset,
    };
    let Some(range) = resolve_range(log, &options.from, &options.to, offset)? else {
        return Ok(out);
    };
    let first = day_index(range.from, offset);
    let last = day_index(range.to, offset);
    let span = (last - first + 1) as usize;
    if span > MAX_DAYS {
        return Err(Error::out_of_range(
            "from",
            format!("more than {MAX_DAYS} days: narrow from/to"),
        ));
    }
    // Activity up to 29 days before `from` still counts in the first days' MAU.
    let lookback = Range {
        from: day_start_ms(first - (MAU_DAYS - 1), offset),
        to: range.to,
    };
    let mut dau = vec![0i64; span + 1];
    let mut wau = vec![0i64; span + 1];
    let mut mau = vec![0i64; span + 1];
    // Adds +1 on days [start, end] (clipped to the range) to a difference array.
    let mark = |diff: &mut Vec<i64>, start: i64, end: i64| {
        let (s, e) = (start.max(first), end.min(last));
        if s <= e {
            diff[(s - first) as usize] += 1;
            diff[(e - first + 1) as usize] -= 1;
        }
    };
    let ts = log.ts();
    let events = log.events();
    for u in 0..log.user_count() {
        let (mut previous, mut wau_until, mut mau_until) = (i64::MIN, i64::MIN, i64::MIN);
        for i in lookback.user_events(log, u) {
            if !filter.matches(events[i]) {
                continue;
            }
            let day = day_index(ts[i], offset);
            if day == previous {
                continue;
            }
            previous = day;
            mark(&mut dau, day, day);
            mark(&mut wau, day.max(wau_until + 1), day + WAU_DAYS - 1);
            mark(&mut mau, day.max(mau_until + 1), day + MAU_DAYS - 1);
            wau_until = day + WAU_DAYS - 1;
            mau_until = day + MAU_DAYS - 1;
        }
    }
    let running = |diff: &[i64]| -> Vec<u64> {
        diff[..span]
            .iter()
            .scan(0i64, |acc, d| {
                *acc += d;
                Some(*acc as u64)
            })
            .collect()
    };
    out.dau = running(&dau);
    out.wau = running(&wau);
    out.mau = running(&mau);
    let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
    out.dau_over_mau = out
        .dau
        .iter()
        .zip(&out.mau)
        .map(|(&a, &b)| ratio(a, b))
        .collect();
    out.wau_over_mau = out
        .wau
        .iter()
        .zip(&out.mau)
        .map(|(&a, &b)| ratio(a, b))
        .collect();
    out.days = (first..=last).map(format_day).collect();
    out.day_starts = (first..=last).map(|d| day_start_ms(d, offset)).collect();
    let data_first = time_span(log).map_or(first, |(t, _)| day_index(t, offset));
    let full_from = (data_first + MAU_DAYS - 1).max(first);
    out.full_window_from = (full_from <= last).then(|| (full_from - first) as u32);
    // The stickiness window: the last 30 days of the range, not reaching before the data.
    let window_first = (last - (MAU_DAYS - 1)).max(first.max(data_first).min(last));
    let w = (window_first - first) as usize;
    let days = (last - window_first + 1) as u64;
    let user_days: u64 = out.dau[w..].iter().sum();
    let mau_window = distinct_active(log, filter, offset, window_first, last);
    let wau_window = out.wau[span - 1];
    out.stickiness = Some(Stickiness {
        from: format_day(window_first),
        to: format_day(last),
        days: days as u32,
        user_days,
        average_dau: user_days as f64 / days as f64,
        mau: mau_window,
        dau_over_mau: ratio(user_days, mau_window * days),
        wau: wau_window,
        wau_over_mau: ratio(wau_window, mau_window),
    });
    Ok(out)
}

/// The most days a daily series answers for (about 27 years).
pub const MAX_DAYS: usize = 10_000;

/// Distinct users with an activity event on local days `first ..= last`.
pub fn distinct_active(
    log: &EventLog,
    filter: EventFilter,
    utc_offset_minutes: i32,
    first: i64,
    last: i64,
) -> u64 {
    let range = Range {
        from: day_start_ms(first, utc_offset_minutes),
        to: day_start_ms(last + 1, utc_offset_minutes) - 1,
    };
    let events = log.events();
    (0..log.user_count())
        .filter(|&u| range.user_events(log, u).any(|i| filter.matches(events[i])))
        .count() as u64
}
