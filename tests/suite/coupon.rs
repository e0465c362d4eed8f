use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::cart::Cart;
use yunying::wasm::coupon::{
    best_coupons_js, generate_coupon_codes, price_cart_tape, promotion_what_if, refund_lines_js,
    validate_coupon_code,
};
use yunying::wasm::events::EventLog;

use super::support::{assert_error, js, num, prop};

fn array(value: &JsValue, key: &str) -> js_sys::Array {
    js_sys::Array::from(&prop(value, key))
}

// Three ¥10.00 lines, a ¥10.00 无门槛 coupon: shares 334 + 333 + 333, payable 2000.
const TENS: &str = r#"{
  "lines": [
    { "lineId": "a", "sku": "a", "store": "S", "unitPriceFen": 1000, "quantity": 1 },
    { "lineId": "b", "sku": "b", "store": "S", "unitPriceFen": 1000, "quantity": 1 },
    { "lineId": "c", "sku": "c", "store": "S", "unitPriceFen": 1000, "quantity": 1 }
  ],
  "coupons": [
    { "id": "ten", "rule": { "kind": "noThreshold", "offFen": 1000 } },
    { "id": "m50", "rule": { "kind": "fullReduction", "thresholdFen": 5000, "offFen": 800 }, "scope": { "type": "store", "store": "S" } }
  ]
}"#;

