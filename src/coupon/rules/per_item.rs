//! 立减: a fixed amount off every unit in scope (never more than what the line still costs).

use serde::{Deserialize, Serialize};

use super::fen;
use crate::coupon::model::Line;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PerItemOff {
    pub off_fen: i64,
}

impl PerItemOff {
    pub fn validate(&self) -> Result<()> {
        fen(self.off_fen, "offFen")
    }

    /// The discount of each in-scope line: `offFen × quantity`, at most the line's running amount.
    pub fn line_discounts(&self, lines: &[Line], scope: &[usize], running: &[i64]) -> Vec<i64> {
        scope
            .iter()
            .map(|&i| {
                let full = i128::from(self.off_fen) * i128::from(lines[i].quantity);
                full.min(i128::from(running[i])) as i64
            })
            .collect()
    }
}
