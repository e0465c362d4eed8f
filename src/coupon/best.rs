//! `bestCoupons`: the subset of the shopper's coupons that minimises the payable amount under
//! the stacking rules, exactly, with the runners-up.
//!
//! The search is exhaustive over the exclusive groups (none or one coupon per store, none or
//! one platform coupon, none or one shipping coupon; each non-stackable coupon alone), with
//! branch-and-bound over the store groups: a branch is cut when even the largest discounts still
//! open could not bring it level with the runners-up kept so far.
//!
//! Each combination is evaluated on aggregates rather than line by line. Store coupons touch only
//! their own store's lines and come before every platform offer, so each store coupon's split is
//! computed once; a platform or shipping offer then only needs, per store coupon, the part of its
//! discount that fell inside the offer's scope. Platform offers whose scopes are nested or
//! disjoint pass their discounts on exactly the same way. When two platform offers' scopes
//! partly overlap, the search prices every combination line by line instead (slower, same answer).
//! The winner is always re-priced by the line-by-line pipeline, and the two must agree.
//!
//! Tie-break, in order: the lower payable amount, then fewer coupons, then the coupon ids
//! (sorted, compared as lists of strings).

use std::sync::Arc;

use serde::Serialize;

use super::model::{CartInput, ThresholdBasis};
use super::price::{priced, PricedCart};
use super::rules::{Outcome, Rule};
use super::stacking::{
    group_of, stage_of, sum, Group, LineFacts, NotApplied, OfferRef, Pipeline, Reason, Source,
    Stage,
};
use crate::error::{Error, Result};

/// How many combinations after the best are reported.
const RUNNERS_UP: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alternative {
    pub coupon_ids: Vec<String>,
    pub payable_fen: i64,
    /// Everything taken off, lines and shipping.
    pub saved_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BestCoupons {
    /// The cart priced with the best combination; `notApplied` gives every other coupon's reason
    /// (`notBest` when it is usable but not part of the best pick).
    pub best: PricedCart,
    pub coupon_ids: Vec<String>,
    /// The next best combinations, best first.
    pub alternatives: Vec<Alternative>,
    pub combinations_evaluated: u64,
    /// `"aggregate"`, or `"lineByLine"` when platform scopes partly overlap.
    pub method: &'static str,
}

/// A platform- or shipping-stage offer reduced to the sums the search needs.
struct Agg<'a> {
    /// Its index in `Search::nested`.
    id: usize,
    rule: &'a Rule,
    basis: ThresholdBasis,
    scope: &'a [usize],
    /// Pre-coupon amount in scope.
    pre: i64,
    /// Amount in scope after the store promotions.
    start: i64,
    /// Per store coupon (by slot): the part of its discount inside this scope.
    overlap: Vec<i64>,
}

/// A usable store coupon: its index in `coupons` and its discount (the same in every combination).
struct StoreCoupon {
    coupon: usize,
    discount: i64,
}

/// One combination: per store group a slot into `store_coupons`, and indexes into the platform
/// and shipping coupon lists.
#[derive(Clone, Default)]
struct Choice {
    stores: Vec<Option<usize>>,
    platform: Option<usize>,
    shipping: Option<usize>,
}

struct Ranked {
    payable: i64,
    ids: Vec<String>,
    coupons: Vec<usize>,
}

impl Ranked {
    fn key(&self) -> (i64, usize, &[String]) {
        (self.payable, self.ids.len(), &self.ids)
    }
}

