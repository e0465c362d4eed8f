//! The stacking pipeline: which offers apply, in which order, on which amounts.
//!
//! Stages run in a fixed order, each on what the previous ones left:
//! 1. **item** — 立减 and N件M折 promotions;
//! 2. **member** — 会员价, then 会员折扣 (lines with a member price are not discounted again);
//!    the amounts after this stage are the *pre-coupon* amounts;
//! 3. **store** — offers scoped to one store: its promotions (店铺满减), then at most one coupon
//!    per store;
//! 4. **platform** — order and platform offers (跨店满减): promotions, then at most one
//!    platform coupon;
//! 5. **shipping** — 包邮 promotions, then at most one shipping coupon.
//!
//! Within a stage, promotions come first and then coupons, each in input order. A coupon with
//! `stackable: false` is used with no other coupon. A threshold is judged on the pre-coupon
//! amount in scope (`thresholdBasis: "preCoupon"`, the default, as Taobao and JD do) or on the
//! running amount (`"running"`, as Saleor and Shopify do); the discount itself is always taken
//! from the running amount and never exceeds it, so nothing goes below zero.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::apportion::{split, SplitMemo};
use super::model::{validate_lines, CartInput, Line, Offer, ThresholdBasis};
use super::rules::{percent_of, NotMember, Outcome, Rule, RuleKind};
use super::scope::LineIndex;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    Item,
    Member,
    Store,
    Platform,
    Shipping,
}

impl Stage {
    /// The name serde writes (a result tape writes it without serde).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Item => "item",
            Stage::Member => "member",
            Stage::Store => "store",
            Stage::Platform => "platform",
            Stage::Shipping => "shipping",
        }
    }
}

pub const STAGES: [Stage; 5] = [
    Stage::Item,
    Stage::Member,
    Stage::Store,
    Stage::Platform,
    Stage::Shipping,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    Promotion,
    Coupon,
}

impl Source {
    /// The name serde writes (a result tape writes it without serde).
    pub fn name(self) -> &'static str {
        match self {
            Source::Promotion => "promotion",
            Source::Coupon => "coupon",
        }
    }
}

pub fn stage_of(offer: &Offer) -> Stage {
    match offer.rule.kind() {
        RuleKind::MultiBuy | RuleKind::PerItemOff => Stage::Item,
        RuleKind::MemberDiscount | RuleKind::MemberPrice => Stage::Member,
        RuleKind::FreeShipping => Stage::Shipping,
        _ if offer.scope.store().is_some() => Stage::Store,
        _ => Stage::Platform,
    }
}

/// A coupon's mutually exclusive group: one coupon per store, one platform coupon, one
/// shipping coupon.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Store(String),
    Platform,
    Shipping,
}

pub fn group_of(offer: &Offer) -> Group {
    match stage_of(offer) {
        Stage::Shipping => Group::Shipping,
        Stage::Store => Group::Store(offer.scope.store().unwrap_or_default().to_string()),
        _ => Group::Platform,
    }
}

/// An offer that took something off, with its split over the lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Applied {
    pub id: String,
    pub source: Source,
    pub stage: Stage,
    /// The amount the threshold was judged on (分).
    pub basis_fen: i64,
    pub discount_fen: i64,
    /// The discount per line, in line order (empty for a shipping discount). Shared, not
    /// copied, by every pricing that reuses the split (a resident cart's store coupons and
    /// remembered splits).
    pub shares: Arc<[i64]>,
    /// The offer as given (so a priced order can be re-priced for refunds).
    pub offer: Offer,
}

/// Why an offer took nothing off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "code",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Reason {
    /// 再买 ¥x 可用: the threshold is missed by `shortFen`.
    BelowThreshold {
        short_fen: i64,
    },
    /// 再买 x 件: a quantity offer (N件M折) is missing this many units for its first group.
    UnitsShort {
        short_units: i64,
    },
    /// No line of the cart is in the offer's scope.
    OutOfScope,
    Expired {
        valid_until_ms: i64,
    },
    NotYetValid {
        valid_from_ms: i64,
    },
    /// `with` is a non-stackable coupon, or this one is non-stackable and `with` is used.
    NotStackable {
        with: String,
    },
    /// Only one coupon per store (or platform, or shipping) group; `with` took the slot.
    SameGroup {
        with: String,
    },
    /// What it covers is already free (or there is no shipping fee to waive).
    NoDiscount,
    /// A member benefit, and no member was given.
    NotMember,
    /// The member's tier is not one this promotion rewards.
    TierNotEligible {
        tier: String,
    },
    /// The member's spend is short of the lowest tier.
    MemberSpendShort {
        short_fen: i64,
    },
    /// Usable, but the best combination does better without it.
    NotBest,
}

