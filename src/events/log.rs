//! The resident event log and its read accessors.

use std::ops::Range;

use super::column::Column;
use crate::error::{Error, Result};

/// Original user ids, indexed by dense user number (first-appearance order).
#[derive(Debug, Clone, PartialEq)]
pub enum UserIds {
    Numbers(Vec<i64>),
    Strings(Vec<String>),
}

impl UserIds {
    pub fn len(&self) -> usize {
        match self {
            UserIds::Numbers(v) => v.len(),
            UserIds::Strings(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The id of user `u` as text (for CSV export and messages).
    pub fn display(&self, u: usize) -> String {
        match self {
            UserIds::Numbers(v) => v[u].to_string(),
            UserIds::Strings(v) => v[u].clone(),
        }
    }
    fn resident_bytes(&self) -> usize {
        match self {
            UserIds::Numbers(v) => v.len() * 8,
            UserIds::Strings(v) => v.iter().map(|s| s.len() + 24).sum(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: String,
    pub column: Column,
}

/// What ingest read and what it skipped (with `onError: 'skip'`), so nothing is lost silently.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IngestReport {
    pub rows_read: u64,
    pub rows_skipped: u64,
    /// The first few reasons, e.g. `line 1043, column ts: '2024-13-01' is not a date`.
    pub skip_reasons: Vec<String>,
}

/// How many skip reasons a report keeps: enough to fix the file, not a copy of it.
pub const MAX_SKIP_REASONS: usize = 10;

impl IngestReport {
    pub fn skip(&mut self, reason: String) {
        self.rows_skipped += 1;
        if self.skip_reasons.len() < MAX_SKIP_REASONS {
            self.skip_reasons.push(reason);
        }
    }
}

/// Events grouped by user, each user's events in (time, input order).
///
/// Resident cost per event: 8 bytes of time + 2 of event code + each property's width
/// (1–4 bytes for a category, 8 for a number or an amount); per user: 4 bytes of offset + the id.
#[derive(Debug, Clone, PartialEq)]
pub struct EventLog {
    user_ids: UserIds,
    user_starts: Vec<u32>,
    ts: Vec<i64>,
    events: Vec<u16>,
    event_names: Vec<String>,
    props: Vec<Property>,
    report: IngestReport,
}

impl EventLog {
    pub(super) fn from_parts(
        user_ids: UserIds,
        user_starts: Vec<u32>,
        ts: Vec<i64>,
        events: Vec<u16>,
        event_names: Vec<String>,
        props: Vec<Property>,
        report: IngestReport,
    ) -> Self {
        EventLog {
            user_ids,
            user_starts,
            ts,
            events,
            event_names,
            props,
            report,
        }
    }

    pub fn event_count(&self) -> usize {
        self.ts.len()
    }
    pub fn user_count(&self) -> usize {
        self.user_ids.len()
    }
    pub fn user_ids(&self) -> &UserIds {
        &self.user_ids
    }
    /// Positions of user `u`'s events in the column slices.
    #[inline]
    pub fn user_range(&self, u: usize) -> Range<usize> {
        self.user_starts[u] as usize..self.user_starts[u + 1] as usize
    }
    /// Timestamps (ms), in log order.
    pub fn ts(&self) -> &[i64] {
        &self.ts
    }
    /// Event codes, in log order; `event_names()[code]` is the name.
    pub fn events(&self) -> &[u16] {
        &self.events
    }
    pub fn event_names(&self) -> &[String] {
        &self.event_names
    }
    pub fn props(&self) -> &[Property] {
        &self.props
    }
    pub fn report(&self) -> &IngestReport {
        &self.report
    }

    /// The code of an event name; the error names `field` and lists what the log has.
    pub fn event_code(&self, name: &str, field: &str) -> Result<u16> {
        match self.event_names.iter().position(|n| n == name) {
            Some(code) => Ok(code as u16),
            None => Err(Error::not_found(
                field,
                format!(
                    "no event named '{name}' in this log (it has: {})",
                    preview(&self.event_names)
                ),
            )),
        }
    }

    /// The column of a property; the error names `field` and lists what the log has.
    pub fn property(&self, name: &str, field: &str) -> Result<&Column> {
        match self.props.iter().find(|p| p.name == name) {
            Some(p) => Ok(&p.column),
            None => {
                let names: Vec<String> = self.props.iter().map(|p| p.name.clone()).collect();
                Err(Error::not_found(
                    field,
                    format!(
                        "no property named '{name}' in this log (it has: {})",
                        preview(&names)
                    ),
                ))
            }
        }
    }

    /// Bytes held by the columns (the figure `summary()` reports per event).
    pub fn resident_bytes(&self) -> usize {
        self.ts.len() * 8
            + self.events.len() * 2
            + self.user_starts.len() * 4
            + self.user_ids.resident_bytes()
            + self.event_names.iter().map(|s| s.len() + 24).sum::<usize>()
            + self
                .props
                .iter()
                .map(|p| p.name.len() + p.column.resident_bytes())
                .sum::<usize>()
    }
}

/// A short list of names for error messages.
fn preview(names: &[String]) -> String {
    const SHOWN: usize = 12;
    if names.is_empty() {
        return "none".into();
    }
    let mut s = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(", … {} more", names.len() - SHOWN));
    }
    s
}
