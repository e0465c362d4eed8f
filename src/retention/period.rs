//! Calendar periods (day, Monday-started week, month) at a UTC offset, as running indexes.
//!
//! A period index is a plain integer so that "k periods later" is `index + k`: days since
//! 1970-01-01, weeks since the Monday 1969-12-29, months since January of year 0.

use serde::{Deserialize, Serialize};

use crate::events::time::{
    civil_from_days, day_index, day_start_ms, days_from_civil, format_day, MS_PER_DAY,
};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Period {
    #[default]
    Day,
    /// Monday 00:00 to the next Monday 00:00, local time.
    Week,
    /// The 1st 00:00 to the next 1st 00:00, local time.
    Month,
}

impl Period {
    /// The fixed length of a rolling period: 24 h, 7 × 24 h, 30 × 24 h (Amplitude's and
    /// Mixpanel's rolling week and month).
    pub fn rolling_ms(self) -> i64 {
        match self {
            Period::Day => MS_PER_DAY,
            Period::Week => 7 * MS_PER_DAY,
            Period::Month => 30 * MS_PER_DAY,
        }
    }
}

/// Maps instants to calendar period indexes at one UTC offset. Days and weeks are plain
/// arithmetic on the local day; a month needs a calendar conversion, so the bounds of the last
/// month seen are kept (a user's events arrive in time order, so most lookups are two comparisons).
#[derive(Debug, Clone)]
pub struct Calendar {
    period: Period,
    utc_offset_minutes: i32,
    cached_index: i64,
    cached_start: i64,
    cached_end: i64,
}

impl Calendar {
    pub fn new(period: Period, utc_offset_minutes: i32) -> Self {
        Calendar {
            period,
            utc_offset_minutes,
            cached_index: 0,
            cached_start: 0,
            cached_end: 0, // empty: the first lookup computes
        }
    }

    /// The index of the period containing instant `t` (ms).
    #[inline]
    pub fn index(&mut self, t: i64) -> i64 {
        match self.period {
            Period::Day => day_index(t, self.utc_offset_minutes),
            Period::Week => week_of_day(day_index(t, self.utc_offset_minutes)),
            Period::Month => {
                if t < self.cached_start || t >= self.cached_end {
                    self.cache_month(t);
                }
                self.cached_index
            }
        }
    }

    #[cold]
    fn cache_month(&mut self, t: i64) {
        let index = self.index_of_day(day_index(t, self.utc_offset_minutes));
        self.cached_index = index;
        self.cached_start = self.start_ms(index);
        self.cached_end = self.start_ms(index + 1);
    }

    fn index_of_day(&self, day: i64) -> i64 {
        match self.period {
            Period::Day => day,
            Period::Week => week_of_day(day),
            Period::Month => {
                let (year, month, _) = civil_from_days(day);
                year * 12 + i64::from(month) - 1
            }
        }
    }

    fn first_day(&self, index: i64) -> i64 {
        match self.period {
            Period::Day => index,
            Period::Week => index * 7 - 3,
            Period::Month => {
                days_from_civil(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
            }
        }
    }

    /// The instant period `index` begins.
    pub fn start_ms(&self, index: i64) -> i64 {
        day_start_ms(self.first_day(index), self.utc_offset_minutes)
    }

    /// `2025-11-11` for a day, the Monday `2025-11-10` for a week, `2025-11` for a month.
    pub fn label(&self, index: i64) -> String {
        let day = format_day(self.first_day(index));
        match self.period {
            Period::Month => day[..7].to_string(),
            _ => day,
        }
    }
}

/// The Monday-started week of a local day: day 0 (1970-01-01) was a Thursday, day −3 the Monday
/// that starts week 0. Days fit in 32 bits for every time `day_index` computes in floating
/// point, and a 32-bit division by a constant is a multiplication in wasm (a 64-bit one is not).
#[inline]
fn week_of_day(day: i64) -> i64 {
    match i32::try_from(day + 3) {
        Ok(d) => i64::from(d.div_euclid(7)),
        Err(_) => (day + 3).div_euclid(7),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::time::parse_timestamp;
    use crate::events::TsUnit;

    fn at(text: &str) -> i64 {
        parse_timestamp(text.as_bytes(), TsUnit::Auto, 480).unwrap()
    }

    #[test]
    fn weeks_start_on_monday_at_the_offset() {
        let mut weeks = Calendar::new(Period::Week, 480);
        // 2025-11-09 is a Sunday, 2025-11-10 a Monday (Beijing time).
        let sunday = weeks.index(at("2025-11-09 23:59:59"));
        let monday = weeks.index(at("2025-11-10 00:00:00"));
        assert_eq!(monday, sunday + 1);
        assert_eq!(weeks.label(monday), "2025-11-10");
        assert_eq!(weeks.start_ms(monday), at("2025-11-10"));
        // The same instant is still Sunday in UTC.
        let mut utc = Calendar::new(Period::Week, 0);
        assert_eq!(
            {
                let i = utc.index(at("2025-11-10 00:00:00"));
                utc.label(i)
            },
            "2025-11-03"
        );
    }

    #[test]
    fn weeks_of_days_far_from_1970() {
        for day in [
            -3i64,
            -4,
            0,
            3,
            4,
            20_406,
            -800_000,
            i64::from(i32::MAX),
            i64::from(i32::MIN),
        ] {
            assert_eq!(week_of_day(day), (day + 3).div_euclid(7), "{day}");
        }
    }

    #[test]
    fn months_and_days() {
        let mut months = Calendar::new(Period::Month, 480);
        let nov = months.index(at("2025-11-30 23:59:59"));
        let dec = months.index(at("2025-12-01 00:00:00"));
        assert_eq!((dec - nov, months.label(nov)), (1, "2025-11".to_string()));
        assert_eq!(months.start_ms(nov), at("2025-11-01"));
        assert_eq!(
            {
                let i = months.index(at("2024-02-29 12:00"));
                months.label(i)
            },
            "2024-02"
        );
        let mut days = Calendar::new(Period::Day, 480);
        assert_eq!(
            {
                let i = days.index(at("2025-11-11 00:00"));
                days.label(i)
            },
            "2025-11-11"
        );
        // Back in time after a cached lookup still answers correctly.
        assert_eq!(
            {
                let i = days.index(at("2025-10-01 08:00"));
                days.label(i)
            },
            "2025-10-01"
        );
    }
}
