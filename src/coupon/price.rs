//! `priceCart`: the payable total, every offer applied with its split over the lines, and why
//! each other offer took nothing.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::model::{CartInput, Line, Member};
use super::stacking::{Applied, LineFacts, NotApplied, Pipeline, Source, State};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PricedLine {
    pub line_id: String,
    pub sku: Arc<str>,
    pub category: Arc<str>,
    pub store: Arc<str>,
    pub unit_price_fen: i64,
    pub quantity: i64,
    /// `unitPriceFen × quantity`.
    pub list_fen: i64,
    /// Every discount share this line carries.
    pub discount_fen: i64,
    /// `listFen − discountFen`, never below 0.
    pub payable_fen: i64,
}

/// A priced cart; `lines` is the per-line part: [`PricedLine`] objects for `priceCart`, or
/// [`LineAmounts`] columns for a resident cart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Priced<L> {
    pub lines: L,
    /// Offers that took something off, in the order they applied.
    pub applied: Vec<Applied>,
    /// Offers that took nothing, each with its reason (not read back: a refund re-prices).
    #[serde(skip_deserializing)]
    pub not_applied: Vec<NotApplied>,
    /// The ids of the coupons used.
    pub coupon_ids: Vec<String>,
    pub subtotal_fen: i64,
    /// Discounts on the lines (Σ of the lines' `discountFen`).
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

/// What `priceCart` returns: every line as an object.
pub type PricedCart = Priced<Vec<PricedLine>>;

/// The per-line amounts, in line order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineAmounts {
    /// `unitPriceFen × quantity`.
    pub list_fen: Vec<i64>,
    /// Every discount share the line carries.
    pub discount_fen: Vec<i64>,
    /// `listFen − discountFen`, never below 0.
    pub payable_fen: Vec<i64>,
}

/// Prices the cart with the coupons as given: each is used if it can be, in input order
/// (a later coupon of a store that already has one is reported as `sameGroup`).
pub fn price_cart(input: &CartInput) -> Result<PricedCart> {
    let facts = LineFacts::new(&input.lines)?;
    let pipeline = Pipeline::new(input, &facts)?;
    let all: Vec<usize> = (0..input.coupons.len()).collect();
    Ok(priced(&pipeline, pipeline.price(&all)?))
}

/// The result of a pipeline run, with line objects.
pub fn priced(pipeline: &Pipeline, state: State) -> PricedCart {
    with_line_objects(amounts(pipeline, state), &pipeline.input.lines)
}

/// The result of a pipeline run, with the per-line amounts as columns.
pub fn amounts(pipeline: &Pipeline, state: State) -> Priced<LineAmounts> {
    let input = pipeline.input;
    let list = pipeline.list();
    // Every offer took its shares off the running amounts: what is left of a line is what it
    // pays, and what was taken is its discount (the sum of its shares).
    let State {
        running: payable,
        applied,
        not_applied,
        shipping_discount,
        ..
    } = state;
    let discounts: Vec<i64> = list.iter().zip(&payable).map(|(l, p)| l - p).collect();
    let subtotal: i64 = list.iter().sum();
    let discount: i64 = discounts.iter().sum();
    let coupon_ids = applied
        .iter()
        .filter(|a| a.source == Source::Coupon)
        .map(|a| a.id.clone())
        .collect();
    Priced {
        lines: LineAmounts {
            list_fen: list.to_vec(),
            discount_fen: discounts,
            payable_fen: payable,
        },
        coupon_ids,
        subtotal_fen: subtotal,
        discount_fen: discount,
        shipping_fen: input.shipping_fen,
        shipping_discount_fen: shipping_discount,
        payable_fen: subtotal - discount + input.shipping_fen - shipping_discount,
        applied,
        not_applied,
        member: input.member.clone(),
        now_ms: input.now_ms,
    }
}

/// Turns the per-line columns into one object per line.
fn with_line_objects(priced: Priced<LineAmounts>, lines: &[Line]) -> PricedCart {
    priced.map_lines(|amounts| {
        lines
            .iter()
            .zip(amounts.list_fen)
            .zip(amounts.discount_fen)
            .zip(amounts.payable_fen)
            .map(
                |(((line, list_fen), discount_fen), payable_fen)| PricedLine {
                    line_id: line.line_id.clone(),
                    sku: line.sku.clone(),
                    category: line.category.clone(),
                    store: line.store.clone(),
                    unit_price_fen: line.unit_price_fen,
                    quantity: line.quantity,
                    list_fen,
                    discount_fen,
                    payable_fen,
                },
            )
            .collect()
    })
}

impl<L> Priced<L> {
    /// The same result with its per-line part turned into another form.
    pub fn map_lines<M>(self, f: impl FnOnce(L) -> M) -> Priced<M> {
        Priced {
            lines: f(self.lines),
            applied: self.applied,
            not_applied: self.not_applied,
            coupon_ids: self.coupon_ids,
            subtotal_fen: self.subtotal_fen,
            discount_fen: self.discount_fen,
            shipping_fen: self.shipping_fen,
            shipping_discount_fen: self.shipping_discount_fen,
            payable_fen: self.payable_fen,
            member: self.member,
            now_ms: self.now_ms,
        }
    }
}