impl Reason {
    /// The `code` serde writes (a result tape writes the code without serde).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::BelowThreshold { .. } => "belowThreshold",
            Reason::UnitsShort { .. } => "unitsShort",
            Reason::OutOfScope => "outOfScope",
            Reason::Expired { .. } => "expired",
            Reason::NotYetValid { .. } => "notYetValid",
            Reason::NotStackable { .. } => "notStackable",
            Reason::SameGroup { .. } => "sameGroup",
            Reason::NoDiscount => "noDiscount",
            Reason::NotMember => "notMember",
            Reason::TierNotEligible { .. } => "tierNotEligible",
            Reason::MemberSpendShort { .. } => "memberSpendShort",
            Reason::NotBest => "notBest",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotApplied {
    pub id: String,
    pub source: Source,
    pub reason: Reason,
}

/// Which offer: the `k`th promotion or coupon of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferRef {
    Promotion(usize),
    Coupon(usize),
}

/// What pricing reads from validated lines, worked out once per set of lines (a resident cart
/// keeps it for all its pricings).
#[derive(Debug, Clone)]
pub struct LineFacts {
    /// `unitPriceFen × quantity` per line.
    pub list: Vec<i64>,
    pub index: LineIndex,
}

impl LineFacts {
    /// Validates the lines (the error names the field, e.g. `lines[3].quantity`).
    pub fn new(lines: &[Line]) -> Result<Self> {
        validate_lines(lines)?;
        Ok(LineFacts {
            list: lines.iter().map(Line::amount).collect::<Result<Vec<_>>>()?,
            index: LineIndex::new(lines),
        })
    }
}

/// What pricing reads from validated offers, worked out once per set of offers and lines (a
/// resident cart keeps it until its terms change): the lines each offer covers, its stage, and
/// everything that does not depend on which coupons are chosen.
#[derive(Debug, Clone)]
pub struct OfferFacts {
    /// The lines each offer covers, ascending.
    promo_scopes: Vec<Vec<usize>>,
    coupon_scopes: Vec<Vec<usize>>,
    promo_stages: Vec<Stage>,
    coupon_stages: Vec<Stage>,
    coupon_groups: Vec<Group>,
    /// The state after the item and member stages, which no coupon takes part in.
    opening: State,
    /// Why each coupon cannot be used at all (see [`Pipeline::unusable`]), or `None`.
    unusable: Vec<Option<Reason>>,
    /// The opening state after the store promotions, which no coupon takes part in either.
    store_opening: State,
    /// What each store coupon does on `store_opening` (`None` for the others). It is the same
    /// in every combination: a store has one coupon, and nothing else touches its lines in the
    /// store stage.
    store_coupons: Vec<Option<std::result::Result<Applied, NotApplied>>>,
}

impl OfferFacts {
    /// Validates everything in `input` but its lines, which `lines` holds the facts of, and runs
    /// the stages before the coupons.
    pub fn new(input: &CartInput, lines: &LineFacts) -> Result<Self> {
        input.validate_terms()?;
        let scopes = |offers: &[Offer]| -> Vec<Vec<usize>> {
            offers
                .iter()
                .map(|o| o.scope.lines(&lines.index).into_owned())
                .collect()
        };
        let mut facts = OfferFacts {
            promo_scopes: scopes(&input.promotions),
            coupon_scopes: scopes(&input.coupons),
            promo_stages: input.promotions.iter().map(stage_of).collect(),
            coupon_stages: input.coupons.iter().map(stage_of).collect(),
            coupon_groups: input.coupons.iter().map(group_of).collect(),
            opening: State::new(&lines.list),
            unusable: Vec::new(),
            store_opening: State::new(&[]),
            store_coupons: Vec::new(),
        };
        let pipeline = Pipeline::prepared(input, lines, &facts);
        let opening = pipeline.open()?;
        let unusable = (0..input.coupons.len())
            .map(|k| pipeline.usable_on(&opening, k))
            .collect();
        let mut store_opening = opening.clone();
        pipeline.promotions(&mut store_opening, Stage::Store)?;
        let store_coupons = (0..input.coupons.len())
            .map(|k| pipeline.store_coupon_on(&store_opening, k))
            .collect::<Result<_>>()?;
        facts.opening = opening;
        facts.unusable = unusable;
        facts.store_opening = store_opening;
        facts.store_coupons = store_coupons;
        Ok(facts)
    }
}

