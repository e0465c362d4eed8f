//! Segment rules: predicates over user features combined with `all` / `any` / `not`, in a
//! JSON form a console can store and send back unchanged.
//!
//! ```json
//! { "all": [
//!     { "feature": "daysSinceLastSeen", "op": "<", "value": 7 },
//!     { "any": [ { "feature": "paidFen", "op": ">=", "value": 50000 },
//!                { "feature": "events", "event": "share", "withinDays": 30, "op": ">=", "value": 1 } ] } ] }
//! ```
//!
//! A comparison on a feature the user does not have (days since the last order of someone
//! who never ordered, days since first seen of someone with no event before `asOf`) is false;
//! `not` turns that into true, so `not (daysSinceLastOrder < 30)` includes non-buyers.

use serde::Deserialize;

use super::features::{Extra, Frame, UserFeatures};
use crate::error::{Error, Result};
use crate::events::column::Column;

/// A rule as stored by a console: exactly one of `all`, `any`, `not`, `feature`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleDef {
    pub all: Option<Vec<RuleDef>>,
    pub any: Option<Vec<RuleDef>>,
    pub not: Option<Box<RuleDef>>,
    pub feature: Option<FeatureName>,
    /// For `events`: count only this event.
    pub event: Option<String>,
    /// For `distinctValues`: the category property.
    pub prop: Option<String>,
    /// For counts and sums: only the last N local days (including `asOf`'s day).
    pub within_days: Option<u32>,
    pub op: Option<Op>,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FeatureName {
    /// Local days from the first event to `asOf` (0 = first seen on `asOf`'s day).
    DaysSinceFirstSeen,
    /// Local days from the last event (at or before `asOf`) to `asOf`.
    DaysSinceLastSeen,
    /// Distinct local days with an event (within `withinDays`, or ever).
    ActiveDays,
    /// Events (of `event`, or any), within `withinDays` or ever.
    Events,
    /// Order events (`orderEvent`).
    Orders,
    /// Sum of `amountProp` over orders, in 分.
    PaidFen,
    DaysSinceLastOrder,
    /// Distinct values of the category property `prop`.
    DistinctValues,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl Op {
    fn holds(self, x: f64, value: f64) -> bool {
        match self {
            Op::Ge => x >= value,
            Op::Gt => x > value,
            Op::Le => x <= value,
            Op::Lt => x < value,
            Op::Eq => x == value,
            Op::Ne => x != value,
        }
    }
}

/// Where a compiled comparison reads its number: a base feature (over all days and events),
/// or one of the extra counts the rules asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    Base(FeatureName),
    Extra(usize),
}

/// A validated rule, ready to evaluate on [`UserFeatures`].
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    All(Vec<Rule>),
    Any(Vec<Rule>),
    Not(Box<Rule>),
    Compare { source: Source, op: Op, value: f64 },
}

/// Rules nest at most this deep: deeper is a mistake, and recursion must stay bounded.
const MAX_DEPTH: usize = 16;

impl Rule {
    pub fn matches(&self, f: &UserFeatures, as_of_day: i64) -> bool {
        match self {
            Rule::All(rules) => rules.iter().all(|r| r.matches(f, as_of_day)),
            Rule::Any(rules) => rules.iter().any(|r| r.matches(f, as_of_day)),
            Rule::Not(rule) => !rule.matches(f, as_of_day),
            Rule::Compare { source, op, value } => {
                let x = match *source {
                    Source::Base(FeatureName::DaysSinceFirstSeen) => {
                        f.days_since_first_seen(as_of_day)
                    }
                    Source::Base(FeatureName::DaysSinceLastSeen) => {
                        f.days_since_last_seen(as_of_day)
                    }
                    Source::Base(FeatureName::DaysSinceLastOrder) => {
                        f.days_since_last_order(as_of_day)
                    }
                    Source::Base(FeatureName::ActiveDays) => Some(f.active_days as i64),
                    Source::Base(FeatureName::Events) => Some(f.events as i64),
                    Source::Base(FeatureName::Orders) => Some(f.orders as i64),
                    Source::Base(FeatureName::PaidFen) => Some(f.paid_fen),
                    // Distinct values are always an extra (they need a property).
                    Source::Base(FeatureName::DistinctValues) => None,
                    Source::Extra(k) => Some(f.extra[k]),
                };
                x.is_some_and(|x| op.holds(x as f64, *value))
            }
        }
    }

    /// Validates `def` against the frame, registering the extra counts it needs in `extras`.
    /// Errors name the field relative to the rule (`all[1].value`); callers add the prefix.
    pub fn compile(def: &RuleDef, frame: &Frame, extras: &mut Vec<Extra>) -> Result<Rule> {
        compile_at(def, frame, extras, 0)
    }
}

