//! Coupons and promotions: hand-worked carts (each worked out in the comments), the public bug
//! reports as regression tests, bad input, and property tests of the invariants.

use proptest::prelude::*;
use serde_json::json;
use yunying::coupon::codes::{self, CodeFormat, GenerateOptions};
use yunying::coupon::refund::{refund_lines, RefundOptions, Return};
use yunying::coupon::stacking::{Reason, Source, STAGES};
use yunying::coupon::whatif::{what_if, WhatIfOptions};
use yunying::coupon::{
    best_coupons, price_cart, Cart, CartInput, LineAmounts, Priced, PricedCart, Terms,
};
use yunying::error::ErrorCode;

fn cart(value: serde_json::Value) -> CartInput {
    serde_json::from_value(value).expect("test cart is well-formed")
}

fn line(id: &str, store: &str, price: i64, qty: i64) -> serde_json::Value {
    json!({ "lineId": id, "sku": id, "category": "c", "store": store, "unitPriceFen": price, "quantity": qty })
}

fn shares(priced: &PricedCart, id: &str) -> Vec<i64> {
    priced
        .applied
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("{id} not applied"))
        .shares
        .to_vec()
}

fn reason(priced: &PricedCart, id: &str) -> Reason {
    priced
        .not_applied
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("{id} applied"))
        .reason
        .clone()
}

fn err_field(input: serde_json::Value) -> (ErrorCode, String) {
    let e = price_cart(&cart(input)).unwrap_err();
    (e.code, e.field)
}

/// The cart's terms (everything but the lines).
fn terms_of(input: &CartInput) -> Terms {
    Terms {
        promotions: input.promotions.clone(),
        coupons: input.coupons.clone(),
        member: input.member.clone(),
        shipping_fen: input.shipping_fen,
        now_ms: input.now_ms,
    }
}

/// `priceCart`'s answer with its line objects as columns, to compare with a resident cart's.
fn as_columns(priced: PricedCart) -> Priced<LineAmounts> {
    priced.map_lines(|lines| LineAmounts {
        list_fen: lines.iter().map(|l| l.list_fen).collect(),
        discount_fen: lines.iter().map(|l| l.discount_fen).collect(),
        payable_fen: lines.iter().map(|l| l.payable_fen).collect(),
    })
}

/// A resident cart loaded with `input` answers exactly as `priceCart` and `bestCoupons` do: with
/// every coupon, and with a subset named in another order.
fn resident_agrees(input: &CartInput) {
    let mut cart = Cart::new(input.lines.clone()).unwrap();
    cart.set_terms(terms_of(input)).unwrap();
    assert_eq!(
        cart.price(None).unwrap(),
        as_columns(price_cart(input).unwrap())
    );
    assert_eq!(cart.best_coupons().unwrap(), best_coupons(input).unwrap());
    let subset: Vec<String> = input
        .coupons
        .iter()
        .rev()
        .step_by(2)
        .map(|c| c.id.clone())
        .collect();
    let mut narrowed = input.clone();
    narrowed.coupons = subset
        .iter()
        .filter_map(|id| input.coupons.iter().find(|c| c.id == *id).cloned())
        .collect();
    assert_eq!(
        cart.price(Some(&subset)).unwrap(),
        as_columns(price_cart(&narrowed).unwrap())
    );
}

// ---------------------------------------------------------------------------------------------
// The public bug reports

#[test]
fn ten_off_three_tens_never_loses_a_fen() {
    // Three lines of ¥10.00, a ¥10.00 无门槛 coupon. 1000 × 1000 / 3000 = 333.33 each: floors
    // 333 + 333 + 333 = 999, one 分 left, remainders tie → the lowest line index gets it:
    // 334 + 333 + 333 = 1000. Payable 3000 − 1000 = 2000.
    let priced = price_cart(&cart(json!({
        "lines": [line("a", "S", 1000, 1), line("b", "S", 1000, 1), line("c", "S", 1000, 1)],
        "coupons": [{ "id": "ten", "rule": { "kind": "noThreshold", "offFen": 1000 } }],
    })))
    .unwrap();
    assert_eq!(shares(&priced, "ten"), vec![334, 333, 333]);
    assert_eq!(priced.payable_fen, 2000);
    let line_payables: Vec<i64> = priced.lines.iter().map(|l| l.payable_fen).collect();
    assert_eq!(line_payables, vec![666, 667, 667]);
}

#[test]
fn ninety_nine_fifty_does_not_pass_a_hundred() {
    // 满100减10 on ¥99.50: 9950 < 10000, missed by 50 分 ("再买 ¥0.50 可用"). At ¥100.00 it applies.
    let offer = json!([{ "id": "m100", "rule": { "kind": "fullReduction", "thresholdFen": 10000, "offFen": 1000 } }]);
    let short = price_cart(&cart(
        json!({ "lines": [line("a", "S", 9950, 1)], "coupons": offer }),
    ))
    .unwrap();
    assert_eq!(
        reason(&short, "m100"),
        Reason::BelowThreshold { short_fen: 50 }
    );
    assert_eq!(short.payable_fen, 9950);
    let met = price_cart(&cart(
        json!({ "lines": [line("a", "S", 10000, 1)], "coupons": offer }),
    ))
    .unwrap();
    assert_eq!(met.payable_fen, 9000);
}