impl OfferFacts {
    /// The shares of store coupon `k` when it takes something off: the same in every pricing
    /// that uses it (see `store_coupons`).
    pub fn store_split(&self, k: usize) -> Option<&Arc<[i64]>> {
        match self.store_coupons.get(k) {
            Some(Some(Ok(applied))) => Some(&applied.shares),
            _ => None,
        }
    }
}

/// A validated cart with each offer's scope and stage worked out.
pub struct Pipeline<'a> {
    pub input: &'a CartInput,
    lines: &'a LineFacts,
    offers: Cow<'a, OfferFacts>,
    /// Splits remembered from earlier pricings (a resident cart's), if any.
    memo: Option<&'a RefCell<SplitMemo<OfferRef>>>,
}

/// Amounts and records as the stages run.
#[derive(Debug, Clone)]
pub struct State {
    pub running: Vec<i64>,
    /// The amounts after the item and member stages (the pre-coupon basis).
    pub pre_coupon: Vec<i64>,
    member_priced: Vec<bool>,
    pub applied: Vec<Applied>,
    pub not_applied: Vec<NotApplied>,
    pub shipping_discount: i64,
}

impl State {
    /// Nothing applied yet: every line at its list amount.
    fn new(list: &[i64]) -> Self {
        State {
            running: list.to_vec(),
            pre_coupon: Vec::new(),
            member_priced: vec![false; list.len()],
            applied: Vec::new(),
            not_applied: Vec::new(),
            shipping_discount: 0,
        }
    }
}

pub fn sum(scope: &[usize], amounts: &[i64]) -> i64 {
    scope.iter().map(|&i| amounts[i]).sum()
}

impl<'a> Pipeline<'a> {
    /// A pipeline over lines already validated into `lines`, which must be those of
    /// `input.lines`; validates the rest of `input`.
    pub fn new(input: &'a CartInput, lines: &'a LineFacts) -> Result<Self> {
        let offers = OfferFacts::new(input, lines)?;
        Ok(Pipeline {
            input,
            lines,
            offers: Cow::Owned(offers),
            memo: None,
        })
    }

    /// A pipeline over facts already worked out from `input` (a resident cart keeps the three
    /// together).
    pub fn prepared(input: &'a CartInput, lines: &'a LineFacts, offers: &'a OfferFacts) -> Self {
        Pipeline {
            input,
            lines,
            offers: Cow::Borrowed(offers),
            memo: None,
        }
    }

    /// The same pipeline, reusing and remembering splits in `memo` (which must hold only
    /// splits made by pipelines over the same lines and offers).
    pub fn remembering(self, memo: &'a RefCell<SplitMemo<OfferRef>>) -> Self {
        Pipeline {
            memo: Some(memo),
            ..self
        }
    }

    /// `unitPriceFen × quantity` per line.
    pub fn list(&self) -> &[i64] {
        &self.lines.list
    }

    /// An offer, the lines it covers, its source and its stage.
    pub fn offer(&self, r: OfferRef) -> (&'a Offer, &[usize], Source, Stage) {
        match r {
            OfferRef::Promotion(k) => (
                &self.input.promotions[k],
                &self.offers.promo_scopes[k],
                Source::Promotion,
                self.offers.promo_stages[k],
            ),
            OfferRef::Coupon(k) => (
                &self.input.coupons[k],
                &self.offers.coupon_scopes[k],
                Source::Coupon,
                self.offers.coupon_stages[k],
            ),
        }
    }

