//! 包邮: the shipping fee is waived once the amount in scope reaches the threshold.

use serde::{Deserialize, Serialize};

use super::{fen, Outcome};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FreeShipping {
    #[serde(default)]
    pub threshold_fen: i64,
}

impl FreeShipping {
    pub fn validate(&self) -> Result<()> {
        fen(self.threshold_fen, "thresholdFen")
    }

    /// Waives `shipping_fen` when `basis` reaches the threshold.
    pub fn outcome(&self, basis: i64, shipping_fen: i64) -> Outcome {
        if basis >= self.threshold_fen {
            Outcome::Discount(shipping_fen)
        } else {
            Outcome::Short(self.threshold_fen - basis)
        }
    }
}
