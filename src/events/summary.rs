//! `log.summary()`: what a log holds, at a glance.

use serde::Serialize;

use super::column::{Column, ColumnKind};
use super::log::{EventLog, IngestReport};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub events: u64,
    pub users: u64,
    /// First and last event time (ms); `None` for an empty log.
    pub first_ts: Option<i64>,
    pub last_ts: Option<i64>,
    /// Event names with their counts, most frequent first.
    pub event_names: Vec<NameCount>,
    pub properties: Vec<PropertySummary>,
    pub resident_bytes: u64,
    pub ingest: IngestReport,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NameCount {
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertySummary {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ColumnKind,
    /// Events that carry a value.
    pub present: u64,
    /// Distinct values (categories only).
    pub distinct: Option<u64>,
}

pub fn summarize(log: &EventLog) -> Summary {
    let mut counts = vec![0u64; log.event_names().len()];
    for &e in log.events() {
        counts[e as usize] += 1;
    }
    let mut event_names: Vec<NameCount> = log
        .event_names()
        .iter()
        .zip(counts)
        .map(|(name, count)| NameCount {
            name: name.clone(),
            count,
        })
        .collect();
    event_names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));

    let ts = log.ts();
    let properties = log
        .props()
        .iter()
        .map(|p| {
            let (present, distinct) = match &p.column {
                Column::Category { dict, codes } => (
                    (0..codes.len()).filter(|&i| codes.get(i) != 0).count(),
                    Some(dict.len() as u64),
                ),
                Column::Number(v) => (v.iter().filter(|x| !x.is_nan()).count(), None),
                Column::Money(v) => (
                    v.iter()
                        .filter(|&&x| x != super::column::MONEY_MISSING)
                        .count(),
                    None,
                ),
            };
            PropertySummary {
                name: p.name.clone(),
                kind: p.column.kind(),
                present: present as u64,
                distinct,
            }
        })
        .collect();
    Summary {
        events: log.event_count() as u64,
        users: log.user_count() as u64,
        first_ts: ts.iter().min().copied(),
        last_ts: ts.iter().max().copied(),
        event_names,
        properties,
        resident_bytes: log.resident_bytes() as u64,
        ingest: log.report().clone(),
    }
}