#[test]
fn percentage_rounding_is_explicit() {
    // 8.5折 (15% off) on ¥9.99: 999 × 1500 / 10000 = 149.85 分.
    // half-up → 150 off, pays 849; floor → 149 off, pays 850.
    let priced = |rounding: &str| {
        price_cart(&cart(json!({
            "lines": [line("a", "S", 999, 1)],
            "coupons": [{ "id": "p", "rule": { "kind": "percentage", "percentOff": 15, "rounding": rounding } }],
        })))
        .unwrap()
        .payable_fen
    };
    assert_eq!(priced("halfUp"), 849);
    assert_eq!(priced("floor"), 850);
    // Exactly half a 分: 12.5% of 4 分 = 0.5 → half-up 1, floor 0.
    let half = price_cart(&cart(json!({
        "lines": [line("a", "S", 4, 1)],
        "coupons": [{ "id": "p", "rule": { "kind": "percentage", "percentOff": 12.5 } }],
    })))
    .unwrap();
    assert_eq!(half.payable_fen, 3);
    // A cap: 20% off ¥500 is ¥100, capped at ¥30.
    let capped = price_cart(&cart(json!({
        "lines": [line("a", "S", 50000, 1)],
        "coupons": [{ "id": "p", "rule": { "kind": "percentage", "percentOff": 20, "capFen": 3000 } }],
    })))
    .unwrap();
    assert_eq!(capped.payable_fen, 47000);
}

#[test]
fn vouchers_never_stack_into_a_negative_order() {
    // ¥120 cart; store 无门槛 ¥50 → 70 left; platform 无门槛 ¥100 can only take the 70 left:
    // payable 0, never −30. Shipping ¥8 is still due.
    let priced = price_cart(&cart(json!({
        "lines": [line("a", "S", 8000, 1), line("b", "S", 4000, 1)],
        "shippingFen": 800,
        "coupons": [
            { "id": "store50", "rule": { "kind": "noThreshold", "offFen": 5000 }, "scope": { "type": "store", "store": "S" } },
            { "id": "plat100", "rule": { "kind": "noThreshold", "offFen": 10000 } },
        ],
    })))
    .unwrap();
    assert_eq!(priced.discount_fen, 12000);
    assert_eq!(priced.payable_fen, 800);
    assert!(priced.lines.iter().all(|l| l.payable_fen == 0));
    // 100% off gives exactly 0.
    let free = price_cart(&cart(json!({
        "lines": [line("a", "S", 12345, 3)],
        "coupons": [{ "id": "all", "rule": { "kind": "percentage", "percentOff": 100 } }],
    })))
    .unwrap();
    assert_eq!(free.payable_fen, 0);
}

#[test]
fn refunds_carry_their_share_of_the_order_discount() {
    // ¥100 + ¥50, 满150减30: shares 30·100/150 = 20 and 10; paid 80 + 40 = 120.
    // Returning the ¥50 item gives back 40 (its share of the discount stays off), not 50.
    // Claw back: the ¥100 kept no longer meets 满150, it costs 100 now: refund 120 − 100 = 20.
    let input = cart(json!({
        "lines": [line("a", "S", 10000, 1), line("b", "S", 5000, 1)],
        "promotions": [{ "id": "m150", "rule": { "kind": "fullReduction", "thresholdFen": 15000, "offFen": 3000 } }],
    }));
    let order = price_cart(&input).unwrap();
    assert_eq!(order.payable_fen, 12000);
    let back = vec![Return {
        line_id: "b".into(),
        quantity: 1,
    }];
    let refund = refund_lines(&order, &back, &RefundOptions::default()).unwrap();
    assert_eq!(refund.keep.refund_fen, 4000);
    assert_eq!(refund.claw_back.refund_fen, 2000);
    assert_eq!(refund.broken_offers, vec!["m150".to_string()]);
    // Then the rest: both policies end at exactly what was paid.
    let rest = vec![Return {
        line_id: "a".into(),
        quantity: 1,
    }];
    let later = refund_lines(
        &order,
        &rest,
        &RefundOptions {
            previous_returns: back,
        },
    )
    .unwrap();
    assert_eq!(refund.keep.refund_fen + later.keep.refund_fen, 12000);
    assert_eq!(
        refund.claw_back.refund_fen + later.claw_back.refund_fen,
        12000
    );
}

// ---------------------------------------------------------------------------------------------
// Every promotion kind, worked by hand

#[test]
fn tiered_every_and_cap() {
    // 阶梯: 满200减20 / 满300减40 / 满500减80 on ¥350 → the 300 tier: 40 off.
    let tiered = json!({ "kind": "tiered", "tiers": [
        { "thresholdFen": 20000, "offFen": 2000 }, { "thresholdFen": 30000, "offFen": 4000 }, { "thresholdFen": 50000, "offFen": 8000 }] });
    let p = price_cart(&cart(json!({ "lines": [line("a", "S", 35000, 1)], "promotions": [{ "id": "t", "rule": tiered }] }))).unwrap();
    assert_eq!(p.payable_fen, 31000);
    // 每满300减50, 上不封顶, on ¥950: ⌊950/300⌋ = 3 steps → 150 off.
    let every = |cap: Option<i64>| {
        let mut rule = json!({ "kind": "everyReduction", "everyFen": 30000, "offFen": 5000 });
        if let Some(cap) = cap {
            rule["capFen"] = json!(cap);
        }
        price_cart(&cart(json!({ "lines": [line("a", "S", 95000, 1)], "promotions": [{ "id": "e", "rule": rule }] })))
            .unwrap()
            .payable_fen
    };
    assert_eq!(every(None), 80000);
    // With a ¥120 cap: 120 off.
    assert_eq!(every(Some(12000)), 83000);
}

