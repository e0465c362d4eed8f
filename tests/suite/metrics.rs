use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::events::EventLog;

use super::support::{assert_error, js, num, prop};

/// u1 views, clicks, orders and pays 12.34 on 11-03 and orders again on 11-04; u2 views on both
/// days and shares; amounts in yuan; Beijing time.
fn log() -> EventLog {
    EventLog::from_rows(
        js(r#"[
            { "user": "u1", "ts": "2025-11-03 10:00", "event": "view" },
            { "user": "u1", "ts": "2025-11-03 10:01", "event": "click", "city": "上海" },
            { "user": "u1", "ts": "2025-11-03 10:02", "event": "order" },
            { "user": "u1", "ts": "2025-11-03 10:03", "event": "pay", "amount": "12.34" },
            { "user": "u1", "ts": "2025-11-04 10:02", "event": "order" },
            { "user": "u2", "ts": "2025-11-03 11:00", "event": "view" },
            { "user": "u2", "ts": "2025-11-04 11:00", "event": "view" },
            { "user": "u2", "ts": "2025-11-04 11:01", "event": "share" }
        ]"#),
        js(r#"{ "props": { "amount": "money" } }"#),
    )
    .unwrap()
}

fn numbers(value: &JsValue) -> Vec<f64> {
    js_sys::Array::from(value)
        .iter()
        .map(|v| v.as_f64().unwrap_or(f64::NAN))
        .collect()
}

#[wasm_bindgen_test]
fn active_users_and_stickiness() {
    let a = log().active_users(None).unwrap();
    assert_eq!(numbers(&prop(&a, "dau")), vec![2.0, 2.0]);
    assert_eq!(numbers(&prop(&a, "mau")), vec![2.0, 2.0]);
    let s = prop(&a, "stickiness");
    // Two days of data: the window is those two days; 4 user-days / (2 days × 2 users).
    assert_eq!(num(&s, "days"), 2.0);
    assert_eq!(num(&s, "dauOverMau"), 1.0);
    let d = log()
        .stickiness_distribution(Some(js(r#"{ "event": "view", "days": 7 }"#)))
        .unwrap();
    // u1 viewed on one day, u2 on two.
    assert_eq!(
        numbers(&prop(&d, "users")),
        vec![0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    );
}

#[wasm_bindgen_test]
fn commerce_numbers() {
    let log = log();
    let r = log
        .revenue(js(r#"{ "payEvent": "pay", "amountProp": "amount" }"#))
        .unwrap();
    assert_eq!(num(&r, "gmvFen"), 1234.0);
    assert_eq!(num(&r, "arpuFen"), 617.0);
    assert_eq!(num(&r, "arppuFen"), 1234.0);
    let r = log.repurchase(js(r#"{ "orderEvent": "order" }"#)).unwrap();
    assert_eq!(num(&r, "repeatBuyers"), 1.0);
    let c = log
        .conversion(js(
            r#"{ "impressionEvent": "view", "clickEvent": "click", "orderEvent": "order" }"#,
        ))
        .unwrap();
    assert_eq!((num(&c, "ctr"), num(&c, "cvr")), (1.0 / 3.0, 2.0));
    let p = log
        .penetration(js(
            r#"{ "features": ["share"], "from": "2025-11-04", "to": "2025-11-04" }"#,
        ))
        .unwrap();
    assert_eq!(num(&p, "activeUsers"), 2.0);
    let first = js_sys::Array::from(&prop(&p, "features")).get(0);
    assert_eq!(num(&first, "rate"), 0.5);
}

#[wasm_bindgen_test]
fn bad_metric_input_is_a_typed_error_and_the_module_keeps_working() {
    let log = log();
    assert_error(
        log.revenue(js(r#"{ "payEvent": "pay", "amountProp": "city" }"#)),
        "INVALID_INPUT",
        "amountProp",
    );
    assert_error(
        log.revenue(js(r#"{ "payEvent": "pay" }"#)),
        "INVALID_INPUT",
        "amountProp",
    );
    assert_error(
        log.repurchase(js(r#"{ "orderEvent": "order", "minOrder": 3 }"#)),
        "INVALID_INPUT",
        "minOrder",
    );
    assert_error(
        log.penetration(js(r#"{ "features": ["share", "like"] }"#)),
        "NOT_FOUND",
        "features[1]",
    );
    assert_error(
        log.stickiness_distribution(Some(js(r#"{ "days": -1 }"#))),
        "OUT_OF_RANGE",
        "days",
    );
    assert_error(
        log.active_users(Some(js(r#"{ "from": "2025-11-05", "to": "2025-11-04" }"#))),
        "INVALID_INPUT",
        "to",
    );
    assert_eq!(
        numbers(&prop(
            &log.active_users(Some(JsValue::NULL)).unwrap(),
            "dau"
        ))
        .len(),
        2
    );
}
