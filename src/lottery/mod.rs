//! Lotteries an operations team runs all year, with exact odds:
//!
//! - [`pool`]: `PrizePool`, weighted draws with stock, per-user limits and 保底 (pity),
//!   configured by [`config`], persisted by [`state`], reported by [`odds`];
//! - [`sampler`]: exact O(1) draws (ticket tables, or the integer alias table of [`alias`]),
//!   one at a time or in batches; [`rng`]: the random source (in wasm, its bulk words come four
//!   ChaCha blocks at a time from `keystream`);
//! - [`verifiable`]: commit–reveal draws anyone can re-check (the byte-level scheme is there);
//! - [`red_packet`]: 拼手气红包 in integer 分; [`cards`]: 集卡 (coupon-collector) maths and design;
//! - [`cost`]: what a campaign costs, expected and simulated.
//!
//! A draw made in a user's own browser can be forged by that user: real prizes are drawn on a
//! server (this crate natively, or any backend following [`verifiable`]).

pub mod alias;
pub mod cards;
pub mod config;
pub mod cost;
#[cfg(target_arch = "wasm32")]
pub mod keystream;
pub mod odds;
pub mod pool;
pub mod red_packet;
pub mod rng;
pub mod sampler;
pub mod state;
pub mod verifiable;
