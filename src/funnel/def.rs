//! The funnel definition as the caller writes it, and its validation against a log.
//!
//! [`FunnelDef`] is the serde shape of `log.funnel(def)`; [`FunnelDef::compile`] checks every
//! field against the log (event and property names, step counts, the window, exclusion step
//! indexes) and returns a [`Compiled`] funnel whose errors name the field at fault.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

use super::breakdown::Breakdown;
use super::exclusions::Exclusion;
use super::steps::StepMatcher;
use crate::error::{Error, Result};
use crate::events::column::Column;
use crate::events::EventLog;

/// ClickHouse's `windowFunnel` takes at most 32 conditions; so do we.
pub const MAX_STEPS: usize = 32;
pub const MIN_STEPS: usize = 2;
/// Ten years: a longer conversion window is a unit mistake (seconds for ms), not a funnel.
pub const MAX_WINDOW_MS: i64 = 3650 * 86_400_000;
pub const DEFAULT_WINDOW_MS: i64 = 86_400_000;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FunnelDef {
    pub steps: Vec<StepDef>,
    #[serde(default)]
    pub window_ms: Option<f64>,
    #[serde(default)]
    pub mode: Option<ModeNames>,
    #[serde(default)]
    pub allow_reentry: bool,
    #[serde(default)]
    pub order: Order,
    #[serde(default)]
    pub exclusions: Vec<ExclusionDef>,
    #[serde(default)]
    pub breakdown: Option<BreakdownDef>,
    #[serde(default)]
    pub hold_constant: Vec<String>,
    #[serde(default)]
    pub from: Option<f64>,
    #[serde(default)]
    pub to: Option<f64>,
    #[serde(default)]
    pub counting: Counting,
    #[serde(default)]
    pub per_user: bool,
    /// Also return which events and property values go with converting (see `correlation`).
    #[serde(default)]
    pub correlation: bool,
}

