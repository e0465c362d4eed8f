//! From ingested columns to the resident, user-sorted [`EventLog`].

use super::column::{Codes, Column};
use super::log::{EventLog, IngestReport, Property, UserIds};
use crate::error::{Error, Result};

/// User ids as the ingest path interned them: codes index `ids`.
pub enum RawUsers {
    Numbers { codes: Vec<u32>, ids: Vec<i64> },
    Strings { codes: Vec<u32>, ids: Vec<String> },
}

impl RawUsers {
    fn codes(&self) -> &[u32] {
        match self {
            RawUsers::Numbers { codes, .. } | RawUsers::Strings { codes, .. } => codes,
        }
    }
    fn into_ids(self) -> UserIds {
        match self {
            RawUsers::Numbers { ids, .. } => UserIds::Numbers(ids),
            RawUsers::Strings { ids, .. } => UserIds::Strings(ids),
        }
    }
}

/// A property column in input order. Category codes: 0 is missing, `k` is `dict[k - 1]`.
pub enum RawColumn {
    Category { codes: Vec<u32>, dict: Vec<String> },
    Number(Vec<f64>),
    Money(Vec<i64>),
}

impl RawColumn {
    fn len(&self) -> usize {
        match self {
            RawColumn::Category { codes, .. } => codes.len(),
            RawColumn::Number(v) => v.len(),
            RawColumn::Money(v) => v.len(),
        }
    }
}

/// Every column of an ingested log, in input order, strings already interned.
pub struct RawLog {
    pub users: RawUsers,
    pub ts: Vec<i64>,
    pub event_codes: Vec<u32>,
    pub event_names: Vec<String>,
    pub props: Vec<(String, RawColumn)>,
    pub report: IngestReport,
}

/// Event names are stored as `u16` codes: more distinct names than this is a data mistake
/// (an id or a URL in the event column), not a taxonomy.
pub const MAX_EVENT_NAMES: usize = u16::MAX as usize;

impl RawLog {
    /// Checks the columns agree, then groups events by user and orders each user's events by
    /// (time, input order): a counting sort by user (stable, O(n)) and, only for users whose
    /// events arrived out of time order, a sort of that user's few events.
    pub fn build(self) -> Result<EventLog> {
        let n = self.ts.len();
        if n >= u32::MAX as usize {
            return Err(Error::out_of_range(
                "ts",
                "a log holds at most 4 294 967 294 events",
            ));
        }
        if self.users.codes().len() != n {
            return Err(Error::invalid(
                "user",
                format!("has {} values but ts has {n}", self.users.codes().len()),
            ));
        }
        if self.event_codes.len() != n {
            return Err(Error::invalid(
                "event",
                format!("has {} values but ts has {n}", self.event_codes.len()),
            ));
        }
        if self.event_names.len() > MAX_EVENT_NAMES {
            return Err(Error::out_of_range(
                "event",
                format!("has more than {MAX_EVENT_NAMES} distinct event names"),
            ));
        }
        if let Some(i) = self
            .event_codes
            .iter()
            .position(|&c| c as usize >= self.event_names.len())
        {
            return Err(Error::invalid(
                format!("event[{i}]"),
                format!(
                    "code {} has no name in eventNames ({} names)",
                    self.event_codes[i],
                    self.event_names.len()
                ),
            ));
        }
        for (k, (name, column)) in self.props.iter().enumerate() {
            if column.len() != n {
                return Err(Error::invalid(
                    format!("props.{name}"),
                    format!("has {} values but ts has {n}", column.len()),
                ));
            }
            if self.props[..k].iter().any(|(other, _)| other == name) {
                return Err(Error::invalid(format!("props.{name}"), "appears twice"));
            }
        }

        let user_count = match &self.users {
            RawUsers::Numbers { ids, .. } => ids.len(),
            RawUsers::Strings { ids, .. } => ids.len(),
        };
        let (user_starts, order) =
            order_by_user_then_time(self.users.codes(), user_count, &self.ts);

        let ts = gather(&self.ts, &order);
        drop(self.ts);
        let events: Vec<u16> = order
            .iter()
            .map(|&i| self.event_codes[i as usize] as u16)
            .collect();
        drop(self.event_codes);
        let props = self
            .props
            .into_iter()
            .map(|(name, raw)| Property {
                name,
                column: gather_column(raw, &order),
            })
            .collect();
        Ok(EventLog::from_parts(
            self.users.into_ids(),
            user_starts,
            ts,
            events,
            self.event_names,
            props,
            self.report,
        ))
    }
}

/// Returns each user's first event position (plus the total at the end) and the input index
/// of every event in sorted order.
fn order_by_user_then_time(
    user_codes: &[u32],
    user_count: usize,
    ts: &[i64],
) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; user_count + 1];
    for &u in user_codes {
        starts[u as usize + 1] += 1;
    }
    for u in 0..user_count {
        starts[u + 1] += starts[u];
    }
    let mut next = starts.clone();
    let mut order = vec![0u32; user_codes.len()];
    for (i, &u) in user_codes.iter().enumerate() {
        let slot = &mut next[u as usize];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    // The counting sort kept input order within a user, so (ts, input index) is a total order
    // and an unstable sort of the out-of-order users gives the stable result.
    for u in 0..user_count {
        let events = &mut order[starts[u] as usize..starts[u + 1] as usize];
        if events
            .windows(2)
            .any(|w| ts[w[0] as usize] > ts[w[1] as usize])
        {
            events.sort_unstable_by_key(|&i| (ts[i as usize], i));
        }
    }
    (starts, order)
}

fn gather<T: Copy>(values: &[T], order: &[u32]) -> Vec<T> {
    order.iter().map(|&i| values[i as usize]).collect()
}

fn gather_column(raw: RawColumn, order: &[u32]) -> Column {
    match raw {
        RawColumn::Category { codes, dict } => {
            let sorted = gather(&codes, order);
            Column::Category {
                codes: Codes::narrowest(sorted, dict.len() as u32),
                dict,
            }
        }
        RawColumn::Number(v) => Column::Number(gather(&v, order)),
        RawColumn::Money(v) => Column::Money(gather(&v, order)),
    }
}

/// Builds category codes (0 = missing) from optional strings, for ingest paths that see text.
#[derive(Default)]
pub struct CategoryBuilder {
    interner: super::intern::Interner,
    codes: Vec<u32>,
}

impl CategoryBuilder {
    /// Empty text is a missing value.
    pub fn push(&mut self, value: Option<&[u8]>) {
        let code = match value {
            Some(v) if !v.is_empty() => self.interner.intern(v) + 1,
            _ => 0,
        };
        self.codes.push(code);
    }
    pub fn finish(self) -> RawColumn {
        RawColumn::Category {
            codes: self.codes,
            dict: self.interner.into_strings(),
        }
    }
}
