//! `log.segments(def)`: every user in exactly one segment, the first whose rule matches, and
//! what each segment looks like (size, share, averages); per-user labels and CSV export.

use serde::{Deserialize, Serialize};

use super::features::{for_each_user, Extra, FeatureOptions, Frame, UserFeatures};
use super::layering::{LayeringOptions, SegmentDef};
use super::rules::Rule;
use crate::error::{Error, Result};
use crate::events::EventLog;
use crate::money::format_yuan;

/// A segmentation as a console stores it: either the default layering (with optional
/// thresholds) or custom `segments`, each `{ name, rule }`, tried in order.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SegmentsDef {
    pub as_of: Option<f64>,
    pub utc_offset_minutes: Option<i32>,
    pub order_event: Option<String>,
    pub amount_prop: Option<String>,
    /// Thresholds of the default layering (used when `segments` is absent).
    pub layering: Option<LayeringOptions>,
    /// Custom segments, in precedence order.
    pub segments: Option<Vec<SegmentDef>>,
    /// The name of the bucket of users no rule matched. Default 其他.
    pub other_name: Option<String>,
}

/// Custom definitions are for people, not generated: more is a mistake (and labels are bytes).
const MAX_SEGMENTS: usize = 64;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Segmentation {
    pub as_of: i64,
    /// `asOf`'s local date.
    pub as_of_date: String,
    pub utc_offset_minutes: i32,
    /// Every user of the log: the segments' sizes sum to it.
    pub users: u64,
    /// Users whose events all come after `asOf` (they are in the segment their rules give, usually 其他).
    pub users_without_events: u64,
    /// In precedence order, the 其他 bucket last.
    pub segments: Vec<SegmentStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentStats {
    pub key: String,
    pub name: String,
    pub users: u64,
    /// users / all users of the log.
    pub share: f64,
    /// Of these, users with no event at or before `asOf`.
    pub users_without_events: u64,
    /// Averages over the segment's users (0 for an empty segment).
    pub avg_events: f64,
    pub avg_active_days: f64,
    /// Over users with an event at or before `asOf`; `None` when there are none.
    pub avg_days_since_last_seen: Option<f64>,
    /// With `orderEvent`.
    pub avg_orders: Option<f64>,
    /// With `amountProp`: the exact total in 分 and the average.
    pub total_paid_fen: Option<i64>,
    pub avg_paid_fen: Option<f64>,
}

/// Running totals of one segment.
#[derive(Default, Clone)]
struct Totals {
    users: u64,
    without_events: u64,
    events: u64,
    active_days: u64,
    seen: u64,
    days_since_last_seen: i64,
    orders: u64,
    paid_fen: i64,
}

/// A definition resolved against a log: the frame, compiled rules and their names.
pub struct Plan<'a> {
    pub frame: Frame<'a>,
    rules: Vec<Rule>,
    extras: Vec<Extra>,
    /// (key, name) per segment, 其他 last.
    pub names: Vec<(String, String)>,
}

impl<'a> Plan<'a> {
    pub fn new(log: &'a EventLog, def: &SegmentsDef) -> Result<Self> {
        let frame = Frame::new(
            log,
            &FeatureOptions {
                as_of: def.as_of,
                utc_offset_minutes: def.utc_offset_minutes.unwrap_or(480),
                order_event: def.order_event.clone(),
                amount_prop: def.amount_prop.clone(),
            },
        )?;
        let (defs, field) = match (&def.segments, &def.layering) {
            (Some(_), Some(_)) => return Err(Error::invalid(
                "layering",
                "give either segments (custom rules) or layering (default thresholds), not both",
            )),
            (Some(custom), None) => (custom.clone(), "segments"),
            (None, layering) => {
                if frame.order_code.is_none() {
                    return Err(Error::invalid(
                        "orderEvent",
                        "the default layering needs the order event (e.g. 'pay') to find high-value users",
                    ));
                }
                let options = layering.clone().unwrap_or_default();
                (options.segments(frame.amounts.is_some())?, "layering")
            }
        };
        if defs.len() > MAX_SEGMENTS {
            return Err(Error::out_of_range(
                "segments",
                format!("{} segments: at most {MAX_SEGMENTS}", defs.len()),
            ));
        }
        let mut extras = vec![];
        let mut rules = vec![];
        let mut names = vec![];
        for (i, d) in defs.iter().enumerate() {
            let at = format!("{field}[{i}]");
            let rule = Rule::compile(&d.rule, &frame, &mut extras).map_err(|e| {
                if field == "layering" {
                    e
                } else {
                    e.within(&format!("{at}.rule"))
                }
            })?;
            if d.name.trim().is_empty() {
                return Err(Error::invalid(format!("{at}.name"), "must not be empty"));
            }
            let key = d.key.clone().unwrap_or_else(|| d.name.clone());
            if names.iter().any(|(k, _)| *k == key) {
                return Err(Error::invalid(
                    format!("{at}.key"),
                    format!("'{key}' is used by an earlier segment"),
                ));
            }
            rules.push(rule);
            names.push((key, d.name.clone()));
        }
        names.push((
            "other".into(),
            def.other_name.clone().unwrap_or_else(|| "其他".into()),
        ));
        Ok(Plan {
            frame,
            rules,
            extras,
            names,
        })
    }