    /// An offer and the lines it covers.
    pub fn offer_scope(&self, r: OfferRef) -> (&'a Offer, &[usize]) {
        let (offer, scope, _, _) = self.offer(r);
        (offer, scope)
    }

    /// The state after the item and member stages; its amounts are the pre-coupon amounts.
    pub fn start(&self) -> State {
        self.offers.opening.clone()
    }

    /// What store coupon `k` does after the store promotions (once per set of offers), or
    /// `None` when it is not a store coupon.
    #[allow(clippy::type_complexity)]
    fn store_coupon_on(
        &self,
        store_opening: &State,
        k: usize,
    ) -> Result<Option<std::result::Result<Applied, NotApplied>>> {
        if self.offers.coupon_stages[k] != Stage::Store {
            return Ok(None);
        }
        let mut trial = store_opening.clone();
        let applied_before = trial.applied.len();
        self.apply(&mut trial, OfferRef::Coupon(k))?;
        let outcome = if trial.applied.len() > applied_before {
            trial.applied.pop().map(Ok)
        } else {
            trial.not_applied.pop().map(Err)
        };
        Ok(outcome)
    }

    /// Runs the item and member stages (once per set of offers: see [`Self::start`]).
    fn open(&self) -> Result<State> {
        let mut state = State::new(self.list());
        self.promotions(&mut state, Stage::Item)?;
        self.promotions(&mut state, Stage::Member)?;
        state.pre_coupon = state.running.clone();
        Ok(state)
    }

    /// Applies the promotions of one stage, in input order.
    pub fn promotions(&self, state: &mut State, stage: Stage) -> Result<()> {
        for k in 0..self.offers.promo_stages.len() {
            if self.offers.promo_stages[k] == stage {
                self.apply(state, OfferRef::Promotion(k))?;
            }
        }
        Ok(())
    }

    /// Prices the cart with the coupons `chosen` (indexes into `coupons`), after [`Self::select`]
    /// dropped those that cannot be used together.
    pub fn price(&self, chosen: &[usize]) -> Result<State> {
        let mut state = self.start();
        let accepted = self.select(&mut state, chosen);
        self.store_stage(&mut state, &accepted);
        for stage in [Stage::Platform, Stage::Shipping] {
            self.promotions(&mut state, stage)?;
            for &k in &accepted {
                if self.offers.coupon_stages[k] == stage {
                    self.apply(&mut state, OfferRef::Coupon(k))?;
                }
            }
        }
        Ok(state)
    }

    /// The store stage from what was worked out once per set of offers: the store promotions'
    /// amounts and records, then each accepted store coupon's outcome. Store offers touch only
    /// the running amounts and the records.
    fn store_stage(&self, state: &mut State, accepted: &[usize]) {
        let (opening, after) = (&self.offers.opening, &self.offers.store_opening);
        state.running.clone_from(&after.running);
        state
            .applied
            .extend_from_slice(&after.applied[opening.applied.len()..]);
        state
            .not_applied
            .extend_from_slice(&after.not_applied[opening.not_applied.len()..]);
        for &k in accepted {
            match &self.offers.store_coupons[k] {
                Some(Ok(applied)) => {
                    for (amount, share) in state.running.iter_mut().zip(applied.shares.iter()) {
                        *amount -= share;
                    }
                    state.applied.push(applied.clone());
                }
                Some(Err(not_applied)) => state.not_applied.push(not_applied.clone()),
                None => {}
            }
        }
    }

    /// Why coupon `k` cannot be used on this cart at all (validity, scope, a pre-coupon
    /// threshold it misses), or `None`.
    pub fn unusable(&self, k: usize) -> Option<Reason> {
        self.offers.unusable[k].clone()
    }

