//! The numbers operations teams report, computed from the resident event log.

pub mod active;
pub mod commerce;
pub mod revenue;
pub mod stickiness;
pub mod window;
