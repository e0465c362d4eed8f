//! 满减 (spend X, get Y off) and 无门槛 (Y off, no threshold).

use serde::{Deserialize, Serialize};

use super::{fen, threshold_covers, Outcome};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FullReduction {
    pub threshold_fen: i64,
    pub off_fen: i64,
}

impl FullReduction {
    pub fn validate(&self) -> Result<()> {
        fen(self.threshold_fen, "thresholdFen")?;
        fen(self.off_fen, "offFen")?;
        threshold_covers(self.threshold_fen, self.off_fen, "thresholdFen")
    }

    /// Met when `basis ≥ threshold` exactly: 99.50 never passes 满100.
    pub fn outcome(&self, basis: i64) -> Outcome {
        if basis >= self.threshold_fen {
            Outcome::Discount(self.off_fen)
        } else {
            Outcome::Short(self.threshold_fen - basis)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoThreshold {
    pub off_fen: i64,
}

impl NoThreshold {
    pub fn validate(&self) -> Result<()> {
        fen(self.off_fen, "offFen")
    }
}
