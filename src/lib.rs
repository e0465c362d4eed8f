//! yunying (运营): the calculations of an internet-operations team, in plain Rust.
//!
//! Module map — the core is everything except `wasm`, and never sees a `JsValue`:
//! - [`error`]: the one error type (code + field + message)
//! - [`money`]: integer 分, exact decimal parsing, largest-remainder apportioning
//! - [`events`]: the columnar, user-sorted event log every analytics query reads
//! - [`metrics`]: DAU and money totals over the log
//! - [`coupon`]: promotions and coupons: exact pricing, the best combination, refunds, codes
//! - `wasm` (wasm32 only): the binding layer, one file per area

pub mod coupon;
pub mod error;
pub mod events;
pub mod metrics;
pub mod money;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
