//! N件M折 and 第二件半价: for every full group of `groupSize` units in scope, `discountedUnits`
//! units get `percentOff` % off.
//!
//! Which units: the cheapest ones first (by list unit price; equal prices by lower line index),
//! the common merchant reading of "第二件半价" — a 60 and a 40 item give 20 off, not 30. So
//! 第二件半价 is `{ groupSize: 2, discountedUnits: 1, percentOff: 50 }` and 3件7折 is
//! `{ groupSize: 3, discountedUnits: 3, percentOff: 30 }`.

use serde::{Deserialize, Serialize};

use super::percentage::{basis_points, percent_of, Rounding};
use super::LineSplit;
use crate::coupon::model::Line;
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MultiBuy {
    pub group_size: i64,
    pub discounted_units: i64,
    pub percent_off: f64,
    #[serde(default)]
    pub rounding: Rounding,
}

impl MultiBuy {
    pub fn validate(&self) -> Result<()> {
        if !(1..=1000).contains(&self.group_size) {
            return Err(Error::out_of_range(
                "groupSize",
                "must be between 1 and 1000",
            ));
        }
        if !(1..=self.group_size).contains(&self.discounted_units) {
            return Err(Error::out_of_range(
                "discountedUnits",
                "must be between 1 and groupSize",
            ));
        }
        basis_points(self.percent_off, "percentOff").map(|_| ())
    }

    /// The discount on the units the full groups earn it for, cheapest first, valued at list
    /// price; `Err(units still missing)` when no full group is in scope.
    pub fn split(
        &self,
        lines: &[Line],
        scope: &[usize],
        running: &[i64],
    ) -> std::result::Result<LineSplit, i64> {
        let units: i64 = scope.iter().map(|&i| lines[i].quantity).sum();
        let groups = units / self.group_size;
        if groups == 0 {
            return Err(self.group_size - units);
        }
        let mut left = groups * self.discounted_units;
        let mut order: Vec<usize> = (0..scope.len()).collect();
        order.sort_by_key(|&k| (lines[scope[k]].unit_price_fen, scope[k]));
        let mut value = vec![0i64; scope.len()];
        for k in order {
            if left == 0 {
                break;
            }
            let line = &lines[scope[k]];
            let taken = line.quantity.min(left);
            left -= taken;
            value[k] = line.unit_price_fen * taken; // ≤ the line amount, which was checked
        }
        let chosen: i64 = value.iter().sum();
        let weights: Vec<i64> = value
            .iter()
            .zip(scope)
            .map(|(&v, &i)| v.min(running[i]))
            .collect();
        let cap: i64 = weights.iter().sum();
        let bp = basis_points(self.percent_off, "percentOff").unwrap_or(0);
        Ok(LineSplit {
            total: percent_of(chosen, bp, self.rounding).min(cap),
            weights,
        })
    }
}
