use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::events::EventLog;

use super::support::{assert_error, js, num, prop};

/// Three users over three Beijing days (2025-11-03 … 11-05): u1 signs up on day 0 and returns
/// on day 1; u2 signs up on day 1; u3 only views.
fn log() -> EventLog {
    EventLog::from_rows(
        js(r#"[
            { "user": "u1", "ts": "2025-11-03 10:00", "event": "signup" },
            { "user": "u1", "ts": "2025-11-04 10:00", "event": "view" },
            { "user": "u2", "ts": "2025-11-04 11:00", "event": "signup", "amount": "9.90" },
            { "user": "u3", "ts": "2025-11-05 09:00", "event": "view" }
        ]"#),
        js(r#"{ "props": { "amount": "money" } }"#),
    )
    .unwrap()
}

fn array(value: &JsValue) -> js_sys::Array {
    js_sys::Array::from(value)
}

#[wasm_bindgen_test]
fn retention_matrix_with_null_cells() {
    let r = log()
        .retention(Some(js(
            r#"{ "startEvent": "signup", "returnEvent": "view", "periods": 3, "criterion": "on" }"#,
        )))
        .unwrap();
    let cohorts = array(&prop(&r, "cohorts"));
    assert_eq!(cohorts.length(), 3);
    let first = cohorts.get(0);
    assert_eq!(
        prop(&first, "label").as_string().as_deref(),
        Some("2025-11-03")
    );
    assert_eq!(num(&first, "size"), 1.0);
    let counts = array(&prop(&first, "counts"));
    assert_eq!(counts.get(0).as_f64(), Some(0.0));
    assert_eq!(counts.get(1).as_f64(), Some(1.0));
    assert_eq!(counts.get(2).as_f64(), Some(0.0));
    // Day 3 (11-06) begins after the last event: null, not 0.
    assert!(counts.get(3).is_null());
    let average = array(&prop(&r, "average"));
    assert_eq!(num(&average.get(1), "retained"), 1.0);
    assert_eq!(prop(&r, "criterion").as_string().as_deref(), Some("on"));
    // Defaults: any event, on, 7 periods.
    let r = log().retention(None).unwrap();
    assert_eq!(num(&r, "periods"), 7.0);
    assert_eq!(prop(&r, "criterion").as_string().as_deref(), Some("on"));
}

#[wasm_bindgen_test]
fn lifecycle_per_day() {
    let r = log()
        .lifecycle(Some(js(r#"{ "period": "day", "churnAfter": 1 }"#)))
        .unwrap();
    let periods = array(&prop(&r, "periods"));
    assert_eq!(periods.length(), 3);
    let day1 = periods.get(1);
    // 11-04: u2 new, u1 returning.
    assert_eq!(num(&day1, "new"), 1.0);
    assert_eq!(num(&day1, "returning"), 1.0);
    let day2 = periods.get(2);
    // 11-05: u3 new; u1 and u2 dormant (and churned, with churnAfter 1).
    assert_eq!(num(&day2, "dormant"), 2.0);
    assert_eq!(num(&day2, "churned"), 2.0);
    assert_eq!(prop(&day2, "partial").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn bad_retention_input_is_a_typed_error_and_the_module_keeps_working() {
    let log = log();
    assert_error(
        log.retention(Some(js(r#"{ "periods": -1 }"#))),
        "OUT_OF_RANGE",
        "periods",
    );
    assert_error(
        log.retention(Some(js(r#"{ "periods": "7" }"#))),
        "INVALID_INPUT",
        "periods",
    );
    assert_error(
        log.retention(Some(js(r#"{ "startEvent": "login" }"#))),
        "NOT_FOUND",
        "startEvent",
    );
    assert_error(
        log.retention(Some(js(r#"{ "criterion": "before" }"#))),
        "INVALID_INPUT",
        "criterion",
    );
    assert_error(
        log.retention(Some(js(r#"{ "period": "year" }"#))),
        "INVALID_INPUT",
        "period",
    );
    assert_error(
        log.retention(Some(js(r#"{ "startevent": "signup" }"#))),
        "INVALID_INPUT",
        "startevent",
    );
    assert_error(
        log.retention(Some(js(r#"{ "asOf": "2025-02-30" }"#))),
        "PARSE_ERROR",
        "asOf",
    );
    assert_error(
        log.retention(Some(js(r#"{ "from": true }"#))),
        "INVALID_INPUT",
        "from",
    );
    assert_error(
        log.retention(Some(js(r#"{ "from": "2025-11-05", "to": "2025-11-04" }"#))),
        "INVALID_INPUT",
        "to",
    );
    assert_error(
        log.retention(Some(js(r#"{ "utcOffsetMinutes": 900 }"#))),
        "OUT_OF_RANGE",
        "utcOffsetMinutes",
    );
    assert_error(
        log.lifecycle(Some(js(r#"{ "churnAfter": 0 }"#))),
        "OUT_OF_RANGE",
        "churnAfter",
    );
    assert_error(
        log.lifecycle(Some(js(r#"{ "event": "pay" }"#))),
        "NOT_FOUND",
        "event",
    );
    // Still answering after every rejection.
    let r = log.retention(Some(js(r#"{ "periods": 1 }"#))).unwrap();
    assert_eq!(array(&prop(&r, "cohorts")).length(), 3);
}
