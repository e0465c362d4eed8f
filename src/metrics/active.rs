//! Active users per calendar day (DAU).

use serde::Serialize;

use crate::error::{Error, Result};
use crate::events::time::{day_index, day_start_ms, format_day, valid_offset};
use crate::events::EventLog;

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
    if !valid_offset(utc_offset_minutes) {
        return Err(Error::out_of_range(
            "utcOffsetMinutes",
            "must be between -720 and 840",
        ));
    }
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
