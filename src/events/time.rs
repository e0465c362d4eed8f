//! Timestamps: i64 milliseconds since the Unix epoch, and calendar days at a UTC offset.

use serde::Deserialize;

use crate::error::Error;

pub const MS_PER_DAY: i64 = 86_400_000;
const MS_PER_MINUTE: i64 = 60_000;

/// How numeric timestamps are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TsUnit {
    /// Numbers whose magnitude is below 1e11 are seconds, the rest milliseconds.
    /// 1e11 s is the year 5138 and 1e11 ms is March 1973, so real data is never ambiguous.
    #[default]
    Auto,
    Ms,
    S,
}

const AUTO_SECONDS_BELOW: f64 = 1e11;
/// ±100 000 years around 1970: anything beyond is a unit or parsing mistake, not a time.
const MAX_ABS_MS: f64 = 3.2e18;

/// Converts an epoch number to milliseconds; sub-millisecond fractions round to the nearest ms.
pub fn epoch_to_ms(value: f64, unit: TsUnit) -> Option<i64> {
    if !value.is_finite() {
        return None;
    }
    let seconds = match unit {
        TsUnit::Auto => value.abs() < AUTO_SECONDS_BELOW,
        TsUnit::S => true,
        TsUnit::Ms => false,
    };
    let ms = if seconds { value * 1000.0 } else { value };
    (ms.abs() < MAX_ABS_MS).then(|| ms.round() as i64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number — the inverse of [`days_from_civil`].
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The local calendar day (days since 1970-01-01 at that offset) of an instant.
///
/// Every pass over the log calls this per event, and a 64-bit integer division is a real `idiv`
/// in wasm (no 64-bit multiply-high for the divide-by-constant trick), so the day comes from an
/// `f64` division where that is exact: below 2^52 ms the time and the quotient are exact in
/// `f64`, division is correctly rounded, and 1/86 400 000 is more than half the spacing of doubles
/// near any quotient below 2^26, so a remainder can never round the quotient up to the next day.
#[inline]
pub fn day_index(ts_ms: i64, utc_offset_minutes: i32) -> i64 {
    let local = ts_ms + i64::from(utc_offset_minutes) * MS_PER_MINUTE;
    if local.unsigned_abs() < 1 << 52 {
        (local as f64 / MS_PER_DAY as f64).floor() as i64
    } else {
        local.div_euclid(MS_PER_DAY)
    }
}

/// The instant a local day begins.
pub fn day_start_ms(day: i64, utc_offset_minutes: i32) -> i64 {
    day * MS_PER_DAY - i64::from(utc_offset_minutes) * MS_PER_MINUTE
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// UTC offsets run from −12:00 to +14:00; the error names `utcOffsetMinutes`.
pub fn check_offset(utc_offset_minutes: i32) -> crate::error::Result<()> {
    if (-12 * 60..=14 * 60).contains(&utc_offset_minutes) {
        Ok(())
    } else {
        Err(Error::out_of_range(
            "utcOffsetMinutes",
            "must be between -720 and 840",
        ))
    }
}

/// Parses a timestamp field: an epoch number (seconds or ms, see [`TsUnit`]) or a date-time
/// `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH:MM|±HHMM]` (also with `/` between date parts).
/// Times without a zone are local times at `default_offset_minutes`.
/// The error is the reason, to be placed after the value in a message.
pub fn parse_timestamp(
    text: &[u8],
    unit: TsUnit,
    default_offset_minutes: i32,
) -> Result<i64, &'static str> {
    let s = text.trim_ascii();
    if s.is_empty() {
        return Err("is empty");
    }
    if let Some(whole) = parse_whole_number(s) {
        return whole_epoch_to_ms(whole, unit).ok_or("is out of range for a timestamp");
    }
    let is_date = s.len() >= 8 && (s[4] == b'-' || s[4] == b'/');
    if !is_date
        && s.iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        let value: f64 = std::str::from_utf8(s)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or("is not a number or a date")?;
        return epoch_to_ms(value, unit).ok_or("is out of range for a timestamp");
    }
    parse_datetime(s, default_offset_minutes)
}

/// The common case of an epoch timestamp column: an optionally signed run of at most 18 digits.
fn parse_whole_number(s: &[u8]) -> Option<i64> {
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits
        .iter()
        .fold(0i64, |acc, &d| acc * 10 + i64::from(d - b'0'));
    Some(if negative { -value } else { value })
}

/// [`epoch_to_ms`] for whole numbers, in exact integer arithmetic.
fn whole_epoch_to_ms(value: i64, unit: TsUnit) -> Option<i64> {
    let seconds = match unit {
        TsUnit::Auto => (value.unsigned_abs() as f64) < AUTO_SECONDS_BELOW,
        TsUnit::S => true,
        TsUnit::Ms => false,
    };
    let ms = if seconds {
        value.checked_mul(1000)?
    } else {
        value
    };
    ((ms.unsigned_abs() as f64) < MAX_ABS_MS).then_some(ms)
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let start = self.i;
        while self.i < self.b.len() && self.i - start < max && self.b[self.i].is_ascii_digit() {
            self.i += 1;
        }
        if self.i - start < min {
            return None;
        }
        Some(
            self.b[start..self.i]
                .iter()
                .fold(0i64, |acc, &c| acc * 10 + i64::from(c - b'0')),
        )
    }
    fn eat(&mut self, options: &[u8]) -> Option<u8> {
        let c = *self.b.get(self.i)?;
        options.contains(&c).then(|| {
            self.i += 1;
            c
        })
    }
    fn done(&self) -> bool {
        self.i == self.b.len()
    }
}

