//! The columnar event log: ingested once, kept resident, queried many times.
//!
//! Ingest paths ([`columns`] for typed arrays / rows, [`csv`] for text) produce a
//! [`RawLog`]; [`build`] interns and sorts it into an [`EventLog`] whose events are grouped
//! by user and ordered by (time, input order) within each user — the layout every query
//! (funnels, segments, retention) walks user by user without any hashing.

pub mod build;
pub mod column;
pub mod from_columns;
pub mod from_csv;
pub mod intern;
pub mod log;
pub mod summary;
pub mod time;

pub use build::{RawColumn, RawLog, RawUsers};
pub use column::{Codes, Column, ColumnKind};
pub use log::{EventLog, IngestReport};
pub use time::TsUnit;