fn compile_at(def: &RuleDef, frame: &Frame, extras: &mut Vec<Extra>, depth: usize) -> Result<Rule> {
    if depth > MAX_DEPTH {
        return Err(Error::invalid(
            "",
            format!("rules nest deeper than {MAX_DEPTH} levels"),
        ));
    }
    let given = [
        def.all.is_some(),
        def.any.is_some(),
        def.not.is_some(),
        def.feature.is_some(),
    ];
    if given.iter().filter(|&&g| g).count() != 1 {
        return Err(Error::invalid(
            "",
            "a rule has exactly one of all, any, not or feature",
        ));
    }
    let list = |rules: &Vec<RuleDef>, key: &str, extras: &mut Vec<Extra>| -> Result<Vec<Rule>> {
        if rules.is_empty() {
            return Err(Error::invalid(key, "must list at least one rule"));
        }
        rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                compile_at(r, frame, extras, depth + 1)
                    .map_err(|e| e.within(&format!("{key}[{i}]")))
            })
            .collect()
    };
    if let Some(rules) = &def.all {
        return Ok(Rule::All(list(rules, "all", extras)?));
    }
    if let Some(rules) = &def.any {
        return Ok(Rule::Any(list(rules, "any", extras)?));
    }
    if let Some(rule) = &def.not {
        let inner = compile_at(rule, frame, extras, depth + 1).map_err(|e| e.within("not"))?;
        return Ok(Rule::Not(Box::new(inner)));
    }
    compile_comparison(def, frame, extras)
}

fn compile_comparison(def: &RuleDef, frame: &Frame, extras: &mut Vec<Extra>) -> Result<Rule> {
    let Some(feature) = def.feature else {
        return Err(Error::invalid("feature", "is missing"));
    };
    let op = def.op.ok_or_else(|| Error::invalid("op", "is missing"))?;
    let value = def
        .value
        .ok_or_else(|| Error::invalid("value", "is missing"))?;
    if !value.is_finite() {
        return Err(Error::invalid("value", "must be a finite number"));
    }
    let unused = |key: &str, present: bool| -> Result<()> {
        if present {
            Err(Error::invalid(
                key,
                format!("does not apply to the feature {feature:?}"),
            ))
        } else {
            Ok(())
        }
    };
    unused(
        "event",
        def.event.is_some() && feature != FeatureName::Events,
    )?;
    unused(
        "prop",
        def.prop.is_some() && feature != FeatureName::DistinctValues,
    )?;
    let windowed = matches!(
        feature,
        FeatureName::Events | FeatureName::ActiveDays | FeatureName::Orders | FeatureName::PaidFen
    );
    unused("withinDays", def.within_days.is_some() && !windowed)?;
    if def.within_days == Some(0) {
        return Err(Error::out_of_range("withinDays", "must be at least 1 day"));
    }
    let needs_orders = matches!(
        feature,
        FeatureName::Orders | FeatureName::PaidFen | FeatureName::DaysSinceLastOrder
    );
    if needs_orders && frame.order_code.is_none() {
        return Err(Error::invalid(
            "feature",
            format!("{feature:?} needs orderEvent in the definition"),
        ));
    }
    if feature == FeatureName::PaidFen {
        if frame.amounts.is_none() {
            return Err(Error::invalid(
                "feature",
                "paidFen needs amountProp in the definition",
            ));
        }
        if value.fract() != 0.0 || value.abs() > 9_007_199_254_740_991.0 {
            return Err(Error::invalid(
                "value",
                format!("{value} is not money: paidFen compares whole 分 (e.g. 50000 for ¥500)"),
            ));
        }
    }
    let mut extra = |x: Extra| -> Source {
        let k = extras.iter().position(|e| *e == x).unwrap_or_else(|| {
            extras.push(x);
            extras.len() - 1
        });
        Source::Extra(k)
    };
    let source = match (feature, def.within_days) {
        (FeatureName::ActiveDays, Some(within)) => extra(Extra::ActiveDays { within }),
        (FeatureName::Orders, Some(within)) => extra(Extra::Orders { within }),
        (FeatureName::PaidFen, Some(within)) => extra(Extra::PaidFen { within }),
        (FeatureName::Events, within) => match &def.event {
            None if within.is_none() => Source::Base(feature),
            None => extra(Extra::Events { code: None, within }),
            Some(name) => {
                let code = frame.log.event_code(name, "event")?;
                extra(Extra::Events {
                    code: Some(code),
                    within,
                })
            }
        },
        (FeatureName::DistinctValues, _) => {
            let name = def
                .prop
                .as_deref()
                .ok_or_else(|| Error::invalid("prop", "distinctValues needs a property"))?;
            let column = frame.log.property(name, "prop")?;
            if !matches!(column, Column::Category { .. }) {
                return Err(Error::invalid(
                    "prop",
                    format!(
                        "'{name}' is a {} property; distinct values are counted for categories",
                        column.kind().as_str()
                    ),
                ));
            }
            let prop = frame
                .log
                .props()
                .iter()
                .position(|p| p.name == name)
                .unwrap_or_default();
            extra(Extra::DistinctValues { prop })
        }
        // Days since first/last seen or last order, and whole-history counts.
        (_, _) => Source::Base(feature),
    };
    Ok(Rule::Compare { source, op, value })
}