struct Search<'p, 'a> {
    pipeline: &'p Pipeline<'a>,
    store_coupons: Vec<StoreCoupon>,
    /// Per store (sorted by name): slots of its stackable coupons.
    groups: Vec<Vec<usize>>,
    platform_promos: Vec<Agg<'p>>,
    /// `(coupon index, aggregate)`.
    platform_coupons: Vec<(usize, Agg<'p>)>,
    shipping_promos: Vec<Agg<'p>>,
    shipping_coupons: Vec<(usize, Agg<'p>)>,
    /// Non-stackable usable coupons, each evaluated alone.
    lone: Vec<Choice>,
    /// `nested[a][b]`: the scope of aggregate `a` lies inside that of `b`.
    nested: Vec<Vec<bool>>,
    scratch: Vec<(usize, i64)>,
    aggregate: bool,
    start_total: i64,
    kept: Vec<Ranked>,
    evaluated: u64,
}

fn subset(a: &[usize], b: &[usize]) -> bool {
    a.iter().all(|i| b.binary_search(i).is_ok())
}

fn disjoint(a: &[usize], b: &[usize]) -> bool {
    a.iter().all(|i| b.binary_search(i).is_err())
}

/// The discount of an amount-level or shipping rule, from aggregates.
fn agg_discount(agg: &Agg, running: i64, shipping_left: i64) -> i64 {
    let basis = match agg.basis {
        ThresholdBasis::PreCoupon => agg.pre,
        ThresholdBasis::Running => running,
    };
    let outcome = match agg.rule {
        Rule::FreeShipping(r) => Some(r.outcome(basis, shipping_left)),
        rule => rule.amount_outcome(basis, running),
    };
    match outcome {
        Some(Outcome::Discount(d)) => d,
        _ => 0,
    }
}

/// Picks the best combination of the input's coupons.
pub fn best_coupons(input: &CartInput) -> Result<BestCoupons> {
    let facts = LineFacts::new(&input.lines)?;
    best_in(&Pipeline::new(input, &facts)?)
}

/// Picks the best combination of the coupons of a pipeline's input.
pub fn best_in(pipeline: &Pipeline) -> Result<BestCoupons> {
    let mut search = Search::new(pipeline)?;
    search.run()?;
    search.finish()
}

impl<'p, 'a> Search<'p, 'a> {
    fn new(pipeline: &'p Pipeline<'a>) -> Result<Self> {
        let input = pipeline.input;
        let mut start = pipeline.start();
        pipeline.promotions(&mut start, Stage::Store)?;

        let mut store_coupons = Vec::new();
        let mut store_shares: Vec<Arc<[i64]>> = Vec::new();
        let mut by_store: Vec<(String, Vec<usize>)> = Vec::new();
        let (mut platform_refs, mut shipping_refs) = (Vec::new(), Vec::new());
        for k in 0..input.coupons.len() {
            if pipeline.unusable(k).is_some() {
                continue;
            }
            match group_of(&input.coupons[k]) {
                Group::Store(store) => {
                    // Its split is the same in every combination: one coupon per store, and
                    // nothing else touches the store's lines between the store promotions and it.
                    let mut trial = start.clone();
                    pipeline.apply(&mut trial, OfferRef::Coupon(k))?;
                    let Some(applied) = trial.applied.pop().filter(|a| a.id == input.coupons[k].id)
                    else {
                        continue; // takes nothing (a running threshold missed, nothing left)
                    };
                    let slot = store_coupons.len();
                    store_coupons.push(StoreCoupon {
                        coupon: k,
                        discount: applied.discount_fen,
                    });
                    store_shares.push(applied.shares);
                    if input.coupons[k].stackable {
                        match by_store.iter_mut().find(|(s, _)| *s == store) {
                            Some((_, slots)) => slots.push(slot),
                            None => by_store.push((store, vec![slot])),
                        }
                    }
                }
                Group::Platform => platform_refs.push(k),
                Group::Shipping => shipping_refs.push(k),
            }
        }
        by_store.sort_by(|a, b| a.0.cmp(&b.0));

        let agg = |r: OfferRef| -> Agg<'p> {
            let (offer, scope) = pipeline.offer_scope(r);
            Agg {
                id: 0,
                rule: &offer.rule,
                basis: offer.threshold_basis,
                scope,
                pre: sum(scope, &start.pre_coupon),
                start: sum(scope, &start.running),
                overlap: store_shares
                    .iter()
                    .map(|shares| sum(scope, shares))
                    .collect(),
            }
        };
        let promos_of = |stage: Stage| -> Vec<Agg<'p>> {
            (0..input.promotions.len())
                .filter(|&k| stage_of(&input.promotions[k]) == stage)
                .map(|k| agg(OfferRef::Promotion(k)))
                .collect()
        };
        let coupons_of = |refs: &[usize]| -> Vec<(usize, Agg<'p>)> {
            refs.iter()
                .map(|&k| (k, agg(OfferRef::Coupon(k))))
                .collect()
        };
        let mut platform_promos = promos_of(Stage::Platform);
        let mut shipping_promos = promos_of(Stage::Shipping);
        let mut platform_coupons = coupons_of(&platform_refs);
        let mut shipping_coupons = coupons_of(&shipping_refs);
        let mut scopes: Vec<&[usize]> = Vec::new();
        let all = platform_promos
            .iter_mut()
            .chain(platform_coupons.iter_mut().map(|(_, a)| a))
            .chain(shipping_promos.iter_mut())
            .chain(shipping_coupons.iter_mut().map(|(_, a)| a));
        for (id, agg) in all.enumerate() {
            agg.id = id;
            scopes.push(agg.scope);
        }
        let nested: Vec<Vec<bool>> = scopes
            .iter()
            .map(|a| scopes.iter().map(|b| subset(a, b)).collect())
            .collect();

        // Aggregates are exact when each platform offer's scope is nested in or disjoint from
        // the scope of every later offer that reads running amounts.
        let readers: Vec<&Agg> = platform_promos
            .iter()
            .chain(platform_coupons.iter().map(|(_, a)| a))
            .chain(
                shipping_promos
                    .iter()
                    .chain(shipping_coupons.iter().map(|(_, a)| a))
                    .filter(|a| a.basis == ThresholdBasis::Running),
            )
            .collect();
        let separable = |writer: &Agg| {
            readers.iter().all(|r| {
                std::ptr::eq(*r, writer)
                    || nested[writer.id][r.id]
                    || disjoint(writer.scope, r.scope)
            })
        };
        let aggregate = platform_promos.iter().all(separable)
            && platform_coupons.iter().all(|(_, a)| separable(a));

        let mut lone = Vec::new();
        let empty = Choice {
            stores: vec![None; by_store.len()],
            ..Choice::default()
        };
        for k in (0..input.coupons.len()).filter(|&k| !input.coupons[k].stackable) {
            let mut choice = empty.clone();
            if let Some(slot) = store_coupons.iter().position(|s| s.coupon == k) {
                choice.stores.push(Some(slot)); // an extra group of its own
            } else if let Some(p) = platform_coupons.iter().position(|(c, _)| *c == k) {
                choice.platform = Some(p);
            } else if let Some(p) = shipping_coupons.iter().position(|(c, _)| *c == k) {
                choice.shipping = Some(p);
            } else {
                continue; // unusable
            }
            lone.push(choice);
        }
        Ok(Search {
            pipeline,
            store_coupons,
            groups: by_store.into_iter().map(|(_, slots)| slots).collect(),
            platform_promos,
            platform_coupons,
            shipping_promos,
            shipping_coupons,
            lone,
            nested,
            scratch: Vec::new(),
            aggregate,
            start_total: start.running.iter().sum(),
            kept: Vec::new(),
            evaluated: 0,
        })
    }

