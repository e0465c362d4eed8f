//! An experiment's per-variant counts, read from the resident event log.
//!
//! A user is in the experiment from their first `exposureEvent` (or their first event carrying
//! the variant property, when no exposure event is named); their variant is the value of
//! `variantProp` on that event. Users seen with two different variants are counted apart as
//! `multipleExposures` and left out (their outcome cannot be credited to either arm, as GrowthBook
//! does). A user converts with a `conversionEvent` at or after exposure; `valueProp` (money, in 分)
//! is summed over those conversion events per user, every exposed user counting (0 if none).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::events::column::{Column, MONEY_MISSING};
use crate::events::EventLog;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExperimentQuery {
    /// A category property holding the variant (e.g. 'variant' with values A / B).
    pub variant_prop: String,
    pub exposure_event: Option<String>,
    pub conversion_event: String,
    /// A money property summed over conversion events (revenue per user, 分).
    pub value_prop: Option<String>,
    /// Variant names in the order to report (the first is the control); all, sorted, by default.
    pub variants: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantCounts {
    pub name: String,
    pub users: u64,
    pub conversions: u64,
    /// Σ valueProp over the variant's users, exact 分 (absent without a valueProp).
    pub value_total_fen: Option<i64>,
    /// Per exposed user, in 分.
    pub value_mean: Option<f64>,
    pub value_sd: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExperimentCounts {
    pub variants: Vec<VariantCounts>,
    /// Users seen in more than one variant (left out).
    pub multiple_exposures: u64,
}

/// Per-variant accumulators: users, conversions, Σv and the per-user values for the variance.
#[derive(Default)]
struct Arm {
    users: u64,
    conversions: u64,
    total: i128,
    values: Vec<i64>,
}

pub fn experiment_counts(log: &EventLog, q: &ExperimentQuery) -> Result<ExperimentCounts> {
    let (dict, codes) = match log.property(&q.variant_prop, "variantProp")? {
        Column::Category { dict, codes } => (dict, codes),
        other => {
            return Err(Error::invalid(
                "variantProp",
                format!(
                    "'{}' is a {} property; the variant must be a category",
                    q.variant_prop,
                    other.kind().as_str()
                ),
            ))
        }
    };
    let exposure = q
        .exposure_event
        .as_deref()
        .map(|e| log.event_code(e, "exposureEvent"))
        .transpose()?;
    let conversion = log.event_code(&q.conversion_event, "conversionEvent")?;
    let values = match &q.value_prop {
        None => None,
        Some(p) => match log.property(p, "valueProp")? {
            Column::Money(v) => Some(v),
            other => {
                return Err(Error::invalid(
                    "valueProp",
                    format!("'{p}' is a {} property, not money", other.kind().as_str()),
                ))
            }
        },
    };
    let events = log.events();
    let mut arms: Vec<Arm> = (0..dict.len()).map(|_| Arm::default()).collect();
    let mut multiple = 0u64;
    for u in 0..log.user_count() {
        let mut variant: Option<u32> = None; // code − 1 of the user's variant once exposed
        let mut mixed = false;
        let (mut converted, mut value) = (false, 0i64);
        for i in log.user_range(u) {
            let code = codes.get(i);
            let exposed_here = code > 0 && exposure.is_none_or(|e| events[i] == e);
            if exposed_here {
                match variant {
                    None => variant = Some(code - 1),
                    Some(v) if v != code - 1 => mixed = true,
                    Some(_) => {}
                }
            }
            if variant.is_some() && events[i] == conversion {
                converted = true;
                if let Some(v) = values {
                    if v[i] != MONEY_MISSING {
                        value = value.checked_add(v[i]).ok_or_else(|| {
                            Error::overflow("valueProp", "a user's total does not fit in 64-bit 分")
                        })?;
                    }
                }
            }
        }
        match (variant, mixed) {
            (Some(_), true) => multiple += 1,
            (Some(v), false) => {
                let arm = &mut arms[v as usize];
                arm.users += 1;
                arm.conversions += u64::from(converted);
                arm.total += i128::from(value);
                if values.is_some() {
                    arm.values.push(value);
                }
            }
            (None, _) => {}
        }
    }
    let order: Vec<usize> = match &q.variants {
        Some(names) => names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                dict.iter().position(|d| d == n).ok_or_else(|| {
                    Error::not_found(
                        format!("variants[{i}]"),
                        format!(
                            "'{n}' is not a value of '{}' (it has: {})",
                            q.variant_prop,
                            dict.join(", ")
                        ),
                    )
                })
            })
            .collect::<Result<_>>()?,
        None => {
            let mut o: Vec<usize> = (0..dict.len()).filter(|&k| arms[k].users > 0).collect();
            o.sort_by(|&a, &b| dict[a].cmp(&dict[b]));
            o
        }
    };
    let variants = order
        .into_iter()
        .map(|k| {
            let arm = &arms[k];
            let (total, mean, sd) = if values.is_some() {
                let total = i64::try_from(arm.total).map_err(|_| {
                    Error::overflow("valueProp", "the variant's total does not fit in 64-bit 分")
                })?;
                let summary = super::means::summarize(
                    &arm.values.iter().map(|&v| v as f64).collect::<Vec<_>>(),
                );
                (
                    Some(total),
                    (arm.users > 0).then_some(summary.mean),
                    (arm.users > 1).then(|| summary.var.sqrt()),
                )
            } else {
                (None, None, None)
            };
            Ok(VariantCounts {
                name: dict[k].clone(),
                users: arm.users,
                conversions: arm.conversions,
                value_total_fen: total,
                value_mean: mean,
                value_sd: sd,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ExperimentCounts {
        variants,
        multiple_exposures: multiple,
    })
}