#[test]
fn second_item_half_price_takes_the_cheapest_units() {
    // 第二件半价 on a ¥60 and a ¥40 item: one group of 2, the cheaper (40) at half: 20 off.
    // Three units of ¥30 and one of ¥10: 4 units → 2 groups → the two cheapest units (10 and
    // one 30) at half: (10 + 30) / 2 = 20 off, split 5 to the ¥10 line and 15 to the ¥30 line.
    let promo = json!([{ "id": "half", "rule": { "kind": "multiBuy", "groupSize": 2, "discountedUnits": 1, "percentOff": 50 } }]);
    let p = price_cart(&cart(
        json!({ "lines": [line("a", "S", 6000, 1), line("b", "S", 4000, 1)], "promotions": promo }),
    ))
    .unwrap();
    assert_eq!(p.payable_fen, 8000);
    assert_eq!(shares(&p, "half"), vec![0, 2000]);
    let p = price_cart(&cart(
        json!({ "lines": [line("a", "S", 3000, 3), line("b", "S", 1000, 1)], "promotions": promo }),
    ))
    .unwrap();
    assert_eq!(shares(&p, "half"), vec![1500, 500]);
    // 3件7折: 3 units of ¥10 and ¥20 ×2: 30% off all three (50): 15 off.
    let p = price_cart(&cart(json!({
        "lines": [line("a", "S", 1000, 1), line("b", "S", 2000, 2)],
        "promotions": [{ "id": "3for7", "rule": { "kind": "multiBuy", "groupSize": 3, "discountedUnits": 3, "percentOff": 30 } }],
    })))
    .unwrap();
    assert_eq!(p.payable_fen, 5000 - 1500);
    // One unit only: short by a unit.
    let p = price_cart(&cart(
        json!({ "lines": [line("a", "S", 6000, 1)], "promotions": promo }),
    ))
    .unwrap();
    assert_eq!(reason(&p, "half"), Reason::UnitsShort { short_units: 1 });
}

#[test]
fn per_item_member_and_shipping() {
    // 立减 ¥5 per unit on 3 × ¥20 = 15 off → 45. Member VIP (spend ¥1200 ≥ ¥1000) 9折 on 45
    // → 4.50 off → 40.50. Shipping ¥10 waived from ¥40 (pre-coupon 40.50 ≥ 40). Payable 4050.
    let p = price_cart(&cart(json!({
        "lines": [line("a", "S", 2000, 3)],
        "shippingFen": 1000,
        "member": { "spendFen": 120000 },
        "promotions": [
            { "id": "off5", "rule": { "kind": "perItemOff", "offFen": 500 } },
            { "id": "vip", "rule": { "kind": "memberDiscount", "tiers": [
                { "name": "普通", "minSpendFen": 0, "percentOff": 0 },
                { "name": "VIP", "minSpendFen": 100000, "percentOff": 10 }] } },
            { "id": "ship", "rule": { "kind": "freeShipping", "thresholdFen": 4000 } },
        ],
    })))
    .unwrap();
    assert_eq!(p.payable_fen, 4050);
    assert_eq!(p.shipping_discount_fen, 1000);
    // Not a member: the member discount is reported, not silently skipped.
    let p = price_cart(&cart(json!({
        "lines": [line("a", "S", 2000, 1)],
        "promotions": [{ "id": "vip", "rule": { "kind": "memberDiscount", "tiers": [{ "name": "VIP", "minSpendFen": 100000, "percentOff": 10 }] } }],
        "member": { "spendFen": 88000 },
    })))
    .unwrap();
    assert_eq!(
        reason(&p, "vip"),
        Reason::MemberSpendShort { short_fen: 12000 }
    );
    // 会员价: ¥80 instead of ¥100 for members, ×2 → 40 off; the other line gets the tier's 10%.
    let p = price_cart(&cart(json!({
        "lines": [line("a", "S", 10000, 2), line("b", "S", 5000, 1)],
        "member": { "tier": "VIP" },
        "promotions": [
            { "id": "mp", "rule": { "kind": "memberPrice", "prices": [{ "sku": "a", "unitPriceFen": 8000 }] } },
            { "id": "vip", "rule": { "kind": "memberDiscount", "tiers": [{ "name": "VIP", "percentOff": 10 }] } },
        ],
    })))
    .unwrap();
    assert_eq!(shares(&p, "mp"), vec![4000, 0]);
    assert_eq!(shares(&p, "vip"), vec![0, 500]);
    assert_eq!(p.payable_fen, 25000 - 4500);
}

#[test]
fn cross_store_reduction_and_stage_order() {
    // Store A ¥200 + store B ¥150 = ¥350. 跨店每满300减50 (the Tmall 双11 form): 1 step → 5000 分,
    // split 5000·20000/35000 = 2857.14 → 2857 and 5000·15000/35000 = 2142.86 → 2142; the
    // leftover 分 goes to the larger remainder (B, .86): A 2857, B 2143.
    // Add store A's coupon 满200减20, judged pre-coupon (Taobao): met. The store stage comes
    // first: A 20000 − 2000 = 18000; the 跨店 threshold is judged on the pre-coupon 35000 (met),
    // split over 18000/15000: 2727.27 → 2727, 2272.73 → 2272, +1 to B: A 2727, B 2273.
    // Payable 35000 − 2000 − 5000 = 28000.
    let p = price_cart(&cart(json!({
        "lines": [line("a", "A", 20000, 1), line("b", "B", 15000, 1)],
        "promotions": [{ "id": "cross", "rule": { "kind": "everyReduction", "everyFen": 30000, "offFen": 5000 }, "scope": { "type": "platform" } }],
    })))
    .unwrap();
    assert_eq!(shares(&p, "cross"), vec![2857, 2143]);
    let p = price_cart(&cart(json!({
        "lines": [line("a", "A", 20000, 1), line("b", "B", 15000, 1)],
        "promotions": [{ "id": "cross", "rule": { "kind": "everyReduction", "everyFen": 30000, "offFen": 5000 }, "scope": { "type": "platform" } }],
        "coupons": [{ "id": "a20", "rule": { "kind": "fullReduction", "thresholdFen": 20000, "offFen": 2000 }, "scope": { "type": "store", "store": "A" } }],
    })))
    .unwrap();
    assert_eq!(shares(&p, "a20"), vec![2000, 0]);
    assert_eq!(shares(&p, "cross"), vec![2727, 2273]);
    assert_eq!(p.payable_fen, 28000);
}