    /// Visits every user with the index of their segment (into `names`).
    pub fn assign(
        &self,
        mut visit: impl FnMut(usize, usize, &UserFeatures) -> Result<()>,
    ) -> Result<()> {
        let as_of_day = self.frame.as_of_day;
        let other = self.rules.len();
        for_each_user(&self.frame, &self.extras, |u, f| {
            let segment = self
                .rules
                .iter()
                .position(|r| r.matches(f, as_of_day))
                .unwrap_or(other);
            visit(u, segment, f)
        })
    }

    /// The index of a segment by key or name; the error lists what there is.
    pub fn segment_index(&self, wanted: &str, field: &str) -> Result<usize> {
        self.names
            .iter()
            .position(|(k, n)| k == wanted || n == wanted)
            .ok_or_else(|| {
                let have: Vec<&str> = self.names.iter().map(|(k, _)| k.as_str()).collect();
                Error::not_found(
                    field,
                    format!("no segment '{wanted}' (there are: {})", have.join(", ")),
                )
            })
    }
}

/// Sizes, shares and averages of every segment, and each user's segment (index into the
/// result's `segments`, in log user order).
pub fn segment_users(log: &EventLog, def: &SegmentsDef) -> Result<(Segmentation, Vec<u8>)> {
    let plan = Plan::new(log, def)?;
    let mut totals = vec![Totals::default(); plan.names.len()];
    let mut labels = Vec::with_capacity(log.user_count());
    let as_of_day = plan.frame.as_of_day;
    plan.assign(|_, s, f| {
        labels.push(s as u8);
        let t = &mut totals[s];
        t.users += 1;
        t.events += f.events;
        t.active_days += f.active_days;
        t.orders += f.orders;
        t.paid_fen = t.paid_fen.checked_add(f.paid_fen).ok_or_else(|| {
            Error::overflow(
                "amountProp",
                "a segment's paid amount does not fit in 64-bit 分",
            )
        })?;
        match f.days_since_last_seen(as_of_day) {
            Some(d) => {
                t.seen += 1;
                t.days_since_last_seen += d;
            }
            None => t.without_events += 1,
        }
        Ok(())
    })?;
    let users = log.user_count() as u64;
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let has_orders = plan.frame.order_code.is_some();
    let has_amount = plan.frame.amounts.is_some();
    let segments = plan
        .names
        .iter()
        .zip(&totals)
        .map(|((key, name), t)| SegmentStats {
            key: key.clone(),
            name: name.clone(),
            users: t.users,
            share: ratio(t.users, users),
            users_without_events: t.without_events,
            avg_events: ratio(t.events, t.users),
            avg_active_days: ratio(t.active_days, t.users),
            avg_days_since_last_seen: (t.seen > 0)
                .then(|| t.days_since_last_seen as f64 / t.seen as f64),
            avg_orders: has_orders.then(|| ratio(t.orders, t.users)),
            total_paid_fen: has_amount.then_some(t.paid_fen),
            avg_paid_fen: has_amount.then(|| {
                if t.users == 0 {
                    0.0
                } else {
                    t.paid_fen as f64 / t.users as f64
                }
            }),
        })
        .collect();
    let result = Segmentation {
        as_of: plan.frame.as_of,
        as_of_date: plan.frame.date(as_of_day),
        utc_offset_minutes: plan.frame.utc_offset_minutes,
        users,
        users_without_events: totals.iter().map(|t| t.without_events).sum(),
        segments,
    };
    Ok((result, labels))
}

/// The users of one segment (by key or name) as CSV text, one row per user in log order:
/// `user_id,segment,first_seen,last_seen,active_days,events,orders,paid_yuan`
/// (dates are local at the definition's offset; empty when the user has no such event).
pub fn segment_csv(log: &EventLog, def: &SegmentsDef, segment: &str) -> Result<String> {
    let plan = Plan::new(log, def)?;
    let wanted = plan.segment_index(segment, "segment")?;
    let name = &plan.names[wanted].1;
    let mut out = csv::Writer::from_writer(vec![]);
    let write_error = |e: csv::Error| Error::state("", format!("CSV export failed: {e}"));
    out.write_record([
        "user_id",
        "segment",
        "first_seen",
        "last_seen",
        "active_days",
        "events",
        "orders",
        "paid_yuan",
    ])
    .map_err(write_error)?;
    let date = |d: Option<i64>| d.map(|d| plan.frame.date(d)).unwrap_or_default();
    plan.assign(|u, s, f| {
        if s != wanted {
            return Ok(());
        }
        out.write_record([
            log.user_ids().display(u),
            name.clone(),
            date(f.first_day),
            date(f.last_day),
            f.active_days.to_string(),
            f.events.to_string(),
            f.orders.to_string(),
            format_yuan(f.paid_fen),
        ])
        .map_err(write_error)
    })?;
    let bytes = out
        .into_inner()
        .map_err(|e| Error::state("", format!("CSV export failed: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::state("", format!("CSV export failed: {e}")))
}