#[wasm_bindgen_test]
fn best_coupons_and_a_refund_round_trip() {
    let best = best_coupons_js(js(TENS)).unwrap();
    let ids: Vec<String> = array(&best, "couponIds")
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect();
    assert_eq!(ids, vec!["ten".to_string()]);
    // The priced order goes back in as it came out.
    let order = prop(&best, "best");
    let all = js(
        r#"[{ "lineId": "a", "quantity": 1 }, { "lineId": "b", "quantity": 1 }, { "lineId": "c", "quantity": 1 }]"#,
    );
    let refund = refund_lines_js(order.clone(), all, JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&prop(&refund, "keep"), "refundFen"), 2000.0);
    let one = refund_lines_js(
        order,
        js(r#"[{ "lineId": "a", "quantity": 1 }]"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(num(&prop(&refund, "clawBack"), "refundFen"), 2000.0);
    assert_eq!(num(&prop(&one, "keep"), "refundFen"), 666.0);
}

#[wasm_bindgen_test]
fn codes_and_what_if() {
    let batch = generate_coupon_codes(js(
        r#"{ "count": 50, "seed": 3, "format": { "prefix": "YY" } }"#,
    ))
    .unwrap();
    let codes = array(&batch, "codes");
    assert_eq!(codes.length(), 50);
    let code = codes.get(0).as_string().unwrap();
    let check = validate_coupon_code(&code, js(r#"{ "prefix": "YY" }"#)).unwrap();
    assert_eq!(prop(&check, "valid").as_bool(), Some(true));
    // Unseeded batches come from the system's randomness (crypto.getRandomValues).
    let random = generate_coupon_codes(js(r#"{ "count": 2 }"#)).unwrap();
    assert_eq!(prop(&random, "seeded").as_bool(), Some(false));

    let amounts = js_sys::Float64Array::from(&[5000.0, 9500.0, 9950.0, 10000.0][..]);
    let w = promotion_what_if(amounts.into(), js(r#"{ "rule": { "kind": "fullReduction", "thresholdFen": 10000, "offFen": 1000 }, "reachFen": 1000 }"#)).unwrap();
    assert_eq!(num(&w, "nearMiss"), 2.0);
    assert_eq!(num(&w, "pushedOver"), 1.0);
    assert_eq!(num(&w, "costFen"), 2000.0);

    let log = EventLog::from_rows(
        js(r#"[{ "user": 1, "ts": 1762862400000, "event": "pay", "amount": 9950 }, { "user": 2, "ts": 1762862400000, "event": "pay", "amount": 12000 }]"#),
        js(r#"{ "props": { "amount": "money" } }"#),
    )
    .unwrap();
    let w = log
        .promotion_what_if(
            js(r#"{ "event": "pay", "prop": "amount" }"#),
            js(r#"{ "rule": { "kind": "fullReduction", "thresholdFen": 10000, "offFen": 1000 } }"#),
        )
        .unwrap();
    assert_eq!(num(&w, "orders"), 2.0);
    assert_eq!(num(&w, "qualifying"), 1.0);
}

#[wasm_bindgen_test]
fn bad_input_is_a_typed_error_and_the_module_keeps_working() {
    let with_line = |line: &str| js(&format!(r#"{{ "lines": [{line}] }}"#));
    assert_error(
        price_cart_tape(with_line(
            r#"{ "lineId": "a", "sku": "a", "unitPriceFen": -1, "quantity": 1 }"#,
        )),
        "OUT_OF_RANGE",
        "lines[0].unitPriceFen",
    );
    assert_error(
        price_cart_tape(with_line(
            r#"{ "lineId": "a", "sku": "a", "unitPriceFen": 1.5, "quantity": 1 }"#,
        )),
        "INVALID_INPUT",
        "lines[0].unitPriceFen",
    );
    assert_error(
        price_cart_tape(with_line(
            r#"{ "lineId": "a", "sku": "a", "unitPriceFen": 1, "quantity": -3 }"#,
        )),
        "OUT_OF_RANGE",
        "lines[0].quantity",
    );
    assert_error(
        price_cart_tape(with_line(
            r#"{ "lineId": "a", "sku": "a", "unitPriceFen": 4503599627370496, "quantity": 3 }"#,
        )),
        "OVERFLOW",
        "lines[0].quantity",
    );
    let coupon = |c: &str| {
        js(&format!(
            r#"{{ "lines": [{{ "lineId": "a", "sku": "a", "unitPriceFen": 100, "quantity": 1 }}], "coupons": [{c}] }}"#
        ))
    };
    assert_error(
        best_coupons_js(coupon(
            r#"{ "id": "p", "rule": { "kind": "percentage", "percentOff": 150 } }"#,
        )),
        "OUT_OF_RANGE",
        "coupons[0].rule.percentOff",
    );
    assert_error(
        price_cart_tape(coupon(
            r#"{ "id": "f", "rule": { "kind": "fullReduction", "thresholdFen": 10, "offFen": 20 } }"#,
        )),
        "INVALID_INPUT",
        "coupons[0].rule.thresholdFen",
    );
    assert_error(
        price_cart_tape(coupon(
            r#"{ "id": "s", "rule": { "kind": "noThreshold", "offFen": 1 }, "scope": { "type": "galaxy" } }"#,
        )),
        "INVALID_INPUT",
        "coupons[0].scope.type",
    );
    assert_error(
        price_cart_tape(coupon(r#"{ "id": "k", "rule": { "kind": "bogus" } }"#)),
        "INVALID_INPUT",
        "coupons[0].rule.kind",
    );
    assert_error(
        price_cart_tape(JsValue::from_str("cart")),
        "INVALID_INPUT",
        "",
    );
    // The lines are read apart from the rest: each part still names its field.
    assert_error(
        price_cart_tape(js(r#"{ "coupons": [] }"#)),
        "INVALID_INPUT",
        "lines",
    );
    assert_error(
        price_cart_tape(with_line(
            r#"{ "lineId": "a", "sku": "a", "unitPriceFen": 1, "quantity": 1, "colour": "red" }"#,
        )),
        "INVALID_INPUT",
        "lines[0].colour",
    );
    assert_error(
        price_cart_tape(js(r#"{ "lines": [], "shipingFen": 100 }"#)),
        "INVALID_INPUT",
        "shipingFen",
    );
    assert_error(
        generate_coupon_codes(js(r#"{ "count": 0 }"#)),
        "OUT_OF_RANGE",
        "count",
    );
    assert_error(
        generate_coupon_codes(js(r#"{ "count": 5, "format": { "alphabet": "AAB" } }"#)),
        "INVALID_INPUT",
        "alphabet",
    );
    let amounts = js("[100, -5]");
    assert_error(
        promotion_what_if(
            amounts,
            js(r#"{ "rule": { "kind": "noThreshold", "offFen": 1 } }"#),
        ),
        "OUT_OF_RANGE",
        "amounts[1]",
    );
    assert_error(
        promotion_what_if(
            js("[100]"),
            js(r#"{ "rule": { "kind": "percentage", "percentOff": 101 } }"#),
        ),
        "OUT_OF_RANGE",
        "options.rule.percentOff",
    );
    // Still answering.
    let best = best_coupons_js(js(TENS)).unwrap();
    assert_eq!(num(&prop(&best, "best"), "payableFen"), 2000.0);
}

fn strings(ids: &[&str]) -> JsValue {
    ids.iter()
        .map(|id| JsValue::from_str(id))
        .collect::<js_sys::Array>()
        .into()
}

// What `Cart.price` returns is read from its tape by the JS layer, so its numbers are checked
// through the package in tests/e2e/cart-api.test.mjs; here, that the binding loads, prices and
// picks.
#[wasm_bindgen_test]
fn a_resident_cart_loads_from_lines_or_columns_and_prices() {
    let lines = prop(&js(TENS), "lines");
    let terms = js(r#"{ "coupons": [
        { "id": "ten", "rule": { "kind": "noThreshold", "offFen": 1000 } },
        { "id": "m50", "rule": { "kind": "fullReduction", "thresholdFen": 5000, "offFen": 800 }, "scope": { "type": "store", "store": "S" } }
    ] }"#);
    let cart = Cart::from_lines(lines, terms).unwrap();
    assert_eq!(cart.length(), 3);
    assert!(cart.price_tape(JsValue::UNDEFINED, None, &[]).unwrap() > 0);
    assert!(cart.price_tape(strings(&["m50"]), None, &[]).unwrap() > 0);
    let best = cart.best_coupons().unwrap();
    assert_eq!(num(&prop(&best, "best"), "payableFen"), 2000.0);

    let columns = js(
        r#"{ "lineId": ["a", "b", "c"], "sku": ["a", "b", "c"], "store": ["S", "S", "S"],
        "unitPriceFen": [1000, 1000, 1000], "quantity": [1, 1, 1] }"#,
    );
    let mut from_columns = Cart::from_columns(columns, JsValue::UNDEFINED).unwrap();
    assert_eq!(from_columns.length(), 3);
    from_columns
        .set_terms(js(r#"{ "coupons": [{ "id": "ten", "rule": { "kind": "noThreshold", "offFen": 1000 } }] }"#))
        .unwrap();
    let best = from_columns.best_coupons().unwrap();
    assert_eq!(num(&prop(&best, "best"), "payableFen"), 2000.0);
}

#[wasm_bindgen_test]
fn a_resident_cart_rejects_bad_input_by_field_and_keeps_answering() {
    let line = |price: &str| {
        format!(r#"{{ "lineId": "x", "sku": "x", "unitPriceFen": {price}, "quantity": 1 }}"#)
    };
    let lines = format!(
        "[{}, {}, {}, {}]",
        line("1").replace("\"x\"", "\"a\""),
        line("2").replace("\"x\"", "\"b\""),
        line("3").replace("\"x\"", "\"c\""),
        line("-4").replace("\"x\"", "\"d\""),
    );
    assert_error(
        Cart::from_lines(js(&lines), JsValue::UNDEFINED),
        "OUT_OF_RANGE",
        "lines[3].unitPriceFen",
    );
    assert_error(
        Cart::from_lines(js(&lines.replace("-4", "4.5")), JsValue::UNDEFINED),
        "INVALID_INPUT",
        "lines[3].unitPriceFen",
    );
    assert_error(
        Cart::from_lines(js(r#"{ "lineId": "a" }"#), JsValue::UNDEFINED),
        "INVALID_INPUT",
        "lines",
    );
    let columns = |price: &str| {
        js(&format!(
            r#"{{ "lineId": ["a", "b"], "sku": ["a", "b"], "unitPriceFen": [100, {price}], "quantity": [1, 2] }}"#
        ))
    };
    assert_error(
        Cart::from_columns(columns("1.5"), JsValue::UNDEFINED),
        "INVALID_INPUT",
        "unitPriceFen[1]",
    );
    assert_error(
        Cart::from_columns(columns("-1"), JsValue::UNDEFINED),
        "OUT_OF_RANGE",
        "unitPriceFen[1]",
    );
    assert_error(
        Cart::from_columns(
            js(
                r#"{ "lineId": ["a", "b"], "sku": ["a"], "unitPriceFen": [1, 2], "quantity": [1, 1] }"#,
            ),
            JsValue::UNDEFINED,
        ),
        "INVALID_INPUT",
        "sku",
    );

    let mut cart = Cart::from_lines(
        prop(&js(TENS), "lines"),
        js(r#"{ "coupons": [{ "id": "ten", "rule": { "kind": "noThreshold", "offFen": 1000 } }] }"#),
    )
    .unwrap();
    assert_error(
        cart.set_terms(js(
            r#"{ "coupons": [{ "id": "p", "rule": { "kind": "percentage", "percentOff": 150 } }] }"#,
        )),
        "OUT_OF_RANGE",
        "coupons[0].rule.percentOff",
    );
    assert_error(
        cart.set_terms(js(r#"{ "lines": [] }"#)),
        "INVALID_INPUT",
        "lines",
    );
    assert_error(
        cart.price_tape(strings(&["nope"]), None, &[]),
        "NOT_FOUND",
        "couponIds[0]",
    );
    assert_error(
        cart.price_tape(js("[1]"), None, &[]),
        "INVALID_INPUT",
        "couponIds[0]",
    );
    // After the rejected calls the cart still answers, under its previous terms.
    let best = cart.best_coupons().unwrap();
    assert_eq!(num(&prop(&best, "best"), "payableFen"), 2000.0);
    assert!(price_cart_tape(js(TENS)).unwrap() > 0);
}
