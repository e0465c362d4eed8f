//! 阶梯满减: several 满减 tiers; the highest tier met wins (they never add up).

use serde::{Deserialize, Serialize};

use super::{fen, threshold_covers, Outcome};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tier {
    pub threshold_fen: i64,
    pub off_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tiered {
    /// Ascending thresholds.
    pub tiers: Vec<Tier>,
}

impl Tiered {
    pub fn validate(&self) -> Result<()> {
        if self.tiers.is_empty() {
            return Err(Error::invalid("tiers", "needs at least one tier"));
        }
        for (i, tier) in self.tiers.iter().enumerate() {
            let at = format!("tiers[{i}]");
            fen(tier.threshold_fen, "thresholdFen").map_err(|e| e.within(&at))?;
            fen(tier.off_fen, "offFen").map_err(|e| e.within(&at))?;
            threshold_covers(tier.threshold_fen, tier.off_fen, "thresholdFen")
                .map_err(|e| e.within(&at))?;
            if i > 0 && tier.threshold_fen <= self.tiers[i - 1].threshold_fen {
                return Err(Error::invalid(
                    format!("{at}.thresholdFen"),
                    "tiers must have strictly ascending thresholds",
                ));
            }
        }
        Ok(())
    }

    /// The highest tier met; below the first tier, how much is missing to reach it.
    pub fn outcome(&self, basis: i64) -> Outcome {
        match self.tiers.iter().rev().find(|t| basis >= t.threshold_fen) {
            Some(tier) => Outcome::Discount(tier.off_fen),
            None => Outcome::Short(self.tiers.first().map_or(0, |t| t.threshold_fen) - basis),
        }
    }
}
