//! Tests of the binding layer, shared by the Node and the Chromium runs. One module per area.

mod abtest;
mod convert;
mod coupon;
mod events;
mod funnel;
mod lottery;
mod metrics;
mod packed;
mod retention;
mod segments;
mod support;