    /// Coupon indexes of a combination, ascending.
    fn coupons(&self, choice: &Choice) -> Vec<usize> {
        let mut all: Vec<usize> = choice
            .stores
            .iter()
            .flatten()
            .map(|&s| self.store_coupons[s].coupon)
            .collect();
        all.extend(choice.platform.map(|p| self.platform_coupons[p].0));
        all.extend(choice.shipping.map(|p| self.shipping_coupons[p].0));
        all.sort_unstable();
        all
    }

    /// The payable amount of a combination; `None` when one of its coupons takes nothing there
    /// (a running threshold missed): the same combination without it is as cheap with fewer coupons.
    fn payable(&mut self, choice: &Choice) -> Result<Option<i64>> {
        self.evaluated += 1;
        if !self.aggregate {
            let coupons = self.coupons(choice);
            let priced = priced(self.pipeline, self.pipeline.price(&coupons)?);
            return Ok((priced.coupon_ids.len() == coupons.len()).then_some(priced.payable_fen));
        }
        let slots = || choice.stores.iter().flatten().copied();
        let mut total =
            self.start_total - slots().map(|s| self.store_coupons[s].discount).sum::<i64>();
        // (aggregate id, discount) of the platform offers applied so far; reused between calls.
        let mut taken = std::mem::take(&mut self.scratch);
        taken.clear();
        let running_of = |agg: &Agg, taken: &[(usize, i64)]| -> i64 {
            let mut running = agg.start - slots().map(|s| agg.overlap[s]).sum::<i64>();
            for &(earlier, d) in taken {
                if d > 0 && self.nested[earlier][agg.id] {
                    running -= d;
                }
            }
            running
        };
        let mut idle_coupon = false;
        let platform_coupon = choice.platform.map(|p| &self.platform_coupons[p].1);
        for agg in self.platform_promos.iter().chain(platform_coupon) {
            let d = agg_discount(agg, running_of(agg, &taken), 0);
            total -= d;
            taken.push((agg.id, d));
        }
        if platform_coupon.is_some() && taken.last().is_some_and(|&(_, d)| d == 0) {
            idle_coupon = true;
        }
        let shipping_coupon = choice.shipping.map(|p| &self.shipping_coupons[p].1);
        let mut shipping_left = self.pipeline.input.shipping_fen;
        for agg in self.shipping_promos.iter() {
            shipping_left -= agg_discount(agg, running_of(agg, &taken), shipping_left);
        }
        if let Some(agg) = shipping_coupon {
            let d = agg_discount(agg, running_of(agg, &taken), shipping_left);
            idle_coupon |= d == 0;
            shipping_left -= d;
        }
        self.scratch = taken;
        Ok((!idle_coupon).then_some(total + shipping_left))
    }

    /// Keeps a combination if it ranks among the best `1 + RUNNERS_UP` so far.
    fn offer(&mut self, choice: &Choice) -> Result<()> {
        let Some(payable) = self.payable(choice)? else {
            return Ok(());
        };
        if self.kept.len() > RUNNERS_UP && self.kept.last().is_some_and(|w| payable > w.payable) {
            return Ok(());
        }
        let coupons = self.coupons(choice);
        let mut ids: Vec<String> = coupons
            .iter()
            .map(|&k| self.pipeline.input.coupons[k].id.clone())
            .collect();
        ids.sort();
        let ranked = Ranked {
            payable,
            ids,
            coupons,
        };
        let at = self.kept.partition_point(|r| r.key() <= ranked.key());
        self.kept.insert(at, ranked);
        self.kept.truncate(RUNNERS_UP + 1);
        Ok(())
    }

