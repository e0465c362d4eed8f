//! Coupons and promotions: exact cart pricing, the best coupon combination, per-line
//! apportionment, refunds, coupon codes and campaign what-ifs. All money is integer 分.
//!
//! - [`model`]: lines, offers (promotions and coupons), the member; validation
//! - [`rules`]: one file per promotion kind (满减, 阶梯满减, 每满减, 折扣, 无门槛, N件M折, 立减, 包邮, 会员)
//! - [`scope`]: which lines an offer covers
//! - [`stacking`]: the fixed stage order, exclusive groups, threshold bases
//! - [`apportion`]: largest-remainder splits of a discount over lines
//! - [`price`]: `priceCart`, the priced cart
//! - [`cart`]: a resident cart, its lines validated and indexed once and priced many times
//! - [`best`]: `bestCoupons`, the exact best combination and its runners-up
//! - [`refund`]: `refundLines`, with the keep and claw-back policies
//! - [`codes`]: unguessable coupon codes with a check character
//! - [`whatif`]: what a campaign costs over a distribution of basket sizes

pub mod apportion;
pub mod best;
pub mod cart;
pub mod codes;
pub mod model;
pub mod price;
pub mod refund;
pub mod rules;
pub mod scope;
pub mod stacking;
pub mod whatif;

pub use best::{best_coupons, BestCoupons};
pub use cart::{Cart, Terms};
pub use model::{CartInput, Line, Member, Offer};
pub use price::{price_cart, LineAmounts, Priced, PricedCart};
