use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::events::EventLog;

use super::support::{assert_error, js, num, prop};

fn columns() -> JsValue {
    let input =
        js(r#"{ "event": ["view", "pay", "view"], "props": { "channel": ["app", "web", null] } }"#);
    let user = js_sys::Uint32Array::from(&[7u32, 7, 9][..]);
    let ts = js_sys::Float64Array::from(
        &[1_762_862_400_000.0, 1_762_862_460_000.0, 1_762_862_400.0][..],
    );
    js_sys::Reflect::set(&input, &"user".into(), &user).unwrap();
    js_sys::Reflect::set(&input, &"ts".into(), &ts).unwrap();
    input
}

#[wasm_bindgen_test]
fn columns_from_typed_arrays() {
    let log = EventLog::from_columns(columns()).unwrap();
    let summary = log.summary().unwrap();
    assert_eq!(num(&summary, "events"), 3.0);
    assert_eq!(num(&summary, "users"), 2.0);
    // 1762862400 is seconds (below 1e11): the same instant as the first event.
    assert_eq!(num(&summary, "firstTs"), 1_762_862_400_000.0);
    assert_eq!(num(&summary, "lastTs"), 1_762_862_460_000.0);
    let dau = log
        .daily_active(js(r#"{ "utcOffsetMinutes": 480 }"#))
        .unwrap();
    let users = js_sys::Array::from(&prop(&dau, "users"));
    assert_eq!(users.length(), 1);
    assert_eq!(users.get(0).as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn csv_with_money_and_bom() {
    let text = "\u{feff}user,ts,event,amount\r\nu1,2025-11-11 20:00:00,pay,99.50\r\nu2,2025-11-11 21:00:00,pay,\"1,000.01\"\r\n";
    let log = EventLog::from_csv(text, js(r#"{ "props": { "amount": "money" } }"#)).unwrap();
    let total = log
        .money_total(js(r#"{ "event": "pay", "prop": "amount" }"#))
        .unwrap();
    assert_eq!(num(&total, "totalFen"), 109_951.0);
    assert_eq!(num(&total, "users"), 2.0);
}

#[wasm_bindgen_test]
fn rows_infer_types() {
    let rows = js(
        r#"[{ "user": "a", "ts": "2025-11-11T12:00:00Z", "event": "pay", "amount": 1230, "city": "上海" },
                      { "user": "b", "ts": 1762862400000, "event": "view" }]"#,
    );
    let log = EventLog::from_rows(rows, js(r#"{ "props": { "amount": "money" } }"#)).unwrap();
    let total = log
        .money_total(js(r#"{ "event": "pay", "prop": "amount" }"#))
        .unwrap();
    assert_eq!(num(&total, "totalFen"), 1230.0);
}

#[wasm_bindgen_test]
fn bad_input_is_a_typed_error_and_the_module_keeps_working() {
    assert_error(
        EventLog::from_csv("user,ts,event\nu,2024-13-01,v\n", JsValue::UNDEFINED),
        "PARSE_ERROR",
        "ts",
    );
    assert_error(
        EventLog::from_csv("user,ts,event\n", js(r#"{ "onError": "retry" }"#)),
        "INVALID_INPUT",
        "options.onError",
    );
    assert_error(
        EventLog::from_columns(js(r#"{ "user": [1.5], "ts": [0], "event": ["a"] }"#)),
        "INVALID_INPUT",
        "user[0]",
    );
    assert_error(
        EventLog::from_columns(js(r#"{ "user": [1], "ts": [0] }"#)),
        "INVALID_INPUT",
        "event",
    );
    assert_error(
        EventLog::from_columns(js(r#"{ "user": [1], "ts": ["x"], "event": ["a"] }"#)),
        "INVALID_INPUT",
        "ts[0]",
    );
    assert_error(
        EventLog::from_columns(JsValue::from_str("nope")),
        "INVALID_INPUT",
        "",
    );
    assert_error(
        EventLog::from_rows(js(r#"[{ "user": 1, "event": "a" }]"#), JsValue::UNDEFINED),
        "INVALID_INPUT",
        "rows[0].ts",
    );
    let log = EventLog::from_columns(columns()).unwrap();
    assert_error(
        log.money_total(js(r#"{ "event": "refund", "prop": "amount" }"#)),
        "NOT_FOUND",
        "event",
    );
    assert_error(
        log.daily_active(js(r#"{ "utcOffsetMinutes": 9999 }"#)),
        "OUT_OF_RANGE",
        "utcOffsetMinutes",
    );
    assert_error(
        log.daily_active(js("{}")),
        "INVALID_INPUT",
        "utcOffsetMinutes",
    );
    // Still answering after every rejection.
    assert_eq!(num(&log.summary().unwrap(), "events"), 3.0);
}