#[test]
fn threshold_basis_pre_coupon_or_running() {
    // ¥300 cart, store coupon 无门槛 ¥20 first (store stage), then a platform 满300减30.
    // preCoupon (Taobao/JD): judged on 300 → met, payable 250.
    // running (Saleor/Shopify): judged on 280 → missed by 20, payable 280.
    let run = |basis: &str| {
        price_cart(&cart(json!({
            "lines": [line("a", "A", 30000, 1)],
            "coupons": [
                { "id": "s20", "rule": { "kind": "noThreshold", "offFen": 2000 }, "scope": { "type": "store", "store": "A" } },
                { "id": "p30", "rule": { "kind": "fullReduction", "thresholdFen": 30000, "offFen": 3000 }, "thresholdBasis": basis },
            ],
        })))
        .unwrap()
    };
    assert_eq!(run("preCoupon").payable_fen, 25000);
    let running = run("running");
    assert_eq!(running.payable_fen, 28000);
    assert_eq!(
        reason(&running, "p30"),
        Reason::BelowThreshold { short_fen: 2000 }
    );
}

#[test]
fn exclusive_groups_stacking_and_validity() {
    // Two coupons of store A: the second is refused (one per store). A non-stackable platform
    // coupon after that is refused too. An expired one says when it expired.
    let p = price_cart(&cart(json!({
        "lines": [line("a", "A", 30000, 1)],
        "nowMs": 1000,
        "coupons": [
            { "id": "a1", "rule": { "kind": "noThreshold", "offFen": 1000 }, "scope": { "type": "store", "store": "A" } },
            { "id": "a2", "rule": { "kind": "noThreshold", "offFen": 2000 }, "scope": { "type": "store", "store": "A" } },
            { "id": "solo", "rule": { "kind": "noThreshold", "offFen": 5000 }, "stackable": false },
            { "id": "old", "rule": { "kind": "noThreshold", "offFen": 5000 }, "validUntilMs": 999 },
            { "id": "elsewhere", "rule": { "kind": "noThreshold", "offFen": 5000 }, "scope": { "type": "store", "store": "B" } },
        ],
    })))
    .unwrap();
    assert_eq!(p.coupon_ids, vec!["a1".to_string()]);
    assert_eq!(reason(&p, "a2"), Reason::SameGroup { with: "a1".into() });
    assert_eq!(
        reason(&p, "solo"),
        Reason::NotStackable { with: "a1".into() }
    );
    assert_eq!(
        reason(&p, "old"),
        Reason::Expired {
            valid_until_ms: 999
        }
    );
    assert_eq!(reason(&p, "elsewhere"), Reason::OutOfScope);
}

// ---------------------------------------------------------------------------------------------
// bestCoupons

#[test]
fn best_combination_with_tie_break_and_runners_up() {
    // Store A ¥260, store B ¥90. Coupons: A 满200减30, A 满250减35 (better), B 满100减15 (missed by
    // 10), platform 满300减40, platform 9折 cap ¥30 (350 → 10% = 35 → capped 30), a non-stackable
    // 无门槛 ¥80.
    // Best: A35 + platform 40 = 75 off → 275; the lone ¥80 gives 270 — better! So: lone80, 270.
    // Runner-up 275 (a35 + p40), then 280 (a30 + p40) and (a35 + p9z: 350 − 35 = 315, 10% of the
    // running 315 = 31.5 → capped 30 → 285).
    let input = cart(json!({
        "lines": [line("a", "A", 26000, 1), line("b", "B", 9000, 1)],
        "coupons": [
            { "id": "a30", "rule": { "kind": "fullReduction", "thresholdFen": 20000, "offFen": 3000 }, "scope": { "type": "store", "store": "A" } },
            { "id": "a35", "rule": { "kind": "fullReduction", "thresholdFen": 25000, "offFen": 3500 }, "scope": { "type": "store", "store": "A" } },
            { "id": "b15", "rule": { "kind": "fullReduction", "thresholdFen": 10000, "offFen": 1500 }, "scope": { "type": "store", "store": "B" } },
            { "id": "p40", "rule": { "kind": "fullReduction", "thresholdFen": 30000, "offFen": 4000 } },
            { "id": "p9z", "rule": { "kind": "percentage", "percentOff": 10, "capFen": 3000 } },
            { "id": "lone80", "rule": { "kind": "noThreshold", "offFen": 8000 }, "stackable": false },
        ],
    }));
    let best = best_coupons(&input).unwrap();
    assert_eq!(best.coupon_ids, vec!["lone80".to_string()]);
    assert_eq!(best.best.payable_fen, 27000);
    let alt: Vec<(Vec<String>, i64)> = best
        .alternatives
        .iter()
        .map(|a| (a.coupon_ids.clone(), a.payable_fen))
        .collect();
    assert_eq!(alt[0], (vec!["a35".to_string(), "p40".to_string()], 27500));
    assert_eq!(alt[1], (vec!["a30".to_string(), "p40".to_string()], 28000));
    assert_eq!(
        reason(&best.best, "b15"),
        Reason::BelowThreshold { short_fen: 1000 }
    );
    assert_eq!(reason(&best.best, "a35"), Reason::NotBest);
    assert_eq!(best.method, "aggregate");

    // Ties: two 无门槛 ¥10 coupons of the same value — fewer coupons, then the smaller id.
    let tie = best_coupons(&cart(json!({
        "lines": [line("a", "A", 1000, 1)],
        "coupons": [
            { "id": "z", "rule": { "kind": "noThreshold", "offFen": 1000 } },
            { "id": "y", "rule": { "kind": "noThreshold", "offFen": 1000 } },
            { "id": "x", "rule": { "kind": "noThreshold", "offFen": 500 }, "scope": { "type": "store", "store": "A" } },
        ],
    })))
    .unwrap();
    assert_eq!(tie.coupon_ids, vec!["y".to_string()]);
    assert_eq!(tie.best.payable_fen, 0);
}

// ---------------------------------------------------------------------------------------------
// Bad input names the field

