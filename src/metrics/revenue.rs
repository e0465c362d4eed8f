//! Money totals over events (GMV and the like), exact in 分.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::events::column::{Column, MONEY_MISSING};
use crate::events::EventLog;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneyTotal {
    /// Sum of the amounts, in 分.
    pub total_fen: i64,
    /// Events of that name.
    pub events: u64,
    /// Of those, events that carry an amount.
    pub with_amount: u64,
    /// Distinct users with at least one such event.
    pub users: u64,
}

/// Sums the money property `prop` over events named `event` (e.g. GMV = amount of `pay`).
pub fn money_total(log: &EventLog, event: &str, prop: &str) -> Result<MoneyTotal> {
    let code = log.event_code(event, "event")?;
    let amounts = money_column(log, prop, "prop")?;
    let events = log.events();
    let mut out = MoneyTotal {
        total_fen: 0,
        events: 0,
        with_amount: 0,
        users: 0,
    };
    for u in 0..log.user_count() {
        let mut seen = false;
        for i in log.user_range(u) {
            if events[i] != code {
                continue;
            }
            seen = true;
            out.events += 1;
            let amount = amounts[i];
            if amount != MONEY_MISSING {
                out.with_amount += 1;
                out.total_fen = out.total_fen.checked_add(amount).ok_or_else(|| {
                    Error::overflow(
                        "prop",
                        format!("the sum of '{prop}' does not fit in 64-bit 分"),
                    )
                })?;
            }
        }
        out.users += u64::from(seen);
    }
    Ok(out)
}

/// The amounts of money property `prop`; the error names `field` when it is missing or not money.
pub fn money_column<'a>(log: &'a EventLog, prop: &str, field: &str) -> Result<&'a [i64]> {
    match log.property(prop, field)? {
        Column::Money(v) => Ok(v),
        other => Err(Error::invalid(
            field,
            format!(
                "'{prop}' is a {} property, not money",
                other.kind().as_str()
            ),
        )),
    }
}
