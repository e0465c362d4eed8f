//! Ingest from columns (typed arrays or plain arrays handed over by the binding layer).

use super::build::{CategoryBuilder, RawColumn, RawLog, RawUsers};
use super::column::MONEY_MISSING;
use super::intern::{IdInterner, Interner};
use super::log::{EventLog, IngestReport};
use super::time::{epoch_to_ms, TsUnit};
use crate::error::{Error, Result};
use crate::money::parse_yuan;

pub enum UserColumn {
    /// Numeric ids (JS numbers): must be integers within ±2^53.
    Numbers(Vec<f64>),
    Strings(Vec<String>),
}

pub enum EventColumn {
    /// Codes indexing `names`.
    Codes {
        codes: Vec<u32>,
        names: Vec<String>,
    },
    Names(Vec<String>),
}

pub enum PropColumn {
    /// Codes indexing `values`; an empty value is "missing".
    Category {
        codes: Vec<u32>,
        values: Vec<String>,
    },
    /// One string per event; `None` or empty is missing.
    Strings(Vec<Option<String>>),
    /// NaN is missing.
    Number(Vec<f64>),
    /// Integer 分 as JS numbers; NaN is missing, fractions are an error.
    MoneyFen(Vec<f64>),
    /// Decimal yuan strings ("12.34"), parsed exactly; `None` or empty is missing.
    MoneyYuan(Vec<Option<String>>),
}

pub struct ColumnsInput {
    pub user: UserColumn,
    pub ts: Vec<f64>,
    pub ts_unit: TsUnit,
    pub event: EventColumn,
    pub props: Vec<(String, PropColumn)>,
}

const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

pub fn from_columns(input: ColumnsInput) -> Result<EventLog> {
    let n = input.ts.len();
    let ts = input
        .ts
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            epoch_to_ms(v, input.ts_unit).ok_or_else(|| {
                Error::invalid(format!("ts[{i}]"), format!("{v} is not a valid timestamp"))
            })
        })
        .collect::<Result<Vec<i64>>>()?;
    let users = intern_users(input.user)?;
    let (event_codes, event_names) = match input.event {
        EventColumn::Codes { codes, names } => (codes, names),
        EventColumn::Names(names) => {
            let mut interner = Interner::default();
            let codes = names
                .iter()
                .map(|s| interner.intern(s.as_bytes()))
                .collect();
            (codes, interner.into_strings())
        }
    };
    let props = input
        .props
        .into_iter()
        .map(|(name, column)| {
            let raw = prop_to_raw(column).map_err(|e| e.within(&format!("props.{name}")))?;
            Ok((name, raw))
        })
        .collect::<Result<Vec<_>>>()?;
    let report = IngestReport {
        rows_read: n as u64,
        ..IngestReport::default()
    };
    RawLog {
        users,
        ts,
        event_codes,
        event_names,
        props,
        report,
    }
    .build()
}

fn intern_users(user: UserColumn) -> Result<RawUsers> {
    match user {
        UserColumn::Numbers(values) => {
            let ids = values
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    if v.fract() == 0.0 && v.abs() <= MAX_SAFE_INTEGER {
                        Ok(v as i64)
                    } else {
                        Err(Error::invalid(
                            format!("user[{i}]"),
                            format!("{v} is not an integer id (pass ids beyond 2^53 as strings)"),
                        ))
                    }
                })
                .collect::<Result<Vec<i64>>>()?;
            let mut interner = IdInterner::for_ids(&ids);
            let codes = ids.iter().map(|&id| interner.intern(id)).collect();
            Ok(RawUsers::Numbers {
                codes,
                ids: interner.into_ids(),
            })
        }
        UserColumn::Strings(values) => {
            let mut interner = Interner::default();
            let codes = values
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    if s.is_empty() {
                        Err(Error::invalid(
                            format!("user[{i}]"),
                            "is empty: every event needs a user",
                        ))
                    } else {
                        Ok(interner.intern(s.as_bytes()))
                    }
                })
                .collect::<Result<Vec<u32>>>()?;
            Ok(RawUsers::Strings {
                codes,
                ids: interner.into_strings(),
            })
        }
    }
}

fn prop_to_raw(column: PropColumn) -> Result<RawColumn> {
    Ok(match column {
        PropColumn::Category { codes, values } => {
            // Re-intern the given dictionary so duplicate and empty values are handled once:
            // remap[c] is the stored code of values[c] (0 for an empty value).
            let mut interner = Interner::default();
            let remap: Vec<u32> = values
                .iter()
                .map(|v| {
                    if v.is_empty() {
                        0
                    } else {
                        interner.intern(v.as_bytes()) + 1
                    }
                })
                .collect();
            let mapped = codes
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    remap.get(c as usize).copied().ok_or_else(|| {
                        Error::invalid(
                            format!("codes[{i}]"),
                            format!("code {c} has no entry in values ({} values)", values.len()),
                        )
                    })
                })
                .collect::<Result<Vec<u32>>>()?;
            RawColumn::Category {
                codes: mapped,
                dict: interner.into_strings(),
            }
        }
        PropColumn::Strings(values) => {
            let mut builder = CategoryBuilder::default();
            for v in &values {
                builder.push(v.as_deref().map(str::as_bytes));
            }
            builder.finish()
        }
        PropColumn::Number(values) => RawColumn::Number(values),
        PropColumn::MoneyFen(values) => RawColumn::Money(
            values
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    if v.is_nan() {
                        Ok(MONEY_MISSING)
                    } else if v.fract() == 0.0 && v.abs() <= MAX_SAFE_INTEGER {
                        Ok(v as i64)
                    } else {
                        Err(Error::invalid(
                            format!("[{i}]"),
                            format!("{v} is not a whole number of 分"),
                        ))
                    }
                })
                .collect::<Result<Vec<i64>>>()?,
        ),
        PropColumn::MoneyYuan(values) => RawColumn::Money(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| match v.as_deref() {
                    None | Some("") => Ok(MONEY_MISSING),
                    Some(text) => parse_yuan(text, &format!("[{i}]")),
                })
                .collect::<Result<Vec<i64>>>()?,
        ),
    })
}
