//! yunying (运营): the calculations of an internet-operations team, in plain Rust.
//!
//! Module map — the core is everything except `wasm`, and never sees a `JsValue`:
//! - [`error`]: the one error type (code + field + message)
//! - [`money`]: integer 分, exact decimal parsing, largest-remainder apportioning
//! - [`events`]: the columnar, user-sorted event log every analytics query reads
//! - [`metrics`]: DAU and money totals over the log
//! - [`stats`]: distribution functions (statrs) with exact complementary tails and log10 p-values
//! - [`abtest`]: A/B experiments — tests, intervals, Bayesian, sequential, planning, assignment
//! - [`segment`]: user segmentation (default layering, custom rules) and RFM
//! - `wasm` (wasm32 only): the binding layer, one file per area

pub mod abtest;
pub mod error;
pub mod events;
pub mod metrics;
pub mod money;
pub mod segment;
pub mod stats;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
