//! Campaign what-if: what a 满减 / 每满减 / 折扣 campaign would cost over a set of orders, and
//! how many orders it pushes over a threshold (凑单).
//!
//! The 凑单 model is deliberately simple and stated: an order within `reachFen` below the next
//! threshold tops up to exactly that threshold with probability `topUpPercent`. To keep counts
//! whole and the answer reproducible, the closest `round(topUpPercent% × near misses)` orders
//! are the ones that top up. The cost is the campaign's discount on every order as it would be
//! placed (after top-ups); the histogram shows order amounts around the first threshold before
//! and after.

use serde::{Deserialize, Serialize};

use super::rules::{Outcome, Rule};
use crate::error::{Error, Result};
use crate::events::column::{Column, MONEY_MISSING};
use crate::events::EventLog;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WhatIfOptions {
    /// An order-level rule: fullReduction, tiered, everyReduction, percentage or noThreshold.
    pub rule: Rule,
    /// How far below a threshold shoppers still top up (分). Default: 20% of the first threshold.
    #[serde(default)]
    pub reach_fen: Option<i64>,
    /// Share of near-miss orders that top up, 0–100. Default 30.
    #[serde(default = "default_top_up")]
    pub top_up_percent: f64,
    /// Histogram bins on each side of the first threshold. Default 10.
    #[serde(default = "default_bins")]
    pub bins_each_side: usize,
}

