//! `refundLines`: what returning some units gives back, under both policies.
//!
//! - **keep** (keep the discount): each line's paid amount is spread evenly over its units
//!   (the first `k` units carry `⌊paid·k/quantity⌋`, see [`cumulative`]), and a returned unit
//!   gives back what it carried — its list price less its share of every discount, order-level
//!   ones included. The shipping paid comes back with the last unit of the order.
//! - **clawBack**: the units kept are priced again with the same promotions and coupons; the
//!   refund is what was paid before this return less what the kept units cost now. When the
//!   return breaks a threshold (满300减30 with 200 left), the lost discount is taken back. If the
//!   kept units would now cost more than was paid, the refund is 0 and `shortfallFen` says by
//!   how much (it is not silently dropped).
//!
//! Successive returns (pass the earlier ones as `previousReturns`) telescope under both
//! policies: once every unit is back, the refunds sum to exactly what was paid.

use serde::{Deserialize, Serialize};

use super::apportion::{cumulative, split};
use super::model::{CartInput, Line};
use super::price::{price_cart, PricedCart};
use super::stacking::Source;
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Return {
    pub line_id: String,
    pub quantity: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RefundOptions {
    /// Units of this order returned before.
    pub previous_returns: Vec<Return>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundLine {
    pub line_id: String,
    pub quantity: i64,
    /// `unitPriceFen × quantity` of the returned units.
    pub list_fen: i64,
    pub refund_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundPlan {
    pub lines: Vec<RefundLine>,
    pub shipping_refund_fen: i64,
    /// Σ lines + shipping.
    pub refund_fen: i64,
    /// claw back only: how much more the kept units cost than was paid (the refund is then 0).
    pub shortfall_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    pub keep: RefundPlan,
    pub claw_back: RefundPlan,
    /// Offers that applied to the order and no longer apply (or give less) to what is kept.
    pub broken_offers: Vec<String>,
    /// What the order paid, and what the units kept after this return cost when priced again.
    pub paid_fen: i64,
    pub kept_payable_fen: i64,
}

/// The order's own input, rebuilt from its priced form with `returned` units taken away.
fn input_for(order: &PricedCart, returned: &[i64]) -> CartInput {
    let lines: Vec<Line> = order
        .lines
        .iter()
        .zip(returned)
        .filter(|(line, &r)| line.quantity > r)
        .map(|(line, &r)| Line {
            line_id: line.line_id.clone(),
            sku: line.sku.clone(),
            category: line.category.clone(),
            store: line.store.clone(),
            unit_price_fen: line.unit_price_fen,
            quantity: line.quantity - r,
        })
        .collect();
    let offers = |source: Source| {
        order
            .applied
            .iter()
            .filter(|a| a.source == source)
            .map(|a| a.offer.clone())
            .collect()
    };
    CartInput {
        shipping_fen: if lines.is_empty() {
            0
        } else {
            order.shipping_fen
        },
        lines,
        promotions: offers(Source::Promotion),
        coupons: offers(Source::Coupon),
        member: order.member.clone(),
        now_ms: order.now_ms,
    }
}

/// Units per line, from a list of returns, checked against the order.
fn units(order: &PricedCart, returns: &[Return], field: &str, already: &[i64]) -> Result<Vec<i64>> {
    let mut units = vec![0i64; order.lines.len()];
    for (i, r) in returns.iter().enumerate() {
        let at = format!("{field}[{i}]");
        let k = order
            .lines
            .iter()
            .position(|l| l.line_id == r.line_id)
            .ok_or_else(|| {
                Error::not_found(
                    format!("{at}.lineId"),
                    format!("the order has no line '{}'", r.line_id),
                )
            })?;
        if r.quantity < 1 {
            return Err(Error::out_of_range(
                format!("{at}.quantity"),
                "must be at least 1",
            ));
        }
        units[k] = units[k].saturating_add(r.quantity);
        if already[k].saturating_add(units[k]) > order.lines[k].quantity {
            return Err(Error::out_of_range(
                format!("{at}.quantity"),
                format!(
                    "line '{}' has {} units, {} already returned",
                    r.line_id, order.lines[k].quantity, already[k]
                ),
            ));
        }
    }
    Ok(units)
}

pub fn refund_lines(
    order: &PricedCart,
    returns: &[Return],
    options: &RefundOptions,
) -> Result<Refund> {
    let none = vec![0; order.lines.len()];
    let before = units(
        order,
        &options.previous_returns,
        "options.previousReturns",
        &none,
    )?;
    let now = units(order, returns, "returns", &before)?;
    let after: Vec<i64> = before.iter().zip(&now).map(|(b, n)| b + n).collect();

    // The order is priced again from its own lines and offers; a tampered order is refused.
    let original = price_cart(&input_for(order, &none))?;
    if original.payable_fen != order.payable_fen
        || original
            .lines
            .iter()
            .zip(&order.lines)
            .any(|(a, b)| a.payable_fen != b.payable_fen)
    {
        return Err(Error::invalid(
            "order",
            "does not match its own lines and offers (was it edited?)",
        ));
    }
    let priced_before = price_cart(&input_for(order, &before))?;
    let priced_after = price_cart(&input_for(order, &after))?;

    let returned = |k: usize| (k, now[k]);
    let list = |k: usize| order.lines[k].unit_price_fen * now[k];
    let picked: Vec<usize> = (0..now.len()).filter(|&k| now[k] > 0).collect();

    // keep: each unit gives back what it carried.
    let keep_lines: Vec<RefundLine> = picked
        .iter()
        .map(|&k| {
            let (k, n) = returned(k);
            let line = &original.lines[k];
            let refund = cumulative(line.payable_fen, before[k] + n, line.quantity)
                - cumulative(line.payable_fen, before[k], line.quantity);
            RefundLine {
                line_id: line.line_id.clone(),
                quantity: n,
                list_fen: list(k),
                refund_fen: refund,
            }
        })
        .collect();
    let all_back = after
        .iter()
        .zip(&order.lines)
        .all(|(a, l)| *a == l.quantity);
    let was_all_back = before
        .iter()
        .zip(&order.lines)
        .all(|(b, l)| *b == l.quantity);
    let shipping_paid = original.shipping_fen - original.shipping_discount_fen;
    let keep_shipping = if all_back && !was_all_back {
        shipping_paid
    } else {
        0
    };
    let keep = plan(keep_lines, keep_shipping, 0);

    // claw back: the difference of the two prices, split over the returned lines.
    let difference = priced_before.payable_fen - priced_after.payable_fen;
    let shipping_of = |p: &PricedCart| p.shipping_fen - p.shipping_discount_fen;
    let claw_shipping = (shipping_of(&priced_before) - shipping_of(&priced_after))
        .max(0)
        .min(difference.max(0));
    let claw_total = difference.max(0) - claw_shipping;
    let mut weights: Vec<i64> = keep.lines.iter().map(|l| l.refund_fen).collect();
    if weights.iter().sum::<i64>() < claw_total {
        weights = picked.iter().map(|&k| list(k)).collect();
    }
    let shares = split(claw_total, &weights)?;
    let claw_lines = keep
        .lines
        .iter()
        .zip(shares)
        .map(|(l, s)| RefundLine {
            refund_fen: s,
            ..l.clone()
        })
        .collect();
    let claw_back = plan(claw_lines, claw_shipping, (-difference).max(0));

    // With nothing kept there is nothing to break.
    let broken_offers = if priced_after.lines.is_empty() {
        Vec::new()
    } else {
        priced_before
            .applied
            .iter()
            .filter(|a| {
                !priced_after
                    .applied
                    .iter()
                    .any(|b| b.id == a.id && b.discount_fen >= a.discount_fen)
            })
            .map(|a| a.id.clone())
            .collect()
    };
    Ok(Refund {
        keep,
        claw_back,
        broken_offers,
        paid_fen: order.payable_fen,
        kept_payable_fen: priced_after.payable_fen,
    })
}

fn plan(lines: Vec<RefundLine>, shipping: i64, shortfall: i64) -> RefundPlan {
    let refund = lines.iter().map(|l| l.refund_fen).sum::<i64>() + shipping;
    RefundPlan {
        lines,
        shipping_refund_fen: shipping,
        refund_fen: refund,
        shortfall_fen: shortfall,
    }
}
