//! `priceCart`: the payable total, every offer applied with its split over the lines, and why
//! each other offer took nothing.

use serde::{Deserialize, Serialize};

use super::model::{CartInput, Member};
use super::stacking::{Applied, NotApplied, Pipeline, Source, State};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PricedLine {
    pub line_id: String,
    pub sku: String,
    pub category: String,
    pub store: String,
    pub unit_price_fen: i64,
    pub quantity: i64,
    /// `unitPriceFen × quantity`.
    pub list_fen: i64,
    /// Every discount share this line carries.
    pub discount_fen: i64,
    /// `listFen − discountFen`, never below 0.
    pub payable_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PricedCart {
    pub lines: Vec<PricedLine>,
    /// Offers that took something off, in the order they applied.
    pub applied: Vec<Applied>,
    /// Offers that took nothing, each with its reason (not read back: a refund re-prices).
    #[serde(skip_deserializing)]
    pub not_applied: Vec<NotApplied>,
    /// The ids of the coupons used.
    pub coupon_ids: Vec<String>,
    pub subtotal_fen: i64,
    /// Discounts on the lines (Σ of `lines[].discountFen`).
    pub discount_fen: i64,
    pub shipping_fen: i64,
    pub shipping_discount_fen: i64,
    /// `subtotal − discount + shipping − shippingDiscount`, never below 0.
    pub payable_fen: i64,
    #[serde(default)]
    pub member: Option<Member>,
    #[serde(default)]
    pub now_ms: Option<i64>,
}

/// Prices the cart with the coupons as given: each is used if it can be, in input order
/// (a later coupon of a store that already has one is reported as `sameGroup`).
pub fn price_cart(input: &CartInput) -> Result<PricedCart> {
    let pipeline = Pipeline::new(input)?;
    let all: Vec<usize> = (0..input.coupons.len()).collect();
    let state = pipeline.price(&all)?;
    Ok(priced(&pipeline, state))
}

/// The result of a pipeline run.
pub fn priced(pipeline: &Pipeline, state: State) -> PricedCart {
    let input = pipeline.input;
    let mut discounts = vec![0i64; input.lines.len()];
    for applied in &state.applied {
        for (d, s) in discounts.iter_mut().zip(&applied.shares) {
            *d += s;
        }
    }
    let lines: Vec<PricedLine> = input
        .lines
        .iter()
        .zip(&pipeline.list)
        .zip(&discounts)
        .map(|((line, &list), &discount)| PricedLine {
            line_id: line.line_id.clone(),
            sku: line.sku.clone(),
            category: line.category.clone(),
            store: line.store.clone(),
            unit_price_fen: line.unit_price_fen,
            quantity: line.quantity,
            list_fen: list,
            discount_fen: discount,
            payable_fen: list - discount,
        })
        .collect();
    let subtotal: i64 = pipeline.list.iter().sum();
    let discount: i64 = discounts.iter().sum();
    let coupon_ids = state
        .applied
        .iter()
        .filter(|a| a.source == Source::Coupon)
        .map(|a| a.id.clone())
        .collect();
    PricedCart {
        lines,
        coupon_ids,
        subtotal_fen: subtotal,
        discount_fen: discount,
        shipping_fen: input.shipping_fen,
        shipping_discount_fen: state.shipping_discount,
        payable_fen: subtotal - discount + input.shipping_fen - state.shipping_discount,
        applied: state.applied,
        not_applied: state.not_applied,
        member: input.member.clone(),
        now_ms: input.now_ms,
    }
}
