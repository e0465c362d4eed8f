//! Step matching: which steps each event satisfies, as a bit mask (bit k = step k).
//!
//! A step is an event name, optionally with `where` conditions on properties (every condition
//! must hold; a condition with a list holds when the value equals any of them), or `anyOf`
//! alternatives. Steps that need no condition are a table lookup by event code, so the common
//! funnel costs one load per event.

use std::collections::BTreeMap;

use super::def::{Scalar, StepDef, WhereValue};
use crate::error::{Error, Result};
use crate::events::column::{Codes, Column, MONEY_MISSING};
use crate::events::EventLog;

pub struct StepMatcher<'a> {
    /// Steps satisfied by the event name alone, per event code.
    by_code: Vec<u32>,
    /// Steps that also need property conditions, per event code: (step bit, conditions).
    filtered: Vec<Vec<(u32, Vec<Condition<'a>>)>>,
    /// Whether any step has conditions (if not, a mask is one table lookup).
    any_filtered: bool,
    /// The one event code that satisfies step 0, when step 0 is a plain event name and no
    /// step has conditions.
    entry_code: Option<u16>,
}

impl StepMatcher<'_> {
    /// Whether no step has property conditions: then [`Self::by_name`] is the whole mask.
    pub fn by_name_only(&self) -> bool {
        !self.any_filtered
    }

    /// The steps an event code satisfies by name alone.
    #[inline(always)]
    pub fn by_name(&self, code: u16) -> u32 {
        self.by_code.get(usize::from(code)).copied().unwrap_or(0)
    }

    /// Whether event code `code` is named in any step (with or without conditions).
    pub fn names_a_step(&self, code: usize) -> bool {
        self.by_code.get(code).is_some_and(|&m| m != 0)
            || self.filtered.get(code).is_some_and(|f| !f.is_empty())
    }

    /// The only event code satisfying step 0 by name alone, if there is exactly one and no
    /// step has conditions: then finding entries is a search for one code.
    pub fn entry_code(&self) -> Option<u16> {
        self.entry_code
    }
}

enum Condition<'a> {
    Category {
        codes: &'a Codes,
        allowed: Vec<u32>,
    },
    Number {
        values: &'a [f64],
        allowed: Vec<f64>,
    },
    Money {
        values: &'a [i64],
        allowed: Vec<i64>,
    },
}

impl Condition<'_> {
    #[inline]
    fn holds(&self, i: usize) -> bool {
        match self {
            Condition::Category { codes, allowed } => allowed.contains(&codes.get(i)),
            Condition::Number { values, allowed } => allowed.contains(&values[i]),
            Condition::Money { values, allowed } => {
                values[i] != MONEY_MISSING && allowed.contains(&values[i])
            }
        }
    }
}

impl<'a> StepMatcher<'a> {
    pub fn compile(log: &'a EventLog, steps: &[StepDef]) -> Result<StepMatcher<'a>> {
        let codes = log.event_names().len();
        let mut m = StepMatcher {
            by_code: vec![0; codes],
            filtered: (0..codes).map(|_| Vec::new()).collect(),
            any_filtered: false,
            entry_code: None,
        };
        for (k, step) in steps.iter().enumerate() {
            m.add(log, step, 1u32 << k)
                .map_err(|e| e.within(&format!("steps[{k}]")))?;
        }
        m.any_filtered = m.filtered.iter().any(|f| !f.is_empty());
        let mut entries = (0..m.by_code.len()).filter(|&code| m.by_code[code] & 1 != 0);
        m.entry_code = match (entries.next(), entries.next(), m.any_filtered) {
            (Some(code), None, false) => u16::try_from(code).ok(),
            _ => None,
        };
        Ok(m)
    }

    fn add(&mut self, log: &'a EventLog, step: &StepDef, bit: u32) -> Result<()> {
        match step {
            StepDef::Name(name) => {
                let code = log.event_code(name, "")?;
                self.by_code[usize::from(code)] |= bit;
            }
            StepDef::Event { event, filter, .. } => {
                let code = usize::from(log.event_code(event, "event")?);
                if filter.is_empty() {
                    self.by_code[code] |= bit;
                } else {
                    let conditions = conditions(log, filter)?;
                    self.filtered[code].push((bit, conditions));
                }
            }
            StepDef::AnyOf { any_of, .. } => {
                if any_of.is_empty() {
                    return Err(Error::invalid("anyOf", "needs at least one alternative"));
                }
                for (j, alt) in any_of.iter().enumerate() {
                    if matches!(alt, StepDef::AnyOf { .. }) {
                        return Err(Error::invalid(
                            format!("anyOf[{j}]"),
                            "anyOf cannot be nested",
                        ));
                    }
                    self.add(log, alt, bit)
                        .map_err(|e| e.within(&format!("anyOf[{j}]")))?;
                }
            }
        }
        Ok(())
    }

    /// The steps event `i` (with event code `code`) satisfies.
    #[inline(always)]
    pub fn mask(&self, i: usize, code: u16) -> u32 {
        let code = usize::from(code);
        let mask = self.by_code.get(code).copied().unwrap_or(0);
        if self.any_filtered {
            self.filtered_mask(i, code, mask)
        } else {
            mask
        }
    }

    /// Adds the steps whose conditions event `i` meets; kept out of line so the common,
    /// condition-free lookup stays small enough to inline into the scan loops.
    #[inline(never)]
    fn filtered_mask(&self, i: usize, code: usize, mut mask: u32) -> u32 {
        for (bit, conditions) in self.filtered.get(code).into_iter().flatten() {
            if mask & bit == 0 && conditions.iter().all(|c| c.holds(i)) {
                mask |= bit;
            }
        }
        mask
    }
}

fn conditions<'a>(
    log: &'a EventLog,
    filter: &BTreeMap<String, WhereValue>,
) -> Result<Vec<Condition<'a>>> {
    filter
        .iter()
        .map(|(prop, WhereValue(values))| {
            let field = format!("where.{prop}");
            let column = log.property(prop, &field)?;
            let numbers = || -> Result<Vec<f64>> {
                values
                    .iter()
                    .map(|v| match v {
                        Scalar::Number(x) => Ok(*x),
                        Scalar::Text(t) => Err(Error::invalid(
                            field.clone(),
                            format!("'{prop}' holds numbers; '{t}' is text"),
                        )),
                    })
                    .collect()
            };
            Ok(match column {
                Column::Category { dict, codes } => Condition::Category {
                    codes,
                    // A value this log does not have matches nothing (it may exist in the next file).
                    allowed: values
                        .iter()
                        .filter_map(|v| {
                            let text = match v {
                                Scalar::Text(t) => t.clone(),
                                Scalar::Number(x) => x.to_string(),
                            };
                            dict.iter().position(|d| *d == text).map(|p| p as u32 + 1)
                        })
                        .collect(),
                },
                Column::Number(v) => Condition::Number {
                    values: v,
                    allowed: numbers()?,
                },
                Column::Money(v) => Condition::Money {
                    values: v,
                    allowed: numbers()?
                        .into_iter()
                        .map(|x| {
                            if x.fract() == 0.0 && x.abs() < 9.0e15 {
                                Ok(x as i64)
                            } else {
                                Err(Error::invalid(
                                    field.clone(),
                                    format!("{x} is not a whole number of 分"),
                                ))
                            }
                        })
                        .collect::<Result<_>>()?,
                },
            })
        })
        .collect()
}
