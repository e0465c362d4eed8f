//! The binding layer: the only code that knows about JavaScript.
//!
//! One file per area. Each converts JS values to core types ([`convert::from_js`] for small
//! configs, typed arrays read directly for bulk columns), calls the core, and converts the
//! result back ([`convert::to_js`]). Every exported function returns `Result<_, JsValue>`;
//! core errors become `YunyingError`s through [`convert::js_error`]. Nothing here may panic:
//! in wasm a panic is a trap that leaves the module unusable.

pub mod abtest;
pub mod cart;
pub mod columns;
pub mod convert;
pub mod coupon;
pub mod events;
pub mod funnel;
pub mod line_columns;
pub mod lottery;
pub mod metrics;
pub mod packed;
pub mod retention;
pub mod segments;
pub mod strict;
pub mod tape;