fn default_top_up() -> f64 {
    30.0
}
fn default_bins() -> usize {
    10
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Histogram {
    pub start_fen: i64,
    pub bin_fen: i64,
    /// Orders per bin as they are, and as they would be placed with the campaign.
    pub before: Vec<u64>,
    pub after: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    pub orders: u64,
    /// Orders that meet a threshold without topping up.
    pub qualifying: u64,
    /// Orders within reach of a threshold (before any top-up).
    pub near_miss: u64,
    /// Orders that top up to a threshold (凑单).
    pub pushed_over: u64,
    /// Total discount given, with the top-ups.
    pub cost_fen: i64,
    /// Total discount if nobody topped up.
    pub cost_without_top_up_fen: i64,
    /// What the top-ups add to the order amounts.
    pub top_up_fen: i64,
    /// Σ order amounts before, and after top-ups and discounts (what shoppers would pay).
    pub gross_fen: i64,
    pub paid_after_fen: i64,
    pub first_threshold_fen: i64,
    pub histogram: Histogram,
}

/// The discount of `rule` on an order amount.
fn discount(rule: &Rule, amount: i64) -> i64 {
    match rule.amount_outcome(amount, amount) {
        Some(Outcome::Discount(d)) => d,
        _ => 0,
    }
}

/// The lowest threshold of the rule above `amount`, if any.
fn next_threshold(rule: &Rule, amount: i64) -> Option<i64> {
    match rule {
        Rule::FullReduction(r) => (amount < r.threshold_fen).then_some(r.threshold_fen),
        Rule::Tiered(r) => r
            .tiers
            .iter()
            .map(|t| t.threshold_fen)
            .find(|&t| t > amount),
        Rule::EveryReduction(r) => {
            let next = (amount / r.every_fen + 1).checked_mul(r.every_fen)?;
            // Past the cap, another step gives nothing.
            let capped = r.cap_fen.is_some_and(|cap| discount(rule, amount) >= cap);
            (!capped).then_some(next)
        }
        Rule::Percentage(r) => (amount < r.threshold_fen).then_some(r.threshold_fen),
        _ => None,
    }
}

fn first_threshold(rule: &Rule) -> i64 {
    match rule {
        Rule::FullReduction(r) => r.threshold_fen,
        Rule::Tiered(r) => r.tiers.first().map_or(0, |t| t.threshold_fen),
        Rule::EveryReduction(r) => r.every_fen,
        Rule::Percentage(r) => r.threshold_fen,
        _ => 0,
    }
}

pub fn what_if(amounts: &[i64], options: &WhatIfOptions) -> Result<WhatIf> {
    let rule = &options.rule;
    rule.validate().map_err(|e| e.within("rule"))?;
    if rule.amount_outcome(0, 0).is_none() {
        return Err(Error::invalid("rule.kind", "a what-if takes an order-level rule (fullReduction, tiered, everyReduction, percentage, noThreshold)"));
    }
    let top_up_bp = super::rules::percentage::basis_points(options.top_up_percent, "topUpPercent")?;
    let first = first_threshold(rule);
    let reach = options.reach_fen.unwrap_or(first / 5);
    super::model::check_fen(reach, "reachFen")?;
    if !(1..=100).contains(&options.bins_each_side) {
        return Err(Error::out_of_range(
            "binsEachSide",
            "must be between 1 and 100",
        ));
    }
    for (i, &a) in amounts.iter().enumerate() {
        super::model::check_fen(a, &format!("amounts[{i}]"))?;
    }

    // Near misses, closest first (ties by input order), and how many of them top up.
    let mut near: Vec<(i64, usize, i64)> = amounts
        .iter()
        .enumerate()
        .filter_map(|(i, &a)| {
            next_threshold(rule, a)
                .filter(|&t| t - a <= reach)
                .map(|t| (t - a, i, t))
        })
        .collect();
    near.sort_unstable();
    let pushed =
        super::rules::percent_of(near.len() as i64, top_up_bp, super::rules::Rounding::HalfUp)
            as usize;
    let mut placed = amounts.to_vec();
    let mut top_up: i64 = 0;
    for &(gap, i, t) in near.iter().take(pushed) {
        placed[i] = t;
        top_up = top_up
            .checked_add(gap)
            .filter(|&v| v <= super::model::MAX_SAFE_FEN)
            .ok_or_else(|| Error::overflow("amounts", "the top-ups add up beyond 2^53 分"))?;
    }

    let total = |xs: &[i64], f: &dyn Fn(i64) -> i64| -> Result<i64> {
        xs.iter().try_fold(0i64, |acc, &x| {
            acc.checked_add(f(x))
                .filter(|&t| t <= super::model::MAX_SAFE_FEN)
                .ok_or_else(|| Error::overflow("amounts", "the total is beyond 2^53 分"))
        })
    };
    let cost = total(&placed, &|a| discount(rule, a))?;
    let cost_before = total(amounts, &|a| discount(rule, a))?;
    let gross = total(amounts, &|a| a)?;
    let paid_after = total(&placed, &|a| a - discount(rule, a))?;

    let bins = options.bins_each_side;
    let bin = (first / bins as i64).max(1);
    let start = (first - bin * bins as i64).max(0);
    let histogram_of = |xs: &[i64]| -> Vec<u64> {
        let mut counts = vec![0u64; 2 * bins];
        for &x in xs {
            if x >= start {
                let k = ((x - start) / bin) as usize;
                if let Some(c) = counts.get_mut(k) {
                    *c += 1;
                }
            }
        }
        counts
    };
    Ok(WhatIf {
        orders: amounts.len() as u64,
        qualifying: amounts.iter().filter(|&&a| discount(rule, a) > 0).count() as u64,
        near_miss: near.len() as u64,
        pushed_over: pushed as u64,
        cost_fen: cost,
        cost_without_top_up_fen: cost_before,
        top_up_fen: top_up,
        gross_fen: gross,
        paid_after_fen: paid_after,
        first_threshold_fen: first,
        histogram: Histogram {
            start_fen: start,
            bin_fen: bin,
            before: histogram_of(amounts),
            after: histogram_of(&placed),
        },
    })
}

/// The amounts of `event`'s money property `prop` in the log (events without one are skipped).
pub fn order_amounts(log: &EventLog, event: &str, prop: &str) -> Result<Vec<i64>> {
    let code = log.event_code(event, "event")?;
    let Column::Money(values) = log.property(prop, "prop")? else {
        return Err(Error::invalid(
            "prop",
            format!("'{prop}' is not a money property"),
        ));
    };
    Ok(log
        .events()
        .iter()
        .zip(values)
        .filter(|&(&e, &v)| e == code && v != MONEY_MISSING)
        .map(|(_, &v)| v)
        .collect())
}
