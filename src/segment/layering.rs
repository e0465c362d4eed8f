//! The default layering (用户分层) an operations team starts from, as ordinary rules.
//!
//! Order of precedence (the first matching layer wins; nobody is in two layers):
//! 1. 新用户 `new` — first seen within the last `newDays` local days (`daysSinceFirstSeen < newDays`);
//! 2. 流失用户 `churned` — no event for `churnDays` days or more (`daysSinceLastSeen ≥ churnDays`);
//! 3. 沉睡用户 `dormant` — no event for `dormantDays` days or more;
//! 4. 高价值用户 `highValue` — paid at least `highValueFen` 分 or placed at least `highValueOrders` orders;
//! 5. 活跃用户 `active` — active on at least `activeMinDays` of the last `activeWindowDays` days;
//! 6. 其他 `other` — everyone else, including users with no event at or before `asOf`.
//!
//! Lifecycle comes before value on purpose: a big spender who has stopped coming is a
//! 流失/沉睡 user to win back, not a 高价值 user to look after. Write custom rules for
//! another order.

use serde::Deserialize;

use super::rules::{FeatureName, Op, RuleDef};
use crate::error::{Error, Result};

/// Thresholds of the default layering; every field is optional.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct LayeringOptions {
    pub new_days: u32,
    pub dormant_days: u32,
    pub churn_days: u32,
    /// Paid amount (分) that makes a user high-value; needs `amountProp`. Default 50000 (¥500).
    pub high_value_fen: Option<f64>,
    pub high_value_orders: u32,
    pub active_min_days: u32,
    pub active_window_days: u32,
}

impl Default for LayeringOptions {
    fn default() -> Self {
        LayeringOptions {
            new_days: 7,
            dormant_days: 14,
            churn_days: 30,
            high_value_fen: None,
            high_value_orders: 3,
            active_min_days: 3,
            active_window_days: 14,
        }
    }
}

pub const DEFAULT_HIGH_VALUE_FEN: i64 = 50_000;
/// A hundred years: any longer window is a unit mistake.
const MAX_DAYS: u32 = 36_500;

/// A named layer: `key` is stable (for code and translations), `name` is what people read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SegmentDef {
    #[serde(default)]
    pub key: Option<String>,
    pub name: String,
    pub rule: RuleDef,
}

fn compare(feature: FeatureName, op: Op, value: f64) -> RuleDef {
    RuleDef {
        feature: Some(feature),
        op: Some(op),
        value: Some(value),
        ..RuleDef::default()
    }
}

fn layer(key: &str, name: &str, rule: RuleDef) -> SegmentDef {
    SegmentDef {
        key: Some(key.into()),
        name: name.into(),
        rule,
    }
}

impl LayeringOptions {
    fn validate(&self, has_amount: bool) -> Result<()> {
        let days = [
            ("newDays", self.new_days),
            ("dormantDays", self.dormant_days),
            ("churnDays", self.churn_days),
            ("activeWindowDays", self.active_window_days),
        ];
        for (field, value) in days {
            if !(1..=MAX_DAYS).contains(&value) {
                return Err(Error::out_of_range(
                    field,
                    format!("{value} days: must be between 1 and {MAX_DAYS}"),
                ));
            }
        }
        if self.churn_days <= self.dormant_days {
            return Err(Error::out_of_range(
                "churnDays",
                format!(
                    "must be more than dormantDays ({}): 流失 comes after 沉睡",
                    self.dormant_days
                ),
            ));
        }
        if self.active_min_days == 0 || self.active_min_days > self.active_window_days {
            return Err(Error::out_of_range(
                "activeMinDays",
                format!(
                    "must be between 1 and activeWindowDays ({})",
                    self.active_window_days
                ),
            ));
        }
        if self.high_value_orders == 0 {
            return Err(Error::out_of_range("highValueOrders", "must be at least 1"));
        }
        if let Some(fen) = self.high_value_fen {
            if !has_amount {
                return Err(Error::invalid(
                    "highValueFen",
                    "needs amountProp: the amount is summed over order events",
                ));
            }
            if fen.fract() != 0.0 || !(1.0..=9_007_199_254_740_991.0).contains(&fen) {
                return Err(Error::invalid(
                    "highValueFen",
                    format!(
                        "{fen} is not money: give a positive whole number of 分 (50000 = ¥500)"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The layers as rules, in precedence order. `has_amount`: whether `amountProp` is set
    /// (without it, high value is judged by orders only).
    pub fn segments(&self, has_amount: bool) -> Result<Vec<SegmentDef>> {
        self.validate(has_amount)
            .map_err(|e| e.within("layering"))?;
        let mut high_value = vec![compare(
            FeatureName::Orders,
            Op::Ge,
            f64::from(self.high_value_orders),
        )];
        if has_amount {
            let fen = self.high_value_fen.unwrap_or(DEFAULT_HIGH_VALUE_FEN as f64);
            high_value.insert(0, compare(FeatureName::PaidFen, Op::Ge, fen));
        }
        Ok(vec![
            layer(
                "new",
                "新用户",
                compare(
                    FeatureName::DaysSinceFirstSeen,
                    Op::Lt,
                    f64::from(self.new_days),
                ),
            ),
            layer(
                "churned",
                "流失用户",
                compare(
                    FeatureName::DaysSinceLastSeen,
                    Op::Ge,
                    f64::from(self.churn_days),
                ),
            ),
            layer(
                "dormant",
                "沉睡用户",
                compare(
                    FeatureName::DaysSinceLastSeen,
                    Op::Ge,
                    f64::from(self.dormant_days),
                ),
            ),
            layer(
                "highValue",
                "高价值用户",
                RuleDef {
                    any: Some(high_value),
                    ..RuleDef::default()
                },
            ),
            layer(
                "active",
                "活跃用户",
                RuleDef {
                    within_days: Some(self.active_window_days),
                    ..compare(
                        FeatureName::ActiveDays,
                        Op::Ge,
                        f64::from(self.active_min_days),
                    )
                },
            ),
        ])
    }
}