    /// The most the still-open parts of a combination could take off.
    fn open_bound(&self, from_group: usize) -> i64 {
        let stores: i64 = self.groups[from_group..]
            .iter()
            .map(|g| {
                g.iter()
                    .map(|&s| self.store_coupons[s].discount)
                    .max()
                    .unwrap_or(0)
            })
            .sum();
        let shipping = self.pipeline.input.shipping_fen;
        let max = |a: &Agg| a.rule.max_discount(a.pre, shipping);
        let promos: i64 = self.platform_promos.iter().map(max).sum();
        let coupon = self
            .platform_coupons
            .iter()
            .map(|(_, a)| max(a))
            .max()
            .unwrap_or(0);
        let any_shipping = !self.shipping_promos.is_empty() || !self.shipping_coupons.is_empty();
        stores + promos + coupon + if any_shipping { shipping } else { 0 }
    }

    fn run(&mut self) -> Result<()> {
        let mut choice = Choice {
            stores: vec![None; self.groups.len()],
            ..Choice::default()
        };
        let bounds: Vec<i64> = (0..=self.groups.len())
            .map(|g| self.open_bound(g))
            .collect();
        self.descend(&mut choice, 0, 0, &bounds)?;
        for lone in std::mem::take(&mut self.lone) {
            self.offer(&lone)?;
        }
        Ok(())
    }

    /// Branch and bound over the store groups, then every platform × shipping option.
    fn descend(
        &mut self,
        choice: &mut Choice,
        group: usize,
        store_total: i64,
        bounds: &[i64],
    ) -> Result<()> {
        let lower =
            self.start_total - store_total - bounds[group] + self.pipeline.input.shipping_fen;
        if self.kept.len() > RUNNERS_UP && self.kept.last().is_some_and(|w| lower > w.payable) {
            return Ok(());
        }
        if group == self.groups.len() {
            for p in std::iter::once(None).chain((0..self.platform_coupons.len()).map(Some)) {
                if p.is_some_and(|p| {
                    !self.pipeline.input.coupons[self.platform_coupons[p].0].stackable
                }) {
                    continue;
                }
                for s in std::iter::once(None).chain((0..self.shipping_coupons.len()).map(Some)) {
                    if s.is_some_and(|s| {
                        !self.pipeline.input.coupons[self.shipping_coupons[s].0].stackable
                    }) {
                        continue;
                    }
                    choice.platform = p;
                    choice.shipping = s;
                    self.offer(choice)?;
                }
            }
            return Ok(());
        }
        choice.stores[group] = None;
        self.descend(choice, group + 1, store_total, bounds)?;
        for i in 0..self.groups[group].len() {
            let slot = self.groups[group][i];
            choice.stores[group] = Some(slot);
            let d = self.store_coupons[slot].discount;
            self.descend(choice, group + 1, store_total + d, bounds)?;
        }
        choice.stores[group] = None;
        Ok(())
    }

    fn finish(self) -> Result<BestCoupons> {
        let pipeline = self.pipeline;
        let input = pipeline.input;
        let mut kept = self.kept.into_iter();
        let winner = kept
            .next()
            .ok_or_else(|| Error::state("", "internal: no combination was evaluated"))?;
        let mut state = pipeline.price(&winner.coupons)?;
        for k in (0..input.coupons.len()).filter(|k| !winner.coupons.contains(k)) {
            let reason = pipeline.unusable(k).unwrap_or(Reason::NotBest);
            state.not_applied.push(NotApplied {
                id: input.coupons[k].id.clone(),
                source: Source::Coupon,
                reason,
            });
        }
        let best = priced(pipeline, state);
        if best.payable_fen != winner.payable {
            return Err(Error::state(
                "",
                format!(
                    "internal: the search valued {:?} at {} 分 but pricing gives {} 分",
                    winner.ids, winner.payable, best.payable_fen
                ),
            ));
        }
        let gross = best.subtotal_fen + best.shipping_fen;
        Ok(BestCoupons {
            coupon_ids: best.coupon_ids.clone(),
            alternatives: kept
                .map(|r| Alternative {
                    coupon_ids: r.ids,
                    payable_fen: r.payable,
                    saved_fen: gross - r.payable,
                })
                .collect(),
            best,
            combinations_evaluated: self.evaluated,
            method: if self.aggregate {
                "aggregate"
            } else {
                "lineByLine"
            },
        })
    }
}
