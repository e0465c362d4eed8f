//! Member benefits: 会员价 (a fixed unit price for listed SKUs) and 会员折扣 (a percentage by
//! tier, e.g. 满1000 升 VIP 享 9 折: `{ name: "VIP", minSpendFen: 100000, percentOff: 10 }`).
//!
//! A member's tier is the one named in `member.tier`, or else the highest tier whose
//! `minSpendFen` the member's `spendFen` reaches. Lines that got a member price are not
//! discounted again by the tier.

use serde::{Deserialize, Serialize};

use super::fen;
use super::percentage::{basis_points, Rounding};
use crate::coupon::model::Member;
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberTier {
    pub name: String,
    #[serde(default)]
    pub min_spend_fen: i64,
    pub percent_off: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberDiscount {
    pub tiers: Vec<MemberTier>,
    #[serde(default)]
    pub rounding: Rounding,
}

/// Why a member rule does not apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotMember {
    /// No member was given.
    NoMember,
    /// The named tier is not one this promotion rewards.
    TierNotEligible(String),
    /// The member's spend is short of the lowest tier by this many 分.
    Short(i64),
}

impl MemberDiscount {
    pub fn validate(&self) -> Result<()> {
        if self.tiers.is_empty() {
            return Err(Error::invalid("tiers", "needs at least one tier"));
        }
        for (i, tier) in self.tiers.iter().enumerate() {
            let at = format!("tiers[{i}]");
            if self.tiers[..i].iter().any(|t| t.name == tier.name) {
                return Err(Error::invalid(
                    format!("{at}.name"),
                    format!("duplicate tier '{}'", tier.name),
                ));
            }
            fen(tier.min_spend_fen, "minSpendFen").map_err(|e| e.within(&at))?;
            basis_points(tier.percent_off, "percentOff").map_err(|e| e.within(&at))?;
        }
        Ok(())
    }

    /// The member's tier and its basis points.
    pub fn tier_for(
        &self,
        member: Option<&Member>,
    ) -> std::result::Result<(&MemberTier, i64), NotMember> {
        let member = member.ok_or(NotMember::NoMember)?;
        let tier = match (&member.tier, member.spend_fen) {
            (Some(name), _) => self
                .tiers
                .iter()
                .find(|t| &t.name == name)
                .ok_or_else(|| NotMember::TierNotEligible(name.clone()))?,
            (None, Some(spend)) => self
                .tiers
                .iter()
                .filter(|t| spend >= t.min_spend_fen)
                .max_by_key(|t| t.min_spend_fen)
                .ok_or_else(|| {
                    let lowest = self
                        .tiers
                        .iter()
                        .map(|t| t.min_spend_fen)
                        .min()
                        .unwrap_or(0);
                    NotMember::Short(lowest - spend)
                })?,
            (None, None) => return Err(NotMember::NoMember),
        };
        Ok((
            tier,
            basis_points(tier.percent_off, "percentOff").unwrap_or(0),
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SkuPrice {
    pub sku: String,
    pub unit_price_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberPrice {
    pub prices: Vec<SkuPrice>,
}

impl MemberPrice {
    pub fn validate(&self) -> Result<()> {
        for (i, price) in self.prices.iter().enumerate() {
            let at = format!("prices[{i}]");
            if self.prices[..i].iter().any(|p| p.sku == price.sku) {
                return Err(Error::invalid(
                    format!("{at}.sku"),
                    format!("duplicate SKU '{}'", price.sku),
                ));
            }
            fen(price.unit_price_fen, "unitPriceFen").map_err(|e| e.within(&at))?;
        }
        Ok(())
    }

    /// The member unit price of a SKU, with its index in `prices` (for error paths).
    pub fn price_of(&self, sku: &str) -> Option<(usize, i64)> {
        self.prices
            .iter()
            .position(|p| p.sku == sku)
            .map(|k| (k, self.prices[k].unit_price_fen))
    }
}