#[test]
fn bad_input_names_the_field() {
    let l = |price: i64, qty: i64| json!([{ "lineId": "a", "sku": "s", "unitPriceFen": price, "quantity": qty }]);
    assert_eq!(
        err_field(json!({ "lines": l(-1, 1) })),
        (ErrorCode::OutOfRange, "lines[0].unitPriceFen".into())
    );
    assert_eq!(
        err_field(json!({ "lines": l(1, -2) })),
        (ErrorCode::OutOfRange, "lines[0].quantity".into())
    );
    assert_eq!(
        err_field(json!({ "lines": l(1 << 52, 4) })),
        (ErrorCode::Overflow, "lines[0].quantity".into())
    );
    // A product beyond even 64 bits.
    assert_eq!(
        err_field(json!({ "lines": l((1 << 53) - 1, 1 << 40) })),
        (ErrorCode::Overflow, "lines[0].quantity".into())
    );
    assert_eq!(
        err_field(json!({ "lines": [line("a", "S", 1, 1), line("a", "S", 1, 1)] })),
        (ErrorCode::InvalidInput, "lines[1].lineId".into())
    );
    let with = |coupon: serde_json::Value| json!({ "lines": l(100, 1), "coupons": [coupon] });
    assert_eq!(
        err_field(with(
            json!({ "id": "p", "rule": { "kind": "percentage", "percentOff": 120 } })
        )),
        (ErrorCode::OutOfRange, "coupons[0].rule.percentOff".into())
    );
    assert_eq!(
        err_field(with(
            json!({ "id": "p", "rule": { "kind": "percentage", "percentOff": -5 } })
        )),
        (ErrorCode::OutOfRange, "coupons[0].rule.percentOff".into())
    );
    assert_eq!(
        err_field(with(
            json!({ "id": "f", "rule": { "kind": "fullReduction", "thresholdFen": 500, "offFen": 1000 } })
        )),
        (
            ErrorCode::InvalidInput,
            "coupons[0].rule.thresholdFen".into()
        )
    );
    assert_eq!(
        err_field(with(
            json!({ "id": "t", "rule": { "kind": "tiered", "tiers": [{ "thresholdFen": 500, "offFen": 10 }, { "thresholdFen": 400, "offFen": 10 }] } })
        )),
        (
            ErrorCode::InvalidInput,
            "coupons[0].rule.tiers[1].thresholdFen".into()
        )
    );
    assert_eq!(
        err_field(with(
            json!({ "id": "m", "rule": { "kind": "multiBuy", "groupSize": 2, "discountedUnits": 1, "percentOff": 50 } })
        )),
        (ErrorCode::InvalidInput, "coupons[0].rule.kind".into())
    );
    assert_eq!(
        err_field(with(
            json!({ "id": "w", "rule": { "kind": "noThreshold", "offFen": 1 }, "validUntilMs": 5 })
        )),
        (ErrorCode::InvalidInput, "nowMs".into())
    );
    let dup = json!({ "lines": l(100, 1), "promotions": [{ "id": "d", "rule": { "kind": "noThreshold", "offFen": 1 } }],
        "coupons": [{ "id": "d", "rule": { "kind": "noThreshold", "offFen": 1 } }] });
    assert_eq!(
        err_field(dup),
        (ErrorCode::InvalidInput, "coupons[0].id".into())
    );
    // An unknown scope type is a deserialisation error (the binding names `coupons[0].scope`).
    let unknown: Result<CartInput, _> = serde_json::from_value(with(
        json!({ "id": "u", "rule": { "kind": "noThreshold", "offFen": 1 }, "scope": { "type": "galaxy" } }),
    ));
    assert!(unknown.unwrap_err().to_string().contains("galaxy"));
    // A member price above the list price is refused, naming the price.
    let above = json!({ "lines": l(100, 1), "member": { "tier": "x" },
        "promotions": [{ "id": "mp", "rule": { "kind": "memberPrice", "prices": [{ "sku": "s", "unitPriceFen": 200 }] } }] });
    assert_eq!(
        err_field(above),
        (
            ErrorCode::InvalidInput,
            "promotions[0].rule.prices[0].unitPriceFen".into()
        )
    );
}

#[test]
fn refund_input_is_checked() {
    let order = price_cart(&cart(json!({ "lines": [line("a", "S", 1000, 2)] }))).unwrap();
    let bad = |line_id: &str, quantity: i64| {
        let e = refund_lines(
            &order,
            &[Return {
                line_id: line_id.into(),
                quantity,
            }],
            &RefundOptions::default(),
        )
        .unwrap_err();
        (e.code, e.field)
    };
    assert_eq!(
        bad("zz", 1),
        (ErrorCode::NotFound, "returns[0].lineId".into())
    );
    assert_eq!(
        bad("a", 3),
        (ErrorCode::OutOfRange, "returns[0].quantity".into())
    );
    assert_eq!(
        bad("a", 0),
        (ErrorCode::OutOfRange, "returns[0].quantity".into())
    );
    let mut edited = order.clone();
    edited.payable_fen -= 1;
    let e = refund_lines(
        &edited,
        &[Return {
            line_id: "a".into(),
            quantity: 1,
        }],
        &RefundOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.field, "order");
}

// ---------------------------------------------------------------------------------------------
// Codes and the what-if