/// A step: `'pay'`, `{ event: 'pay', where: { channel: ['抖音', '微信'] } }` or `{ anyOf: [...] }`.
#[derive(Debug, Clone)]
pub enum StepDef {
    Name(String),
    Event {
        event: String,
        filter: BTreeMap<String, WhereValue>,
        label: Option<String>,
    },
    AnyOf {
        any_of: Vec<StepDef>,
        label: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StepObject {
    event: Option<String>,
    #[serde(rename = "where", default)]
    filter: BTreeMap<String, WhereValue>,
    any_of: Option<Vec<StepDef>>,
    name: Option<String>,
}

impl<'de> Deserialize<'de> for StepDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StepDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an event name, { event, where? } or { anyOf: [...] }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<StepDef, E> {
                Ok(StepDef::Name(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<StepDef, A::Error> {
                let o = StepObject::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (o.event, o.any_of) {
                    (Some(event), None) => Ok(StepDef::Event {
                        event,
                        filter: o.filter,
                        label: o.name,
                    }),
                    (None, Some(any_of)) if o.filter.is_empty() => Ok(StepDef::AnyOf {
                        any_of,
                        label: o.name,
                    }),
                    _ => Err(de::Error::custom(
                        "a step needs either `event` (with an optional `where`) or `anyOf`",
                    )),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// One value or a list of values a property must equal (any of them).
#[derive(Debug, Clone, PartialEq)]
pub struct WhereValue(pub Vec<Scalar>);

#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    Number(f64),
}

impl<'de> Deserialize<'de> for WhereValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WhereValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, a number, or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<WhereValue, E> {
                Ok(WhereValue(vec![Scalar::Text(v.to_string())]))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<WhereValue, E> {
                Ok(WhereValue(vec![Scalar::Number(v)]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<WhereValue, E> {
                Ok(WhereValue(vec![Scalar::Number(v as f64)]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<WhereValue, E> {
                Ok(WhereValue(vec![Scalar::Number(v as f64)]))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<WhereValue, A::Error> {
                let mut out = vec![];
                while let Some(WhereValue(mut one)) = seq.next_element::<WhereValue>()? {
                    if one.len() != 1 {
                        return Err(de::Error::custom("nested lists are not allowed"));
                    }
                    out.append(&mut one);
                }
                Ok(WhereValue(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// `mode`: one ClickHouse option name or a list of them.
#[derive(Debug, Clone, Default)]
pub struct ModeNames(pub Vec<String>);

impl<'de> Deserialize<'de> for ModeNames {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ModeNames;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mode name or a list of mode names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<ModeNames, E> {
                Ok(ModeNames(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<ModeNames, A::Error> {
                let mut out = vec![];
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(ModeNames(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Order {
    /// Steps in the given order: ClickHouse `windowFunnel` semantics.
    #[default]
    Ordered,
    /// Steps in any order within the window (PostHog's unordered funnel).
    Any,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Counting {
    /// Each user counts once, at the furthest step reached.
    #[default]
    Uniques,
    /// Each attempt counts: see `totals` in the README.
    Totals,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExclusionDef {
    pub event: String,
    pub after_step: usize,
    pub before_step: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BreakdownDef {
    pub prop: String,
    #[serde(default)]
    pub attribution: Attribution,
}

/// Which step's event gives a user's breakdown value (PostHog's attribution types).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Attribution {
    #[default]
    FirstTouch,
    LastTouch,
    Step(usize),
}

impl<'de> Deserialize<'de> for Attribution {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Attribution;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("'first_touch', 'last_touch' or { step: k }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Attribution, E> {
                match v {
                    "first_touch" => Ok(Attribution::FirstTouch),
                    "last_touch" => Ok(Attribution::LastTouch),
                    other => Err(de::Error::custom(format!(
                        "unknown attribution '{other}': use 'first_touch', 'last_touch' or {{ step: k }}"
                    ))),
                }
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Attribution, A::Error> {
                let mut step = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "step" {
                        return Err(de::Error::unknown_field(&key, &["step"]));
                    }
                    step = Some(map.next_value::<usize>()?);
                }
                step.map(Attribution::Step)
                    .ok_or_else(|| de::Error::missing_field("step"))
            }
        }
        d.deserialize_any(V)
    }
}

/// The ClickHouse `windowFunnel` options, combined as ClickHouse combines them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modes {
    pub strict_deduplication: bool,
    pub strict_order: bool,
    pub strict_increase: bool,
    pub strict_once: bool,
    pub allow_reentry: bool,
}

impl Modes {
    fn parse(names: &[String], allow_reentry: bool) -> Result<Modes> {
        let mut m = Modes {
            allow_reentry,
            ..Modes::default()
        };
        for (i, name) in names.iter().enumerate() {
            let flag = match name.as_str() {
                "default" => continue,
                "strict_deduplication" => &mut m.strict_deduplication,
                "strict_order" => &mut m.strict_order,
                "strict_increase" => &mut m.strict_increase,
                "strict_once" => &mut m.strict_once,
                "allow_reentry" => &mut m.allow_reentry,
                "strict" => {
                    return Err(Error::invalid(
                        format!("mode[{i}]"),
                        "'strict' was renamed 'strict_deduplication' (as in ClickHouse)",
                    ))
                }
                other => {
                    return Err(Error::invalid(
                        format!("mode[{i}]"),
                        format!("unknown mode '{other}': use default, strict_order, strict_deduplication, strict_increase, strict_once, allow_reentry"),
                    ))
                }
            };
            *flag = true;
        }
        if m.allow_reentry && !m.strict_order {
            return Err(Error::invalid(
                "mode",
                "allow_reentry needs strict_order (as in ClickHouse)",
            ));
        }
        Ok(m)
    }

    pub fn names(&self) -> Vec<&'static str> {
        let mut out = vec![];
        for (on, name) in [
            (self.strict_order, "strict_order"),
            (self.strict_deduplication, "strict_deduplication"),
            (self.strict_increase, "strict_increase"),
            (self.strict_once, "strict_once"),
            (self.allow_reentry, "allow_reentry"),
        ] {
            if on {
                out.push(name);
            }
        }
        if out.is_empty() {
            out.push("default");
        }
        out
    }
}

/// A definition checked against a log, ready to run.
pub struct Compiled<'a> {
    pub matcher: StepMatcher<'a>,
    pub names: Vec<String>,
    pub window_ms: i64,
    pub modes: Modes,
    pub order: Order,
    pub exclusions: Vec<Exclusion>,
    pub breakdown: Option<Breakdown<'a>>,
    pub hold_constant: Vec<&'a Column>,
    pub from: i64,
    pub to: i64,
    pub counting: Counting,
    pub per_user: bool,
    pub correlation: bool,
}

impl FunnelDef {
    pub fn compile<'a>(&self, log: &'a EventLog) -> Result<Compiled<'a>> {
        let n = self.steps.len();
        if !(MIN_STEPS..=MAX_STEPS).contains(&n) {
            return Err(Error::out_of_range(
                "steps",
                format!("a funnel has {MIN_STEPS} to {MAX_STEPS} steps, this one has {n}"),
            ));
        }
        let matcher = StepMatcher::compile(log, &self.steps)?;
        let names = self.steps.iter().map(step_label).collect();
        let window_ms = match self.window_ms {
            None => DEFAULT_WINDOW_MS,
            Some(w) if !w.is_finite() || w.fract() != 0.0 => {
                return Err(Error::invalid(
                    "windowMs",
                    format!("{w} is not a whole number of milliseconds"),
                ))
            }
            Some(w) if w < 0.0 || w > MAX_WINDOW_MS as f64 => {
                return Err(Error::out_of_range(
                    "windowMs",
                    format!(
                        "{w} ms: the window must be between 0 and {MAX_WINDOW_MS} ms (10 years)"
                    ),
                ))
            }
            Some(w) => w as i64,
        };
        let modes = Modes::parse(
            self.mode.as_ref().map(|m| m.0.as_slice()).unwrap_or(&[]),
            self.allow_reentry,
        )?;
        if self.order == Order::Any && modes != Modes::default() {
            return Err(Error::invalid(
                "mode",
                "order: 'any' has no ClickHouse modes; leave mode out or use order: 'ordered'",
            ));
        }
        let exclusions = self
            .exclusions
            .iter()
            .enumerate()
            .map(|(i, e)| {
                Exclusion::compile(log, e, n).map_err(|err| err.within(&format!("exclusions[{i}]")))
            })
            .collect::<Result<Vec<_>>>()?;
        let breakdown = self
            .breakdown
            .as_ref()
            .map(|b| Breakdown::compile(log, b, n).map_err(|e| e.within("breakdown")))
            .transpose()?;
        let hold_constant = self
            .hold_constant
            .iter()
            .enumerate()
            .map(|(i, p)| category_column(log, p, &format!("holdConstant[{i}]")))
            .collect::<Result<Vec<_>>>()?;
        if self.correlation && self.counting == Counting::Totals {
            return Err(Error::invalid(
                "correlation",
                "correlation compares users, so it needs counting: 'uniques'",
            ));
        }
        let from = time_bound(self.from, "from")?.unwrap_or(i64::MIN);
        let to = time_bound(self.to, "to")?.unwrap_or(i64::MAX);
        if from >= to {
            return Err(Error::invalid("to", "`to` must be after `from`"));
        }
        Ok(Compiled {
            matcher,
            names,
            window_ms,
            modes,
            order: self.order,
            exclusions,
            breakdown,
            hold_constant,
            from,
            to,
            counting: self.counting,
            per_user: self.per_user,
            correlation: self.correlation,
        })
    }
}

fn time_bound(value: Option<f64>, field: &str) -> Result<Option<i64>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_finite() && v.abs() < 3.2e18 => Ok(Some(v.round() as i64)),
        Some(v) => Err(Error::invalid(field, format!("{v} is not a time in ms"))),
    }
}

/// A category property column, or an error naming `field`.
pub fn category_column<'a>(log: &'a EventLog, prop: &str, field: &str) -> Result<&'a Column> {
    let column = log.property(prop, field)?;
    match column {
        Column::Category { .. } => Ok(column),
        other => Err(Error::invalid(
            field,
            format!(
                "'{prop}' is a {} property; only category properties can be used here",
                other.kind().as_str()
            ),
        )),
    }
}

/// The label a step shows: its `name`, else its event name(s).
fn step_label(step: &StepDef) -> String {
    match step {
        StepDef::Name(n) => n.clone(),
        StepDef::Event { label: Some(l), .. } | StepDef::AnyOf { label: Some(l), .. } => l.clone(),
        StepDef::Event { event, .. } => event.clone(),
        StepDef::AnyOf { any_of, .. } => any_of
            .iter()
            .map(step_label)
            .collect::<Vec<_>>()
            .join(" | "),
    }
}
