//! 折扣: a percentage off (8.5折 = 15% off), from an optional threshold, up to an optional cap.
//!
//! The percentage is read as basis points (two decimals at most: 12.34%) and applied in integer
//! arithmetic with a 128-bit product: `discount = amount × bp / 10000`, rounded half-up (the
//! shopper gets the half 分) by default, or floored (never more than the exact percentage).

use serde::{Deserialize, Serialize};

use super::{fen, Outcome};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Rounding {
    #[default]
    HalfUp,
    Floor,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Percentage {
    pub percent_off: f64,
    #[serde(default)]
    pub threshold_fen: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_fen: Option<i64>,
    #[serde(default)]
    pub rounding: Rounding,
}

/// A percentage (0–100, at most two decimals) as basis points.
pub fn basis_points(percent: f64, field: &str) -> Result<i64> {
    if !percent.is_finite() || !(0.0..=100.0).contains(&percent) {
        return Err(Error::out_of_range(
            field,
            format!("{percent} is not a percentage between 0 and 100"),
        ));
    }
    let bp = (percent * 100.0).round();
    if (percent * 100.0 - bp).abs() > 1e-6 {
        return Err(Error::invalid(
            field,
            format!("{percent} has more than two decimals"),
        ));
    }
    Ok(bp as i64)
}

/// `amount × bp / 10000` in integer arithmetic, rounded as asked; never more than `amount`.
pub fn percent_of(amount: i64, bp: i64, rounding: Rounding) -> i64 {
    let product = i128::from(amount) * i128::from(bp);
    let share = match rounding {
        Rounding::HalfUp => (product + 5_000) / 10_000,
        Rounding::Floor => product / 10_000,
    };
    // bp ≤ 10000, so the share is at most `amount` and fits.
    share as i64
}

impl Percentage {
    pub fn validate(&self) -> Result<()> {
        basis_points(self.percent_off, "percentOff")?;
        fen(self.threshold_fen, "thresholdFen")?;
        if let Some(cap) = self.cap_fen {
            fen(cap, "capFen")?;
        }
        Ok(())
    }

    /// Validated in [`Self::validate`]; here a bad value gives no discount rather than a panic.
    pub fn bp(&self) -> i64 {
        basis_points(self.percent_off, "percentOff").unwrap_or(0)
    }

    pub fn outcome(&self, basis: i64, running: i64) -> Outcome {
        if basis < self.threshold_fen {
            return Outcome::Short(self.threshold_fen - basis);
        }
        let off = percent_of(running, self.bp(), self.rounding);
        Outcome::Discount(self.cap_fen.map_or(off, |cap| off.min(cap)))
    }
}
