//! The stickiness distribution: how many users were active on exactly N of the last M days.

use serde::{Deserialize, Serialize};

use super::active::MAX_DAYS;
use super::window::{default_offset, end_of_observation, EventFilter, Range, TimeBound};
use crate::error::{Error, Result};
use crate::events::time::{check_offset, day_index, day_start_ms, format_day};
use crate::events::EventLog;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StickinessOptions {
    /// The event that makes a user active; absent: any event.
    #[serde(default)]
    pub event: Option<String>,
    /// M: the window's length in local days (default 30).
    #[serde(default = "default_days")]
    pub days: i64,
    /// The window's last day (default: the day of the log's last event).
    #[serde(default)]
    pub to: Option<TimeBound>,
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
}

fn default_days() -> i64 {
    30
}

impl Default for StickinessOptions {
    fn default() -> Self {
        StickinessOptions {
            event: None,
            days: default_days(),
            to: None,
            utc_offset_minutes: default_offset(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StickinessDistribution {
    /// The window (local dates, inclusive) and its length M.
    pub from: String,
    pub to: String,
    pub days: u32,
    /// `users[n]`: users active on exactly n of the M days, n = 0 … M. `users[0]` are the users
    /// of the log with no activity in the window: counted, not dropped.
    pub users: Vec<u64>,
    /// Users active on at least one day of the window.
    pub active_users: u64,
    /// Every user of the log.
    pub total_users: u64,
    /// Σ n · users[n] / active_users (null when nobody was active).
    pub average_active_days: Option<f64>,
    pub utc_offset_minutes: i32,
}

pub fn stickiness_distribution(
    log: &EventLog,
    options: &StickinessOptions,
) -> Result<StickinessDistribution> {
    check_offset(options.utc_offset_minutes)?;
    let offset = options.utc_offset_minutes;
    if !(1..=MAX_DAYS as i64).contains(&options.days) {
        return Err(Error::out_of_range(
            "days",
            format!("must be between 1 and {MAX_DAYS} (got {})", options.days),
        ));
    }
    let filter = EventFilter::new(log, &options.event, "event")?;
    let to = end_of_observation(log, &options.to, offset, "to")?;
    let last = day_index(to, offset);
    let first = last - (options.days - 1);
    let window = Range {
        from: day_start_ms(first, offset),
        to: day_start_ms(last + 1, offset) - 1,
    };
    let mut users = vec![0u64; options.days as usize + 1];
    let ts = log.ts();
    let events = log.events();
    for u in 0..log.user_count() {
        let (mut previous, mut active_days) = (i64::MIN, 0usize);
        for i in window.user_events(log, u) {
            if filter.matches(events[i]) {
                let day = day_index(ts[i], offset);
                active_days += usize::from(day != previous);
                previous = day;
            }
        }
        users[active_days] += 1;
    }
    let active_users = log.user_count() as u64 - users[0];
    let user_days: u64 = users.iter().enumerate().map(|(n, &c)| n as u64 * c).sum();
    Ok(StickinessDistribution {
        from: format_day(first),
        to: format_day(last),
        days: options.days as u32,
        users,
        active_users,
        total_users: log.user_count() as u64,
        average_active_days: (active_users > 0).then(|| user_days as f64 / active_users as f64),
        utc_offset_minutes: offset,
    })
}
