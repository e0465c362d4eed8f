//! A resident cart: its lines and its terms (promotions, the shopper's coupons, member,
//! shipping) are validated and worked out once, then the cart is priced as often as coupons are
//! toggled (an admin console repricing a cart it holds), by the same pipeline as `priceCart`.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::apportion::SplitMemo;
use super::best::{best_in, BestCoupons};
use super::model::{CartInput, Line, Member, Offer};
use super::price::{amounts, LineAmounts, Priced};
use super::stacking::{Applied, LineFacts, OfferFacts, OfferRef, Pipeline, Source};
use crate::error::{Error, Result};

/// Everything a pricing reads besides the lines: the fields of [`CartInput`] other than
/// `lines`, with the same meaning and defaults.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Terms {
    #[serde(default)]
    pub promotions: Vec<Offer>,
    #[serde(default)]
    pub coupons: Vec<Offer>,
    #[serde(default)]
    pub member: Option<Member>,
    #[serde(default)]
    pub shipping_fen: i64,
    #[serde(default)]
    pub now_ms: Option<i64>,
}

impl Terms {
    /// The [`CartInput`] of `lines` under these terms.
    pub fn with_lines(self, lines: Vec<Line>) -> CartInput {
        CartInput {
            lines,
            promotions: self.promotions,
            coupons: self.coupons,
            member: self.member,
            shipping_fen: self.shipping_fen,
            now_ms: self.now_ms,
        }
    }
}

pub struct Cart {
    /// The lines and the current terms.
    input: CartInput,
    lines: LineFacts,
    offers: OfferFacts,
    /// Each coupon's position in `input.coupons`, by id.
    coupon_at: FxHashMap<String, usize>,
    /// The splits of recent pricings under the current terms.
    memo: RefCell<SplitMemo<OfferRef>>,
}

impl Cart {
    /// Validates and indexes the lines (the error names the field, e.g. `lines[3].quantity`);
    /// the terms start empty.
    pub fn new(lines: Vec<Line>) -> Result<Self> {
        let input = CartInput {
            lines,
            ..CartInput::default()
        };
        let lines = LineFacts::new(&input.lines)?;
        let offers = OfferFacts::new(&input, &lines)?;
        Ok(Cart {
            input,
            lines,
            offers,
            coupon_at: FxHashMap::default(),
            memo: RefCell::default(),
        })
    }

    pub fn lines(&self) -> &[Line] {
        &self.input.lines
    }

    /// Replaces the terms. On an error (naming the field, e.g. `coupons[2].rule.offFen`) the
    /// cart keeps its previous terms.
    pub fn set_terms(&mut self, terms: Terms) -> Result<()> {
        let mut input = terms.with_lines(std::mem::take(&mut self.input.lines));
        let offers = OfferFacts::new(&input, &self.lines);
        match offers {
            Ok(offers) => {
                self.coupon_at = (input.coupons.iter().enumerate())
                    .map(|(k, c)| (c.id.clone(), k))
                    .collect();
                self.input = input;
                self.offers = offers;
                self.memo = RefCell::default();
                Ok(())
            }
            Err(e) => {
                self.input.lines = std::mem::take(&mut input.lines);
                Err(e)
            }
        }
    }

    /// Prices the lines under the terms with the coupons named (all of them, in the order
    /// given to [`Self::set_terms`], when `None`): exactly what `priceCart` gives for the same
    /// lines and terms with those coupons, in that order.
    pub fn price(&self, coupon_ids: Option<&[String]>) -> Result<Priced<LineAmounts>> {
        let chosen = match coupon_ids {
            None => (0..self.input.coupons.len()).collect(),
            Some(ids) => self.coupon_positions(ids)?,
        };
        let pipeline = self.pipeline().remembering(&self.memo);
        Ok(amounts(&pipeline, pipeline.price(&chosen)?))
    }

    /// `unitPriceFen × quantity` per line.
    pub fn list(&self) -> &[i64] {
        &self.lines.list
    }

    /// The store coupon whose shares `applied` carries, if any, by its index in the terms. Its
    /// shares are the same in every pricing under these terms that uses it (a store has one
    /// coupon, and nothing else touches its lines in that stage), so a caller may keep them: a
    /// pricing shares them with the terms rather than copying them, so they are the same
    /// allocation.
    pub fn store_split_of(&self, applied: &Applied) -> Option<usize> {
        if applied.source != Source::Coupon {
            return None;
        }
        let k = *self.coupon_at.get(applied.id.as_str())?;
        let kept = self.offers.store_split(k)?;
        Arc::ptr_eq(kept, &applied.shares).then_some(k)
    }

    /// The best combination of the terms' coupons, exactly as `bestCoupons` finds it.
    pub fn best_coupons(&self) -> Result<BestCoupons> {
        best_in(&self.pipeline())
    }

    fn pipeline(&self) -> Pipeline<'_> {
        Pipeline::prepared(&self.input, &self.lines, &self.offers)
    }

    /// Where each named coupon is in the terms; each may be named once.
    fn coupon_positions(&self, ids: &[String]) -> Result<Vec<usize>> {
        let mut chosen = Vec::with_capacity(ids.len());
        let mut named = vec![false; self.input.coupons.len()];
        for (i, id) in ids.iter().enumerate() {
            let Some(&k) = self.coupon_at.get(id.as_str()) else {
                return Err(Error::not_found(
                    format!("couponIds[{i}]"),
                    format!("'{id}' is not one of the cart's coupons"),
                ));
            };
            if std::mem::replace(&mut named[k], true) {
                return Err(Error::invalid(
                    format!("couponIds[{i}]"),
                    format!("'{id}' is named twice"),
                ));
            }
            chosen.push(k);
        }
        Ok(chosen)
    }
}