    /// [`Self::unusable`], worked out on the opening state (once per set of offers).
    fn usable_on(&self, state: &State, k: usize) -> Option<Reason> {
        let offer = &self.input.coupons[k];
        let now = self.input.now_ms.unwrap_or(0);
        if let Some(from) = offer.valid_from_ms.filter(|&from| now < from) {
            return Some(Reason::NotYetValid {
                valid_from_ms: from,
            });
        }
        if let Some(until) = offer.valid_until_ms.filter(|&until| now > until) {
            return Some(Reason::Expired {
                valid_until_ms: until,
            });
        }
        let scope = &self.offers.coupon_scopes[k];
        if scope.is_empty() {
            return Some(Reason::OutOfScope);
        }
        let pre = sum(scope, &state.pre_coupon);
        let outcome = match &offer.rule {
            Rule::FreeShipping(r) => Some(r.outcome(pre, self.input.shipping_fen)),
            rule => rule.amount_outcome(pre, pre),
        };
        match outcome {
            // Amounts only fall as offers apply, so a missed pre-coupon threshold stays missed.
            Some(Outcome::Short(short)) => Some(Reason::BelowThreshold { short_fen: short }),
            _ => None,
        }
    }

    /// Keeps the coupons of `candidates` that can be used, in order: each must be usable,
    /// its group free, and stacking allowed. The others are recorded with their reason.
    pub fn select(&self, state: &mut State, candidates: &[usize]) -> Vec<usize> {
        let mut accepted: Vec<usize> = Vec::new();
        let mut groups: Vec<(&Group, usize)> = Vec::new();
        for &k in candidates {
            let offer = &self.input.coupons[k];
            let group = &self.offers.coupon_groups[k];
            let lone = accepted.iter().find(|&&a| !self.input.coupons[a].stackable);
            let reason = if let Some(reason) = self.unusable(k) {
                Some(reason)
            } else if let Some(&a) = lone.or(if offer.stackable {
                None
            } else {
                accepted.first()
            }) {
                Some(Reason::NotStackable {
                    with: self.input.coupons[a].id.clone(),
                })
            } else {
                groups
                    .iter()
                    .find(|(g, _)| *g == group)
                    .map(|&(_, a)| Reason::SameGroup {
                        with: self.input.coupons[a].id.clone(),
                    })
            };
            match reason {
                Some(reason) => state.not_applied.push(NotApplied {
                    id: offer.id.clone(),
                    source: Source::Coupon,
                    reason,
                }),
                None => {
                    accepted.push(k);
                    groups.push((group, k));
                }
            }
        }
        accepted
    }

    /// Applies one offer to the running amounts, or records why it took nothing.
    pub fn apply(&self, state: &mut State, r: OfferRef) -> Result<()> {
        let (offer, scope, source, stage) = self.offer(r);
        let result = if scope.is_empty() {
            Err(Reason::OutOfScope)
        } else {
            self.discount(state, r, stage)?
        };
        match result {
            Ok((basis, discount, shares)) => {
                for (amount, share) in state.running.iter_mut().zip(shares.iter()) {
                    *amount -= share;
                }
                if shares.is_empty() {
                    state.shipping_discount += discount;
                }
                state.applied.push(Applied {
                    id: offer.id.clone(),
                    source,
                    stage,
                    basis_fen: basis,
                    discount_fen: discount,
                    shares,
                    offer: offer.clone(),
                });
            }
            Err(reason) => state.not_applied.push(NotApplied {
                id: offer.id.clone(),
                source,
                reason,
            }),
        }
        Ok(())
    }