fn parse_datetime(b: &[u8], default_offset_minutes: i32) -> Result<i64, &'static str> {
    const NOT_A_DATE: &str = "is not a date";
    let mut c = Cursor { b, i: 0 };
    let year = c.digits(4, 4).ok_or(NOT_A_DATE)?;
    let sep = c.eat(b"-/").ok_or(NOT_A_DATE)?;
    let month = c.digits(1, 2).ok_or(NOT_A_DATE)? as u32;
    if c.eat(&[sep]).is_none() {
        return Err(NOT_A_DATE);
    }
    let day = c.digits(1, 2).ok_or(NOT_A_DATE)? as u32;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(NOT_A_DATE);
    }
    let mut ms_of_day = 0i64;
    let mut offset = i64::from(default_offset_minutes);
    if !c.done() {
        c.eat(b"T ").ok_or(NOT_A_DATE)?;
        while c.eat(b" ").is_some() {}
        let h = c.digits(1, 2).ok_or("has no valid time")?;
        c.eat(b":").ok_or("has no valid time")?;
        let m = c.digits(2, 2).ok_or("has no valid time")?;
        let mut sec = 0;
        let mut frac_ms = 0;
        if c.eat(b":").is_some() {
            sec = c.digits(2, 2).ok_or("has no valid time")?;
            if c.eat(b".,").is_some() {
                let start = c.i;
                let f = c.digits(1, 9).ok_or("has no valid time")?;
                let len = (c.i - start) as u32;
                frac_ms = if len >= 3 {
                    f / 10i64.pow(len - 3)
                } else {
                    f * 10i64.pow(3 - len)
                };
            }
        }
        // 24:00:00 is not accepted: every instant has one spelling here.
        if h > 23 || m > 59 || sec > 60 {
            return Err("has no valid time");
        }
        ms_of_day = ((h * 60 + m) * 60 + sec.min(59)) * 1000 + frac_ms;
        if sec == 60 {
            ms_of_day += 999; // a leap second is kept within its minute, never pushed into the next
        }
        while c.eat(b" ").is_some() {}
        if c.eat(b"Zz").is_some() {
            offset = 0;
        } else if let Some(sign) = c.eat(b"+-") {
            let oh = c.digits(2, 2).ok_or("has an invalid UTC offset")?;
            c.eat(b":");
            let om = if c.done() {
                0
            } else {
                c.digits(2, 2).ok_or("has an invalid UTC offset")?
            };
            if oh > 14 || om > 59 {
                return Err("has an invalid UTC offset");
            }
            offset = (oh * 60 + om) * if sign == b'-' { -1 } else { 1 };
        }
    }
    if !c.done() {
        return Err(NOT_A_DATE);
    }
    Ok(days_from_civil(year, month, day) * MS_PER_DAY + ms_of_day - offset * MS_PER_MINUTE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn day_index_is_the_integer_floor(t in -(1i64 << 53)..(1i64 << 53), offset in -720i32..=840) {
            let local = t + i64::from(offset) * MS_PER_MINUTE;
            prop_assert_eq!(day_index(t, offset), local.div_euclid(MS_PER_DAY));
        }
    }

    #[test]
    fn day_index_at_day_boundaries() {
        for day in [
            -800_000i64,
            -1,
            0,
            1,
            20_406,
            52_000_000,
            52_080_000,
            // past 2^52 ms: the integer fallback
            60_000_000,
            -60_000_000,
        ] {
            for delta in [-1i64, 0, 1] {
                let t = day * MS_PER_DAY + delta;
                assert_eq!(day_index(t, 0), t.div_euclid(MS_PER_DAY), "{t}");
                assert_eq!(
                    day_index(t - 480 * 60_000, 480),
                    t.div_euclid(MS_PER_DAY),
                    "{t}"
                );
            }
        }
    }

    #[test]
    fn civil_round_trip_and_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        for d in -800_000..800_000i64 {
            if d % 997 == 0 {
                let (y, m, dd) = civil_from_days(d);
                assert_eq!(days_from_civil(y, m, dd), d);
            }
        }
        assert_eq!(format_day(days_from_civil(2024, 2, 29)), "2024-02-29");
    }

    #[test]
    fn parses_the_formats_consoles_export() {
        let beijing = 480;
        // 2025-11-11 20:00:00 in Beijing is 12:00 UTC: 1762862400 s.
        let want = 1_762_862_400_000;
        for s in [
            "2025-11-11 20:00:00",
            "2025-11-11T20:00:00+08:00",
            "2025-11-11T12:00:00Z",
            "2025/11/11 20:00",
            "2025-11-11T04:00:00.000-08:00",
            "1762862400",
            "1762862400000",
            " 2025-11-11 20:00:00 ",
        ] {
            assert_eq!(
                parse_timestamp(s.as_bytes(), TsUnit::Auto, beijing),
                Ok(want),
                "{s}"
            );
        }
        assert_eq!(
            parse_timestamp(b"2025-11-11", TsUnit::Auto, beijing),
            Ok(want - 20 * 3_600_000)
        );
        assert_eq!(
            parse_timestamp(b"2025-11-11 20:00:00.5", TsUnit::Auto, 0),
            Ok(want + 8 * 3_600_000 + 500)
        );
        assert_eq!(
            parse_timestamp(b"1762862400", TsUnit::Ms, 0),
            Ok(1_762_862_400)
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "2024-13-01",
            "2023-02-29",
            "2025-11-31",
            "2025-11-11 25:00",
            "2025-11-11 20:00 +15:00",
            "yesterday",
            "",
            "1e400",
        ] {
            assert!(
                parse_timestamp(s.as_bytes(), TsUnit::Auto, 480).is_err(),
                "{s}"
            );
        }
        assert_eq!(
            parse_timestamp(b"2024-13-01", TsUnit::Auto, 480),
            Err("is not a date")
        );
        assert!(parse_timestamp(b"2024-02-29", TsUnit::Auto, 480).is_ok());
    }

    #[test]
    fn days_at_an_offset() {
        // 2025-11-11 20:00 Beijing is still 2025-11-11 there but 23:59 UTC-? check both sides of midnight.
        let t = parse_timestamp(b"2025-11-11 23:30:00", TsUnit::Auto, 480).unwrap();
        assert_eq!(format_day(day_index(t, 480)), "2025-11-11");
        assert_eq!(format_day(day_index(t, 0)), "2025-11-11");
        assert_eq!(format_day(day_index(t, 600)), "2025-11-12");
        assert_eq!(
            day_start_ms(day_index(t, 480), 480),
            parse_timestamp(b"2025-11-11", TsUnit::Auto, 480).unwrap()
        );
    }
}
