//! The input model: cart lines, offers (promotions and coupons) and the member, as serde types.
//!
//! Every amount is integer 分. [`CartInput::validate`] checks everything a caller can get wrong
//! and names the field at fault (`coupons[2].rule.thresholdFen`); nothing is clamped silently.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::rules::Rule;
use super::scope::Scope;
use crate::error::{Error, Result};

/// The largest amount that crosses to JavaScript exactly (2^53 − 1 分).
pub const MAX_SAFE_FEN: i64 = (1 << 53) - 1;

/// A cart line: `quantity` units of one SKU from one store. The SKU, category and store are
/// shared texts: many lines of a cart repeat them, and loading a cart of 500 lines should not
/// allocate 1,500 copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Line {
    pub line_id: String,
    pub sku: Arc<str>,
    #[serde(default)]
    pub category: Arc<str>,
    #[serde(default)]
    pub store: Arc<str>,
    pub unit_price_fen: i64,
    pub quantity: i64,
}

/// Whether a threshold is judged on the amount before any store or platform offer
/// (Taobao/JD: after item promotions and the member discount) or on the amount left when the
/// offer's turn comes (Saleor/Shopify).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ThresholdBasis {
    #[default]
    PreCoupon,
    Running,
}

/// A promotion (applied automatically when it is met) or a coupon (the user's, chosen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Offer {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub rule: Rule,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub threshold_basis: ThresholdBasis,
    /// `false`: the coupon is used with no other coupon (promotions still apply).
    #[serde(default = "yes")]
    pub stackable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until_ms: Option<i64>,
}

fn yes() -> bool {
    true
}

/// The shopper's membership: a tier by name, or a spend from which the tier follows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Member {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend_fen: Option<i64>,
}

/// Everything `priceCart` and `bestCoupons` read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CartInput {
    pub lines: Vec<Line>,
    #[serde(default)]
    pub promotions: Vec<Offer>,
    #[serde(default)]
    pub coupons: Vec<Offer>,
    #[serde(default)]
    pub member: Option<Member>,
    #[serde(default)]
    pub shipping_fen: i64,
    /// The time coupons' validity is judged at; required when an offer has a validity window.
    #[serde(default)]
    pub now_ms: Option<i64>,
}

/// Checks an amount is a non-negative 分 value JavaScript can hold exactly.
pub fn check_fen(value: i64, field: &str) -> Result<()> {
    if value < 0 {
        return Err(Error::out_of_range(
            field,
            format!("{value} 分 is negative"),
        ));
    }
    if value > MAX_SAFE_FEN {
        return Err(Error::overflow(field, "is beyond 2^53 分"));
    }
    Ok(())
}

impl Line {
    /// `unitPriceFen × quantity`, checked.
    pub fn amount(&self) -> Result<i64> {
        // A product beyond i64 is beyond 2^53 too: no need for 128 bits (a library call in wasm).
        (self.unit_price_fen.checked_mul(self.quantity))
            .filter(|&v| v <= MAX_SAFE_FEN)
            .ok_or_else(|| Error::overflow("quantity", "unit price × quantity is beyond 2^53 分"))
    }

    fn validate(&self) -> Result<()> {
        if self.line_id.is_empty() {
            return Err(Error::invalid("lineId", "must not be empty"));
        }
        check_fen(self.unit_price_fen, "unitPriceFen")?;
        if self.quantity < 1 {
            return Err(Error::out_of_range(
                "quantity",
                format!("{} is not a positive quantity", self.quantity),
            ));
        }
        self.amount().map(|_| ())
    }
}

impl Offer {
    fn validate(&self, is_coupon: bool) -> Result<()> {
        if self.id.is_empty() {
            return Err(Error::invalid("id", "must not be empty"));
        }
        self.rule.validate().map_err(|e| e.within("rule"))?;
        if is_coupon && !self.rule.kind().coupon_allowed() {
            return Err(Error::invalid(
                "rule.kind",
                format!(
                    "a {} is a promotion, not a coupon (coupons are fullReduction, tiered, everyReduction, percentage, noThreshold or freeShipping)",
                    self.rule.kind().as_str()
                ),
            ));
        }
        self.scope.validate().map_err(|e| e.within("scope"))?;
        if let (Some(from), Some(until)) = (self.valid_from_ms, self.valid_until_ms) {
            if from > until {
                return Err(Error::invalid("validUntilMs", "is before validFromMs"));
            }
        }
        Ok(())
    }

    pub fn has_window(&self) -> bool {
        self.valid_from_ms.is_some() || self.valid_until_ms.is_some()
    }
}

/// Checks every line (amounts, positive quantities, unique ids, a total below 2^53 分); the error
/// names the first field at fault (`lines[3].unitPriceFen`).
pub fn validate_lines(lines: &[Line]) -> Result<()> {
    let mut line_ids =
        rustc_hash::FxHashSet::with_capacity_and_hasher(lines.len(), Default::default());
    let mut total: i64 = 0;
    for (i, line) in lines.iter().enumerate() {
        // The path is only written out when something is wrong.
        let at = || format!("lines[{i}]");
        line.validate().map_err(|e| e.within(&at()))?;
        if !line_ids.insert(line.line_id.as_str()) {
            return Err(Error::invalid(
                format!("{}.lineId", at()),
                format!("duplicate line id '{}'", line.line_id),
            ));
        }
        total = line
            .amount()?
            .checked_add(total)
            .filter(|&v| v <= MAX_SAFE_FEN)
            .ok_or_else(|| Error::overflow("lines", "the cart total is beyond 2^53 分"))?;
    }
    Ok(())
}

impl CartInput {
    /// Checks every field; the error names the first one at fault.
    pub fn validate(&self) -> Result<()> {
        validate_lines(&self.lines)?;
        self.validate_terms()
    }

    /// Checks everything but the lines: the offers, the member, shipping and the time.
    pub fn validate_terms(&self) -> Result<()> {
        check_fen(self.shipping_fen, "shippingFen")?;
        let mut offer_ids = rustc_hash::FxHashSet::default();
        let offers = [
            ("promotions", &self.promotions, false),
            ("coupons", &self.coupons, true),
        ];
        for (list, offers, is_coupon) in offers {
            for (i, offer) in offers.iter().enumerate() {
                let at = || format!("{list}[{i}]");
                offer.validate(is_coupon).map_err(|e| e.within(&at()))?;
                if !offer_ids.insert(offer.id.as_str()) {
                    return Err(Error::invalid(
                        format!("{}.id", at()),
                        format!("duplicate promotion or coupon id '{}'", offer.id),
                    ));
                }
                if offer.has_window() && self.now_ms.is_none() {
                    return Err(Error::invalid(
                        "nowMs",
                        format!(
                            "'{}' has a validity window: give the time to judge it at",
                            offer.id
                        ),
                    ));
                }
            }
        }
        if let Some(member) = &self.member {
            if let Some(spend) = member.spend_fen {
                check_fen(spend, "member.spendFen")?;
            }
        }
        Ok(())
    }
}