    /// `(basis, discount, per-line shares)` of an offer on the current state, or why none.
    #[allow(clippy::type_complexity)]
    fn discount(
        &self,
        state: &mut State,
        r: OfferRef,
        stage: Stage,
    ) -> Result<std::result::Result<(i64, i64, Arc<[i64]>), Reason>> {
        let (offer, scope, _, _) = self.offer(r);
        let lines = &self.input.lines;
        let n = lines.len();
        let running = &state.running;
        let basis_amounts =
            if offer.threshold_basis == ThresholdBasis::PreCoupon && stage >= Stage::Store {
                &state.pre_coupon
            } else {
                &state.running
            };
        let basis = sum(scope, basis_amounts);
        let spread = |total: i64, weights: &[i64]| -> Result<Arc<[i64]>> {
            let split_over_lines = || {
                let split = split(total, weights)?;
                // A scope lists its lines ascending, once each: one over every line is 0..n,
                // and the split is already per line.
                if scope.len() == n {
                    return Ok(split);
                }
                let mut shares = vec![0; n];
                for (&i, s) in scope.iter().zip(split) {
                    shares[i] = s;
                }
                Ok(shares)
            };
            // The memo is never borrowed elsewhere while a split is made; were it, the split
            // would simply be made afresh.
            match self.memo.and_then(|memo| memo.try_borrow_mut().ok()) {
                Some(mut memo) => memo.shares(r, total, weights, split_over_lines),
                None => split_over_lines().map(Arc::from),
            }
        };
        let (discount, shares) = match &offer.rule {
            Rule::FreeShipping(rule) => {
                let left = self.input.shipping_fen - state.shipping_discount;
                match rule.outcome(basis, left) {
                    Outcome::Discount(d) => (d, Arc::from([])),
                    Outcome::Short(short) => {
                        return Ok(Err(Reason::BelowThreshold { short_fen: short }))
                    }
                }
            }
            Rule::PerItemOff(rule) => {
                let each = rule.line_discounts(lines, scope, running);
                let total = each.iter().sum();
                (total, spread(total, &each)?)
            }
            Rule::MultiBuy(rule) => match rule.split(lines, scope, running) {
                Ok(s) => (s.total, spread(s.total, &s.weights)?),
                Err(units) => return Ok(Err(Reason::UnitsShort { short_units: units })),
            },
            Rule::MemberPrice(rule) => {
                if self.input.member.is_none() {
                    return Ok(Err(Reason::NotMember));
                }
                let mut each = vec![0; scope.len()];
                for (slot, &i) in each.iter_mut().zip(scope) {
                    let Some((k, price)) = rule.price_of(&lines[i].sku) else {
                        continue;
                    };
                    if price > lines[i].unit_price_fen {
                        return Err(Error::invalid(
                            format!("{}.rule.prices[{k}].unitPriceFen", path_of(r)),
                            format!(
                                "the member price is above the list price of line '{}'",
                                lines[i].line_id
                            ),
                        ));
                    }
                    let saving =
                        i128::from(lines[i].unit_price_fen - price) * i128::from(lines[i].quantity);
                    *slot = saving.min(i128::from(running[i])) as i64;
                    state.member_priced[i] = true;
                }
                let total = each.iter().sum();
                (total, spread(total, &each)?)
            }
            Rule::MemberDiscount(rule) => {
                let bp = match rule.tier_for(self.input.member.as_ref()) {
                    Ok((_, bp)) => bp,
                    Err(NotMember::NoMember) => return Ok(Err(Reason::NotMember)),
                    Err(NotMember::TierNotEligible(tier)) => {
                        return Ok(Err(Reason::TierNotEligible { tier }))
                    }
                    Err(NotMember::Short(short)) => {
                        return Ok(Err(Reason::MemberSpendShort { short_fen: short }))
                    }
                };
                let weights: Vec<i64> = scope
                    .iter()
                    .map(|&i| {
                        if state.member_priced[i] {
                            0
                        } else {
                            running[i]
                        }
                    })
                    .collect();
                let total = percent_of(weights.iter().sum(), bp, rule.rounding);
                (total, spread(total, &weights)?)
            }
            rule => {
                let in_scope: Vec<i64> = scope.iter().map(|&i| running[i]).collect();
                match rule.amount_outcome(basis, in_scope.iter().sum()) {
                    Some(Outcome::Discount(d)) => (d, spread(d, &in_scope)?),
                    Some(Outcome::Short(short)) => {
                        return Ok(Err(Reason::BelowThreshold { short_fen: short }))
                    }
                    None => return Err(Error::state(path_of(r), "unhandled rule kind")),
                }
            }
        };
        if discount == 0 {
            return Ok(Err(Reason::NoDiscount));
        }
        Ok(Ok((basis, discount, shares)))
    }
}

/// Where an offer is in the input, to name a field at fault.
fn path_of(r: OfferRef) -> String {
    match r {
        OfferRef::Promotion(k) => format!("promotions[{k}]"),
        OfferRef::Coupon(k) => format!("coupons[{k}]"),
    }
}
