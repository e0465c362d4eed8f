use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::events::EventLog;
use yunying::wasm::segments::rfm_scores;

use super::support::{assert_error, js, num, prop};

const DAY: f64 = 86_400_000.0;
/// 2025-11-20 00:00 Beijing.
const T0: f64 = 1_763_568_000_000.0;

/// u1: new (first seen today), pays ¥600; u2: last seen 40 days ago (流失); u3: last seen
/// 20 days ago (沉睡); u4: active on 3 recent days; u5: only after asOf.
fn log() -> EventLog {
    let rows = js(&format!(
        r#"[
        {{ "user": "u1", "ts": {t0}, "event": "pay", "amount": 60000, "city": "上海" }},
        {{ "user": "u2", "ts": {m40}, "event": "view", "city": "北京" }},
        {{ "user": "u3", "ts": {m20}, "event": "view" }},
        {{ "user": "u4", "ts": {m30}, "event": "view" }},
        {{ "user": "u4", "ts": {m3}, "event": "view" }},
        {{ "user": "u4", "ts": {m2}, "event": "view" }},
        {{ "user": "u4", "ts": {m1}, "event": "pay", "amount": 990 }},
        {{ "user": "u5", "ts": {p1}, "event": "view" }}
    ]"#,
        t0 = T0,
        m40 = T0 - 40.0 * DAY,
        m30 = T0 - 30.0 * DAY,
        m20 = T0 - 20.0 * DAY,
        m3 = T0 - 3.0 * DAY,
        m2 = T0 - 2.0 * DAY,
        m1 = T0 - DAY,
        p1 = T0 + 2.0 * DAY,
    ));
    EventLog::from_rows(rows, js(r#"{ "props": { "amount": "money" } }"#)).unwrap()
}

fn def() -> String {
    format!(
        r#"{{ "asOf": {}, "orderEvent": "pay", "amountProp": "amount" }}"#,
        T0 + 3_600_000.0
    )
}

fn sizes(result: &JsValue) -> Vec<(String, f64)> {
    js_sys::Array::from(&prop(result, "segments"))
        .iter()
        .map(|s| (prop(&s, "key").as_string().unwrap(), num(&s, "users")))
        .collect()
}

#[wasm_bindgen_test]
fn default_layering_sizes_and_labels() {
    let log = log();
    let result = log.segments(js(&def())).unwrap();
    let want: Vec<(String, f64)> = [
        ("new", 1.0),
        ("churned", 1.0),
        ("dormant", 1.0),
        ("highValue", 0.0),
        ("active", 1.0),
        ("other", 1.0),
    ]
    .iter()
    .map(|(k, n)| (k.to_string(), *n))
    .collect();
    assert_eq!(sizes(&result), want);
    assert_eq!(num(&result, "users"), 5.0);
    assert_eq!(num(&result, "usersWithoutEvents"), 1.0);
    assert_eq!(
        prop(&result, "asOfDate").as_string().as_deref(),
        Some("2025-11-20")
    );
    let new = js_sys::Array::from(&prop(&result, "segments")).get(0);
    assert_eq!(num(&new, "totalPaidFen"), 60000.0);
    assert_eq!(prop(&new, "name").as_string().as_deref(), Some("新用户"));

    let labels = log.segment_labels(js(&def())).unwrap();
    let segment = js_sys::Uint8Array::new(&prop(&labels, "segment")).to_vec();
    assert_eq!(segment, vec![0, 1, 2, 4, 5]);
    let ids = js_sys::Array::from(&prop(&labels, "userIds"));
    assert_eq!(ids.get(4).as_string().as_deref(), Some("u5"));

    let csv = log.segment_csv(js(&def()), "active".into()).unwrap();
    assert_eq!(
        csv,
        "user_id,segment,first_seen,last_seen,active_days,events,orders,paid_yuan\nu4,活跃用户,2025-10-21,2025-11-19,4,4,1,9.90\n"
    );
}

#[wasm_bindgen_test]
fn rfm_of_the_log_and_of_a_table() {
    let log = log();
    let report = log.rfm(js(&def())).unwrap();
    assert_eq!(num(&report, "customers"), 2.0);
    assert_eq!(num(&report, "usersWithoutOrders"), 3.0);
    let grid = js_sys::Array::from(&prop(&report, "grid"));
    let total: f64 = grid
        .iter()
        .flat_map(|row| {
            js_sys::Array::from(&row)
                .iter()
                .map(|c| c.as_f64().unwrap())
                .collect::<Vec<_>>()
        })
        .sum();
    assert_eq!(total, 2.0);

    // recency 0.5 vs 3.25 …: five customers, one per quintile.
    let table = js(r#"[
        { "id": "a", "recencyDays": 1, "frequency": 5, "monetary": 50000 },
        { "id": "b", "recencyDays": 10, "frequency": 4, "monetary": 40000 },
        { "id": "c", "recencyDays": 20, "frequency": 3, "monetary": 30000 },
        { "id": "d", "recencyDays": 30, "frequency": 2, "monetary": 20000 },
        { "id": 5, "recencyDays": 40, "frequency": 1, "monetary": 10000 }
    ]"#);
    let result = rfm_scores(table, None).unwrap();
    let scores = js_sys::Array::from(&prop(&result, "scores"));
    let first = scores.get(0);
    assert_eq!(prop(&first, "rfm").as_string().as_deref(), Some("555"));
    assert_eq!(
        prop(&first, "segment").as_string().as_deref(),
        Some("champions")
    );
    assert_eq!(
        prop(&first, "segmentName").as_string().as_deref(),
        Some("冠军客户")
    );
    let last = scores.get(4);
    assert_eq!(num(&last, "id"), 5.0);
    assert_eq!(prop(&last, "rfm").as_string().as_deref(), Some("111"));
    assert_eq!(prop(&last, "segment").as_string().as_deref(), Some("lost"));
    let eight = rfm_scores(
        js(r#"[{ "id": 1, "recencyDays": 1, "frequency": 3, "monetary": 900 }, { "id": 2, "recencyDays": 9, "frequency": 1, "monetary": 100 }]"#),
        Some(js(r#"{ "scheme": "eightClass", "split": "median" }"#)),
    )
    .unwrap();
    let rows = js_sys::Array::from(&prop(&eight, "scores"));
    assert_eq!(
        prop(&rows.get(0), "segmentName").as_string().as_deref(),
        Some("重要价值客户")
    );
    assert_eq!(
        prop(&rows.get(1), "segmentName").as_string().as_deref(),
        Some("一般挽留客户")
    );
}

#[wasm_bindgen_test]
fn bad_segment_input_is_a_typed_error_and_the_module_keeps_working() {
    let log = log();
    assert_error(
        log.segments(js(r#"{ "orderEvent": "buy" }"#)),
        "NOT_FOUND",
        "orderEvent",
    );
    assert_error(
        log.segments(js(r#"{ "orderEvent": "pay", "amountProp": "city" }"#)),
        "INVALID_INPUT",
        "amountProp",
    );
    assert_error(
        log.segments(js(
            r#"{ "orderEvent": "pay", "layering": { "churnDays": 5 } }"#,
        )),
        "OUT_OF_RANGE",
        "layering.churnDays",
    );
    assert_error(
        log.segments(js(
            r#"{ "orderEvent": "pay", "layering": { "newDays": -1 } }"#,
        )),
        "INVALID_INPUT",
        "layering.newDays",
    );
    assert_error(log.segments(js(r#"{ "orderEvent": "pay", "amountProp": "amount", "layering": { "highValueFen": 12.5 } }"#)), "INVALID_INPUT", "layering.highValueFen");
    assert_error(
        log.segments(js(r#"{ "segments": [ { "name": "x", "rule": { "any": [ { "feature": "speed", "op": ">", "value": 1 } ] } } ] }"#)),
        "INVALID_INPUT",
        "segments[0].rule.any[0].feature",
    );
    assert_error(
        log.segment_csv(js(&def()), "vip".into()),
        "NOT_FOUND",
        "segment",
    );
    assert_error(
        log.segment_csv(js(&def()), JsValue::from_f64(3.0)),
        "INVALID_INPUT",
        "segment",
    );
    assert_error(
        log.rfm(js(r#"{ "orderEvent": "pay" }"#)),
        "INVALID_INPUT",
        "amountProp",
    );
    assert_error(
        log.rfm(js(
            r#"{ "orderEvent": "pay", "amountProp": "amount", "split": "mode" }"#,
        )),
        "INVALID_INPUT",
        "split",
    );
    assert_error(
        rfm_scores(
            js(r#"[{ "id": 1, "recencyDays": 1, "frequency": 1, "monetary": 9.99 }]"#),
            None,
        ),
        "INVALID_INPUT",
        "customers[0].monetary",
    );
    assert_error(
        rfm_scores(
            js(r#"[{ "id": 1, "recencyDays": -1, "frequency": 1, "monetary": 9 }]"#),
            None,
        ),
        "INVALID_INPUT",
        "customers[0].recencyDays",
    );
    assert_error(
        rfm_scores(js(r#"[{ "recencyDays": 1 }]"#), None),
        "INVALID_INPUT",
        "customers[0].id",
    );
    assert_error(
        rfm_scores(JsValue::from_str("x"), None),
        "INVALID_INPUT",
        "customers",
    );
    assert_error(
        rfm_scores(
            js("[]"),
            Some(js(
                r#"{ "thresholds": { "recency": [1, 2], "frequency": [1, 2, 3, 4], "monetary": [1, 2, 3, 4] } }"#,
            )),
        ),
        "INVALID_INPUT",
        "thresholds.recency",
    );
    // Still answering after every rejection.
    assert_eq!(num(&log.segments(js(&def())).unwrap(), "users"), 5.0);
}