#[test]
fn codes_are_unique_checkable_and_reproducible() {
    let options = GenerateOptions {
        count: 2000,
        format: CodeFormat::default(),
        seed: Some(7),
    };
    let batch = codes::generate(&options).unwrap();
    assert_eq!(batch.codes.len(), 2000);
    let unique: std::collections::HashSet<&String> = batch.codes.iter().collect();
    assert_eq!(unique.len(), 2000);
    assert_eq!(
        batch.codes,
        codes::generate(&options).unwrap().codes,
        "same seed, same batch"
    );
    let format = CodeFormat::default();
    for code in &batch.codes {
        assert_eq!(code.len(), 11);
        assert!(code.chars().all(|c| codes::DEFAULT_ALPHABET.contains(c)));
        assert!(codes::validate(code, &format).unwrap().valid);
    }
    // Lower case and hyphens are normalised; every single-character change is caught.
    let code = &batch.codes[0];
    let spaced = format!("{}-{}", &code[..5], &code[5..]).to_lowercase();
    assert!(codes::validate(&spaced, &format).unwrap().valid);
    let alphabet: Vec<char> = codes::DEFAULT_ALPHABET.chars().collect();
    for pos in 0..code.len() {
        for &c in &alphabet {
            let mut chars: Vec<char> = code.chars().collect();
            if chars[pos] == c {
                continue;
            }
            chars[pos] = c;
            let changed: String = chars.into_iter().collect();
            assert_eq!(
                codes::validate(&changed, &format).unwrap().problem,
                Some("checkCharacter"),
                "{changed}"
            );
        }
    }
    assert_eq!(
        codes::validate("O0O0O0O0O0O", &format).unwrap().problem,
        Some("character")
    );
    // Adjacent swaps are caught too (prime alphabet).
    let mut chars: Vec<char> = code.chars().collect();
    for pos in 0..chars.len() - 1 {
        if chars[pos] != chars[pos + 1] {
            chars.swap(pos, pos + 1);
            let swapped: String = chars.iter().collect();
            assert!(
                !codes::validate(&swapped, &format).unwrap().valid,
                "{swapped}"
            );
            chars.swap(pos, pos + 1);
        }
    }
    // Too short for the batch: refused rather than guessable.
    let short = GenerateOptions {
        count: 100_000,
        format: CodeFormat {
            length: 4,
            ..CodeFormat::default()
        },
        seed: Some(1),
    };
    assert_eq!(codes::generate(&short).unwrap_err().field, "length");
}

#[test]
fn a_million_codes_without_a_collision() {
    // 31^7 ≈ 2.75e10 codes: a batch of 1e6 meets about 1e12 / (2 · 2.75e10) ≈ 18 birthday
    // collisions; each is rejected and drawn again.
    let options = GenerateOptions {
        count: 1_000_000,
        format: CodeFormat {
            length: 7,
            ..CodeFormat::default()
        },
        seed: Some(11),
    };
    let batch = codes::generate(&options).unwrap();
    let unique: std::collections::HashSet<&String> = batch.codes.iter().collect();
    assert_eq!(unique.len(), 1_000_000);
    assert!(
        (3..60).contains(&batch.duplicates_rejected),
        "{}",
        batch.duplicates_rejected
    );
    // 31^6 ≈ 8.9e8: fewer than 1024 possible codes per issued one, refused.
    let short = GenerateOptions {
        format: CodeFormat {
            length: 6,
            ..CodeFormat::default()
        },
        ..options
    };
    assert_eq!(codes::generate(&short).unwrap_err().field, "length");
}

#[test]
fn what_if_counts_the_top_ups() {
    // 满100减10, orders 50, 85, 95, 99.50, 100, 150; reach ¥20 → near misses 85, 95, 99.50
    // (gaps 15, 5, 0.50); 30% of 3 = 0.9 → 1 tops up: the closest, 99.50 → 100 (+0.50).
    // Cost: 100, 150 and the topped-up 100 → 3 × 10 = 30 (20 without top-ups).
    let amounts = [5000, 8500, 9500, 9950, 10000, 15000];
    let options: WhatIfOptions = serde_json::from_value(json!({
        "rule": { "kind": "fullReduction", "thresholdFen": 10000, "offFen": 1000 }, "reachFen": 2000,
    }))
    .unwrap();
    let w = what_if(&amounts, &options).unwrap();
    assert_eq!(
        (w.orders, w.qualifying, w.near_miss, w.pushed_over),
        (6, 2, 3, 1)
    );
    assert_eq!(
        (w.cost_fen, w.cost_without_top_up_fen, w.top_up_fen),
        (3000, 2000, 50)
    );
    // Bins of ¥10 from ¥0 to ¥200: 99.50 moves from the 90–100 bin to the 100–110 bin.
    assert_eq!(w.histogram.bin_fen, 1000);
    assert_eq!(w.histogram.before[9], 2);
    assert_eq!(w.histogram.after[9], 1);
    assert_eq!(w.histogram.after[10], 2);
}

// ---------------------------------------------------------------------------------------------
// Properties

