//! Tests of the binding layer, shared by the Node and the Chromium runs. One module per area.

mod abtest;
mod convert;
mod events;
mod funnel;
mod lottery;
mod support;
