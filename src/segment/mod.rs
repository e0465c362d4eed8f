//! User segmentation (用户分层) and RFM over the resident event log.
//!
//! - [`features`]: per-user features in one pass (first/last seen, active days, counts, orders, paid 分)
//! - [`rules`]: predicates over those features with all/any/not, in a JSON form a console stores
//! - [`layering`]: the default layering (新用户, 流失用户, 沉睡用户, 高价值用户, 活跃用户, 其他)
//! - [`assign`]: `log.segments(def)` — sizes, shares, averages, per-user labels, CSV export
//! - [`quantile`]: pandas-compatible `qcut` quintiles and `rank(method='first')`
//! - [`rfm`]: RFM scores, the named 11-segment R×F map and the Chinese 8-class scheme

pub mod assign;
pub mod features;
pub mod layering;
pub mod quantile;
pub mod rfm;
pub mod rules;
