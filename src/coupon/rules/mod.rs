//! The promotion kinds, one file each. A rule is either *amount-level* (its discount is a
//! function of the amount in scope: 满减, 阶梯满减, 每满减, 折扣, 无门槛, 包邮) or *line-level*
//! (it looks at units and SKUs: N件M折, 立减, member price and member-tier discount).

mod every;
mod member;
mod multi_buy;
mod per_item;
pub(crate) mod percentage;
mod reduction;
mod shipping;
mod tiered;

pub use every::EveryReduction;
pub use member::{MemberDiscount, MemberPrice, MemberTier, NotMember, SkuPrice};
pub use multi_buy::MultiBuy;
pub use per_item::PerItemOff;
pub use percentage::{percent_of, Percentage, Rounding};
pub use reduction::{FullReduction, NoThreshold};
pub use shipping::FreeShipping;
pub use tiered::{Tier, Tiered};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One promotion or coupon rule, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Rule {
    /// 满减: spend `thresholdFen`, get `offFen` off.
    FullReduction(FullReduction),
    /// 阶梯满减: the highest tier met wins.
    Tiered(Tiered),
    /// 每满减: every `everyFen` gets `offFen` off, up to `capFen` (上不封顶 without one).
    EveryReduction(EveryReduction),
    /// 折扣: `percentOff` % off, optionally from a threshold and up to a cap.
    Percentage(Percentage),
    /// 无门槛: `offFen` off with no threshold.
    NoThreshold(NoThreshold),
    /// N件M折 / 第二件半价: per `groupSize` units, the cheapest `discountedUnits` get `percentOff` % off.
    MultiBuy(MultiBuy),
    /// 立减: `offFen` off every unit in scope.
    PerItemOff(PerItemOff),
    /// 包邮: the shipping fee is waived from a threshold.
    FreeShipping(FreeShipping),
    /// 会员折扣: the member's tier (e.g. 满1000 升 VIP 享 9 折) takes a percentage off.
    MemberDiscount(MemberDiscount),
    /// 会员价: members pay a fixed unit price for listed SKUs.
    MemberPrice(MemberPrice),
}

/// The kinds, for stage assignment and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    FullReduction,
    Tiered,
    EveryReduction,
    Percentage,
    NoThreshold,
    MultiBuy,
    PerItemOff,
    FreeShipping,
    MemberDiscount,
    MemberPrice,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::FullReduction => "fullReduction",
            RuleKind::Tiered => "tiered",
            RuleKind::EveryReduction => "everyReduction",
            RuleKind::Percentage => "percentage",
            RuleKind::NoThreshold => "noThreshold",
            RuleKind::MultiBuy => "multiBuy",
            RuleKind::PerItemOff => "perItemOff",
            RuleKind::FreeShipping => "freeShipping",
            RuleKind::MemberDiscount => "memberDiscount",
            RuleKind::MemberPrice => "memberPrice",
        }
    }

    /// Item and member rules are promotions only; coupons are amount-level.
    pub fn coupon_allowed(self) -> bool {
        !matches!(
            self,
            RuleKind::MultiBuy
                | RuleKind::PerItemOff
                | RuleKind::MemberDiscount
                | RuleKind::MemberPrice
        )
    }
}

/// What a line-level rule takes: `total`, to be split over the in-scope lines by `weights`
/// (each weight at most the line's running amount, and `total ≤ Σ weights`, so no line goes
/// below zero).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSplit {
    pub total: i64,
    pub weights: Vec<i64>,
}

/// What an amount-level rule gives on a scope: a discount, or how much more must be bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Discount(i64),
    /// The threshold is missed by this many 分 ("再买 ¥x 可用").
    Short(i64),
}

impl Rule {
    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::FullReduction(_) => RuleKind::FullReduction,
            Rule::Tiered(_) => RuleKind::Tiered,
            Rule::EveryReduction(_) => RuleKind::EveryReduction,
            Rule::Percentage(_) => RuleKind::Percentage,
            Rule::NoThreshold(_) => RuleKind::NoThreshold,
            Rule::MultiBuy(_) => RuleKind::MultiBuy,
            Rule::PerItemOff(_) => RuleKind::PerItemOff,
            Rule::FreeShipping(_) => RuleKind::FreeShipping,
            Rule::MemberDiscount(_) => RuleKind::MemberDiscount,
            Rule::MemberPrice(_) => RuleKind::MemberPrice,
        }
    }

    pub fn validate(&self) -> Result<()> {
        match self {
            Rule::FullReduction(r) => r.validate(),
            Rule::Tiered(r) => r.validate(),
            Rule::EveryReduction(r) => r.validate(),
            Rule::Percentage(r) => r.validate(),
            Rule::NoThreshold(r) => r.validate(),
            Rule::MultiBuy(r) => r.validate(),
            Rule::PerItemOff(r) => r.validate(),
            Rule::FreeShipping(r) => r.validate(),
            Rule::MemberDiscount(r) => r.validate(),
            Rule::MemberPrice(r) => r.validate(),
        }
    }

    /// The discount of an amount-level rule: thresholds judged on `basis`, the discount taken
    /// from (and never more than) `running`, the amount still left in scope. `None` for
    /// line-level rules and free shipping, which the pipeline handles itself.
    pub fn amount_outcome(&self, basis: i64, running: i64) -> Option<Outcome> {
        let outcome = match self {
            Rule::FullReduction(r) => r.outcome(basis),
            Rule::Tiered(r) => r.outcome(basis),
            Rule::EveryReduction(r) => r.outcome(basis),
            Rule::Percentage(r) => r.outcome(basis, running),
            Rule::NoThreshold(r) => Outcome::Discount(r.off_fen),
            _ => return None,
        };
        Some(match outcome {
            Outcome::Discount(d) => Outcome::Discount(d.min(running)),
            short => short,
        })
    }

    /// The most this rule can take off a scope whose pre-coupon amount is `basis`
    /// (an upper bound for the coupon search; amounts only fall as offers apply).
    pub fn max_discount(&self, basis: i64, shipping_fen: i64) -> i64 {
        match self {
            Rule::FreeShipping(_) => shipping_fen,
            _ => match self.amount_outcome(basis, basis) {
                Some(Outcome::Discount(d)) => d,
                _ => 0,
            },
        }
    }
}

/// Checks a 分 amount is ≥ 0 and JS-safe, naming `field`.
pub(crate) fn fen(value: i64, field: &str) -> Result<()> {
    super::model::check_fen(value, field)
}

/// Checks `threshold ≥ off` (a threshold below the discount would pay the shopper to buy).
pub(crate) fn threshold_covers(threshold: i64, off: i64, field: &str) -> Result<()> {
    if threshold < off {
        return Err(Error::invalid(
            field,
            format!("a threshold of {threshold} 分 is below its discount of {off} 分"),
        ));
    }
    Ok(())
}
