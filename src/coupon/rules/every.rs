//! 每满减: every full `everyFen` takes `offFen` off, up to `capFen`; 上不封顶 when there is no cap.

use serde::{Deserialize, Serialize};

use super::{fen, threshold_covers, Outcome};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EveryReduction {
    pub every_fen: i64,
    pub off_fen: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_fen: Option<i64>,
}

impl EveryReduction {
    pub fn validate(&self) -> Result<()> {
        fen(self.every_fen, "everyFen")?;
        if self.every_fen == 0 {
            return Err(Error::out_of_range("everyFen", "must be positive"));
        }
        fen(self.off_fen, "offFen")?;
        threshold_covers(self.every_fen, self.off_fen, "everyFen")?;
        if let Some(cap) = self.cap_fen {
            fen(cap, "capFen")?;
        }
        Ok(())
    }

    /// `⌊basis / every⌋ × off`, capped. Short of the first step: the amount missing to reach it.
    pub fn outcome(&self, basis: i64) -> Outcome {
        let steps = basis / self.every_fen;
        if steps == 0 {
            return Outcome::Short(self.every_fen - basis);
        }
        // steps × off ≤ basis (off ≤ every), so the product fits.
        let off = steps * self.off_fen;
        Outcome::Discount(self.cap_fen.map_or(off, |cap| off.min(cap)))
    }
}
