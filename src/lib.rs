//! yunying (运营): the calculations of an internet-operations team, in plain Rust.
//!
//! Module map — the core is everything except `wasm`, and never sees a `JsValue`:
//! - [`error`]: the one error type (code + field + message)
//! - [`money`]: integer 分, exact decimal parsing, largest-remainder apportioning
//! - [`events`]: the columnar, user-sorted event log every analytics query reads
//! - [`metrics`]: DAU and money totals over the log
//! - [`retention`]: cohort retention matrices and the lifecycle of the active base
//! - [`stats`]: distribution functions (statrs) with exact complementary tails and log10 p-values
//! - [`abtest`]: A/B experiments — tests, intervals, Bayesian, sequential, planning, assignment
//! - [`lottery`]: prize pools with exact odds, verifiable draws, red packets, card collection, campaign cost
//! - [`funnel`]: funnels with ClickHouse `windowFunnel` semantics, breakdowns, exclusions
//! - [`coupon`]: promotions and coupons: exact pricing, the best combination, refunds, codes
//! - [`segment`]: user segmentation (default layering, custom rules) and RFM
//! - `wasm` (wasm32 only): the binding layer, one file per area

pub mod abtest;
pub mod coupon;
pub mod error;
pub mod events;
pub mod funnel;
pub mod lottery;
pub mod metrics;
pub mod money;
pub mod retention;
pub mod segment;
pub mod stats;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
