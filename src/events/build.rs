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
    /// events arrived out of time order, a sort of that user's events.
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
        let (user_starts, destination) = destinations(self.users.codes(), user_count);
        let mut ts = scatter(&self.ts, &destination);
        drop(self.ts);
        // Checked above: every code is below MAX_EVENT_NAMES, so it fits u16.
        let narrow: Vec<u16> = self.event_codes.iter().map(|&c| c as u16).collect();
        drop(self.event_codes);
        let mut events = scatter(&narrow, &destination);
        drop(narrow);
        let mut props: Vec<(String, Column)> = self
            .props
            .into_iter()
            .map(|(name, raw)| (name, raw.scattered(&destination)))
            .collect();
        drop(destination);

        // The scatter kept input order within each user; users whose events arrived out of
        // time order (rare: logs are usually written in time order) are sorted in place.
        for u in 0..user_count {
            let range = user_starts[u] as usize..user_starts[u + 1] as usize;
            if ts[range.clone()].windows(2).any(|w| w[0] > w[1]) {
                let mut order: Vec<u32> = (0..range.len() as u32).collect();
                let segment = &ts[range.clone()];
                // (ts, position) is a total order, so an unstable sort gives the stable result.
                order.sort_unstable_by_key(|&k| (segment[k as usize], k));
                permute(&mut ts[range.clone()], &order);
                permute(&mut events[range.clone()], &order);
                for (_, column) in &mut props {
                    column.permute(range.clone(), &order);
                }
            }
        }
        let props = props
            .into_iter()
            .map(|(name, column)| Property { name, column })
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

/// Each user's first position (plus the total at the end), and where each input event goes:
/// a counting sort by user, which keeps input order within a user.
fn destinations(user_codes: &[u32], user_count: usize) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; user_count + 1];
    for &u in user_codes {
        starts[u as usize + 1] += 1;
    }
    for u in 0..user_count {
        starts[u + 1] += starts[u];
    }
    let mut next = starts.clone();
    let destination = user_codes
        .iter()
        .map(|&u| {
            let slot = &mut next[u as usize];
            let at = *slot;
            *slot += 1;
            at
        })
        .collect();
    (starts, destination)
}

/// Moves every value to its destination. Reading in input order and writing scattered is
/// much faster than the reverse on large logs: writes are buffered, reads stall.
fn scatter<T: Copy + Default>(values: &[T], destination: &[u32]) -> Vec<T> {
    let mut out = vec![T::default(); values.len()];
    for (&value, &at) in values.iter().zip(destination) {
        out[at as usize] = value;
    }
    out
}

/// Reorders a short segment so that `segment[i]` becomes the old `segment[order[i]]`.
fn permute<T: Copy>(segment: &mut [T], order: &[u32]) {
    let old: Vec<T> = segment.to_vec();
    for (slot, &from) in segment.iter_mut().zip(order) {
        *slot = old[from as usize];
    }
}

impl RawColumn {
    /// The column in log order, category codes narrowed first so the scatter moves fewer bytes.
    fn scattered(self, destination: &[u32]) -> Column {
        match self {
            RawColumn::Category { codes, dict } => {
                let codes = match Codes::narrowest(codes, dict.len() as u32) {
                    Codes::U8(v) => Codes::U8(scatter(&v, destination)),
                    Codes::U16(v) => Codes::U16(scatter(&v, destination)),
                    Codes::U32(v) => Codes::U32(scatter(&v, destination)),
                };
                Column::Category { codes, dict }
            }
            RawColumn::Number(v) => Column::Number(scatter(&v, destination)),
            RawColumn::Money(v) => Column::Money(scatter(&v, destination)),
        }
    }
}

impl Column {
    fn permute(&mut self, range: std::ops::Range<usize>, order: &[u32]) {
        match self {
            Column::Category {
                codes: Codes::U8(v),
                ..
            } => permute(&mut v[range], order),
            Column::Category {
                codes: Codes::U16(v),
                ..
            } => permute(&mut v[range], order),
            Column::Category {
                codes: Codes::U32(v),
                ..
            } => permute(&mut v[range], order),
            Column::Number(v) => permute(&mut v[range], order),
            Column::Money(v) => permute(&mut v[range], order),
        }
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