fn arb_cart() -> impl Strategy<Value = CartInput> {
    let lines = proptest::collection::vec((0..4usize, 0..3usize, 0i64..40_000, 1i64..5), 1..12);
    let offers = proptest::collection::vec(
        (
            0..6usize,
            0..5usize,
            0i64..60_000,
            0i64..100,
            any::<bool>(),
            any::<bool>(),
        ),
        0..10,
    );
    (lines, offers, 0i64..1500).prop_map(|(lines, offers, shipping)| {
        let lines: Vec<serde_json::Value> = lines
            .iter()
            .enumerate()
            .map(|(i, &(store, cat, price, qty))| {
                json!({ "lineId": format!("L{i}"), "sku": format!("sku{}", i % 5), "category": format!("c{cat}"),
                        "store": format!("S{store}"), "unitPriceFen": price, "quantity": qty })
            })
            .collect();
        let coupons: Vec<serde_json::Value> = offers
            .iter()
            .enumerate()
            .map(|(i, &(kind, scope, threshold, pct, stackable, running))| {
                let off = threshold * pct / 100;
                let rule = match kind {
                    0 => json!({ "kind": "fullReduction", "thresholdFen": threshold, "offFen": off }),
                    1 => json!({ "kind": "noThreshold", "offFen": off }),
                    2 => json!({ "kind": "percentage", "percentOff": pct, "capFen": threshold }),
                    3 => json!({ "kind": "everyReduction", "everyFen": threshold.max(1), "offFen": off }),
                    4 => json!({ "kind": "tiered", "tiers": [{ "thresholdFen": threshold, "offFen": off }, { "thresholdFen": threshold * 2 + 1, "offFen": off * 2 }] }),
                    _ => json!({ "kind": "freeShipping", "thresholdFen": threshold }),
                };
                let scope = match scope {
                    0 => json!({ "type": "order" }),
                    1 => json!({ "type": "store", "store": format!("S{}", i % 4) }),
                    2 => json!({ "type": "categories", "categories": [format!("c{}", i % 3)], "store": format!("S{}", i % 2) }),
                    3 => json!({ "type": "platform", "stores": ["S0", "S1", "S2"] }),
                    // Partly overlaps the platform scopes: the search prices line by line.
                    _ => json!({ "type": "categories", "categories": ["c0"] }),
                };
                json!({ "id": format!("C{i}"), "rule": rule, "scope": scope, "stackable": stackable || i % 3 != 0,
                        "thresholdBasis": if running { "running" } else { "preCoupon" } })
            })
            .collect();
        let promotions = json!([
            { "id": "P-half", "rule": { "kind": "multiBuy", "groupSize": 2, "discountedUnits": 1, "percentOff": 50 }, "scope": { "type": "skus", "skus": ["sku1"] } },
            { "id": "P-cross", "rule": { "kind": "everyReduction", "everyFen": 30000, "offFen": 3000 }, "scope": { "type": "platform" } },
        ]);
        cart(json!({ "lines": lines, "coupons": coupons, "promotions": promotions, "shippingFen": shipping }))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn shares_sum_and_nothing_goes_negative(input in arb_cart()) {
        let p = price_cart(&input).unwrap();
        for a in &p.applied {
            if !a.shares.is_empty() {
                prop_assert_eq!(a.shares.iter().sum::<i64>(), a.discount_fen);
            }
            prop_assert!(a.shares.iter().all(|&s| s >= 0));
        }
        prop_assert!(p.lines.iter().all(|l| l.payable_fen >= 0));
        prop_assert_eq!(p.lines.iter().map(|l| l.payable_fen).sum::<i64>() + p.shipping_fen - p.shipping_discount_fen, p.payable_fen);
        prop_assert!(p.payable_fen >= 0);
    }

    #[test]
    fn best_is_no_worse_than_any_subset_and_adding_a_coupon_never_hurts(input in arb_cart()) {
        let best = best_coupons(&input).unwrap();
        // Exhaustive check against priceCart on every subset of up to 6 coupons.
        let n = input.coupons.len().min(6);
        let mut small = input.clone();
        small.coupons.truncate(n);
        let best_small = best_coupons(&small).unwrap();
        for mask in 0u32..(1 << n) {
            let mut sub = small.clone();
            sub.coupons = (0..n).filter(|k| mask >> k & 1 == 1).map(|k| small.coupons[k].clone()).collect();
            let priced = price_cart(&sub).unwrap();
            prop_assert!(best_small.best.payable_fen <= priced.payable_fen);
        }
        prop_assert!(best.best.payable_fen <= best_small.best.payable_fen);
    }

    #[test]
    fn a_resident_cart_prices_exactly_as_price_cart(input in arb_cart()) {
        resident_agrees(&input);
    }

    /// Toggled back and forth, so most pricings find their splits remembered from earlier
    /// ones (the memo of a resident cart): each is still exactly priceCart's.
    #[test]
    fn a_resident_cart_repriced_as_coupons_are_toggled_prices_as_price_cart_each_time(
        input in arb_cart(),
        toggles in proptest::collection::vec(0usize..10, 1..16),
    ) {
        let mut cart = Cart::new(input.lines.clone()).unwrap();
        cart.set_terms(terms_of(&input)).unwrap();
        let mut on = vec![true; input.coupons.len()];
        for (turn, &k) in toggles.iter().enumerate() {
            if let Some(slot) = on.get_mut(k) {
                *slot = !*slot;
            }
            // Every other turn prices the same coupons again.
            for _ in 0..1 + turn % 2 {
                let mut narrowed = input.clone();
                narrowed.coupons = (input.coupons.iter().zip(&on)).filter(|(_, &on)| on).map(|(c, _)| c.clone()).collect();
                let ids: Vec<String> = narrowed.coupons.iter().map(|c| c.id.clone()).collect();
                prop_assert_eq!(cart.price(Some(&ids)).unwrap(), as_columns(price_cart(&narrowed).unwrap()));
            }
        }
    }

    #[test]
    fn full_refund_returns_what_was_paid(input in arb_cart(), split_at in 0usize..12) {
        let order = price_cart(&input).unwrap();
        let all: Vec<Return> = order.lines.iter().map(|l| Return { line_id: l.line_id.clone(), quantity: l.quantity }).collect();
        let once = refund_lines(&order, &all, &RefundOptions::default()).unwrap();
        prop_assert_eq!(once.keep.refund_fen, order.payable_fen);
        prop_assert_eq!(once.claw_back.refund_fen, order.payable_fen);
        // In two steps, under keep: the two refunds sum to what was paid.
        let k = split_at.min(all.len());
        let (first, second) = all.split_at(k);
        if !first.is_empty() && !second.is_empty() {
            let a = refund_lines(&order, first, &RefundOptions::default()).unwrap();
            let b = refund_lines(&order, second, &RefundOptions { previous_returns: first.to_vec() }).unwrap();
            prop_assert_eq!(a.keep.refund_fen + b.keep.refund_fen, order.payable_fen);
            if a.claw_back.shortfall_fen == 0 && b.claw_back.shortfall_fen == 0 {
                prop_assert_eq!(a.claw_back.refund_fen + b.claw_back.refund_fen, order.payable_fen);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reference vectors from an independent Python implementation (tests/reference/coupons/gen.py)

#[test]
fn agrees_with_the_python_reference() {
    let text = include_str!("reference/coupons/vectors.json");
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 300);
    for (k, v) in vectors.iter().enumerate() {
        let input = cart(v["cart"].clone());
        let priced = price_cart(&input).unwrap();
        let want = &v["priced"];
        assert_eq!(
            priced.payable_fen,
            want["payableFen"].as_i64().unwrap(),
            "vector {k}: payable"
        );
        let got: Vec<(String, i64, Vec<i64>)> = priced
            .applied
            .iter()
            .map(|a| (a.id.clone(), a.discount_fen, a.shares.to_vec()))
            .collect();
        let expected: Vec<(String, i64, Vec<i64>)> = want["applied"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let shares = a["shares"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_i64().unwrap())
                    .collect();
                (
                    a["id"].as_str().unwrap().to_string(),
                    a["discountFen"].as_i64().unwrap(),
                    shares,
                )
            })
            .collect();
        assert_eq!(got, expected, "vector {k}: applied offers and shares");
        let best = best_coupons(&input).unwrap();
        assert_eq!(
            best.best.payable_fen,
            v["best"]["payableFen"].as_i64().unwrap(),
            "vector {k}: best payable"
        );
        let mut ids = best.coupon_ids.clone();
        ids.sort();
        let want_ids: Vec<String> = v["best"]["couponIds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, want_ids, "vector {k}: best coupons");
        resident_agrees(&input);
    }
}

#[test]
fn a_resident_cart_names_what_is_wrong_and_keeps_working() {
    let lines: Vec<yunying::coupon::Line> =
        serde_json::from_value(json!([line("a", "S", 1000, 1), line("b", "S", -5, 1),])).unwrap();
    let e = Cart::new(lines).err().unwrap();
    assert_eq!(
        (e.code, e.field.as_str()),
        (ErrorCode::OutOfRange, "lines[1].unitPriceFen")
    );

    let input = cart(json!({
        "lines": [line("a", "S", 6000, 1), line("b", "T", 4000, 1)],
        "coupons": [
            { "id": "s5", "rule": { "kind": "noThreshold", "offFen": 500 }, "scope": { "type": "store", "store": "S" } },
            { "id": "p10", "rule": { "kind": "fullReduction", "thresholdFen": 9000, "offFen": 1000 } },
        ],
    }));
    let mut resident = Cart::new(input.lines.clone()).unwrap();
    resident.set_terms(terms_of(&input)).unwrap();
    let before = resident.price(None).unwrap();
    // 10000 − 500 − 1000.
    assert_eq!(before.payable_fen, 8500);

    let mut bad = terms_of(&input);
    bad.coupons[1].id = "s5".into();
    let e = resident.set_terms(bad).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (ErrorCode::InvalidInput, "coupons[1].id")
    );
    // The rejected terms left the cart as it was.
    assert_eq!(resident.price(None).unwrap(), before);

    let ids = |ids: &[&str]| -> Vec<String> { ids.iter().map(|s| s.to_string()).collect() };
    let e = resident.price(Some(&ids(&["p10", "nope"]))).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (ErrorCode::NotFound, "couponIds[1]")
    );
    let e = resident.price(Some(&ids(&["p10", "p10"]))).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (ErrorCode::InvalidInput, "couponIds[1]")
    );
    // Only the platform coupon: 10000 − 1000.
    assert_eq!(
        resident.price(Some(&ids(&["p10"]))).unwrap().payable_fen,
        9000
    );
    assert_eq!(resident.price(Some(&[])).unwrap().payable_fen, 10000);
}

#[test]
fn a_coupon_that_takes_nothing_is_never_part_of_a_combination() {
    // ¥99.50 with 无门槛¥3 (store) and a platform 满99减10 judged on the running amount: after the
    // ¥3, 96.50 < 99, so "¥3 + 满99" pays 96.50 like "¥3" alone and is not listed.
    // Best: 满99减10 alone (99.50 ≥ 99) → 89.50; then ¥3 → 96.50; then no coupon → 99.50.
    let best = best_coupons(&cart(json!({
        "lines": [line("a", "S", 9950, 1)],
        "coupons": [
            { "id": "s3", "rule": { "kind": "noThreshold", "offFen": 300 }, "scope": { "type": "store", "store": "S" } },
            { "id": "p10", "rule": { "kind": "fullReduction", "thresholdFen": 9900, "offFen": 1000 }, "thresholdBasis": "running" },
        ],
    })))
    .unwrap();
    assert_eq!(best.coupon_ids, vec!["p10".to_string()]);
    let alt: Vec<(Vec<String>, i64)> = best
        .alternatives
        .iter()
        .map(|a| (a.coupon_ids.clone(), a.payable_fen))
        .collect();
    assert_eq!(alt, vec![(vec!["s3".to_string()], 9650), (vec![], 9950)]);
}

#[test]
fn a_stage_or_source_name_is_the_name_serde_writes() {
    for stage in STAGES {
        assert_eq!(serde_json::to_value(stage).unwrap(), stage.name());
    }
    for source in [Source::Promotion, Source::Coupon] {
        assert_eq!(serde_json::to_value(source).unwrap(), source.name());
    }
}

#[test]
fn a_reason_code_is_the_code_serde_writes() {
    let with = || "x".to_string();
    for reason in [
        Reason::BelowThreshold { short_fen: 1 },
        Reason::UnitsShort { short_units: 1 },
        Reason::OutOfScope,
        Reason::Expired { valid_until_ms: 1 },
        Reason::NotYetValid { valid_from_ms: 1 },
        Reason::NotStackable { with: with() },
        Reason::SameGroup { with: with() },
        Reason::NoDiscount,
        Reason::NotMember,
        Reason::TierNotEligible { tier: with() },
        Reason::MemberSpendShort { short_fen: 1 },
        Reason::NotBest,
    ] {
        let value = serde_json::to_value(&reason).unwrap();
        assert_eq!(value["code"], reason.code(), "{reason:?}");
        // At most one field besides the code: the tape writes it without its name.
        assert!(value.as_object().unwrap().len() <= 2, "{reason:?}");
    }
}
