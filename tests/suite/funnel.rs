use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::events::EventLog;

use super::support::{assert_error, js, num, prop};

fn log() -> EventLog {
    let rows = js(
        r#"[{ "user": "a", "ts": 1000, "event": "view", "channel": "app" },
                      { "user": "a", "ts": 2000, "event": "pay", "channel": "app" },
                      { "user": "b", "ts": 1000, "event": "view", "channel": "web" }]"#,
    );
    EventLog::from_rows(rows, js(r#"{ "tsUnit": "ms" }"#)).unwrap()
}

#[wasm_bindgen_test]
fn funnel_counts_and_per_user_levels() {
    let r = log()
        .funnel(js(r#"{ "steps": ["view", "pay"], "windowMs": 60000, "perUser": true, "breakdown": { "prop": "channel" } }"#))
        .unwrap();
    let steps = js_sys::Array::from(&prop(&r, "steps"));
    assert_eq!(num(&steps.get(0), "users"), 2.0);
    assert_eq!(num(&steps.get(1), "users"), 1.0);
    assert_eq!(num(&steps.get(1), "fromStart"), 0.5);
    // Breakdown groups carry times to convert too: app's user paid 1 s after viewing.
    let groups = js_sys::Array::from(&prop(&prop(&r, "breakdown"), "groups"));
    let app = groups.find(&mut |g, _, _| prop(&g, "value").as_string().as_deref() == Some("app"));
    let app_pay = js_sys::Array::from(&prop(&app, "steps")).get(1);
    assert_eq!(num(&prop(&app_pay, "timeToConvert"), "medianMs"), 1000.0);
    let per_user = prop(&r, "perUser");
    let levels = js_sys::Array::from(&prop(&per_user, "levels"));
    assert_eq!(
        (levels.get(0).as_f64(), levels.get(1).as_f64()),
        (Some(2.0), Some(1.0))
    );
    assert_eq!(
        js_sys::Array::from(&prop(&per_user, "userIds"))
            .get(0)
            .as_string()
            .as_deref(),
        Some("a")
    );
}

#[wasm_bindgen_test]
fn correlation_reaches_js() {
    // a: view → coupon → pay (converted); b: view only. coupon: 1 of 1 converters, 0 of 1 others.
    let rows = js(
        r#"[{ "user": "a", "ts": 1000, "event": "view" }, { "user": "a", "ts": 1500, "event": "coupon" },
                      { "user": "a", "ts": 2000, "event": "pay" }, { "user": "b", "ts": 1000, "event": "view" }]"#,
    );
    let log = EventLog::from_rows(rows, js(r#"{ "tsUnit": "ms" }"#)).unwrap();
    let r = log
        .funnel(js(
            r#"{ "steps": ["view", "pay"], "windowMs": 60000, "correlation": true }"#,
        ))
        .unwrap();
    let correlation = prop(&r, "correlation");
    assert_eq!(num(&correlation, "successUsers"), 1.0);
    let coupon = js_sys::Array::from(&prop(&correlation, "events")).get(0);
    assert_eq!(prop(&coupon, "name").as_string().as_deref(), Some("coupon"));
    assert_eq!(
        (num(&coupon, "success"), num(&coupon, "failure")),
        (1.0, 0.0)
    );
    // [[1, 0.5], [0.5, 1]] (zero cells count as 0.5): odds ratio 4.
    assert_eq!(num(&coupon, "oddsRatio"), 4.0);
    assert_error(
        log.funnel(js(
            r#"{ "steps": ["view", "pay"], "correlation": true, "counting": "totals" }"#,
        )),
        "INVALID_INPUT",
        "correlation",
    );
}

#[wasm_bindgen_test]
fn bad_funnels_name_the_field_and_the_module_keeps_answering() {
    let log = log();
    assert_error(
        log.funnel(js(r#"{ "steps": ["view"] }"#)),
        "OUT_OF_RANGE",
        "steps",
    );
    assert_error(
        log.funnel(js(r#"{ "steps": ["view", "buy"] }"#)),
        "NOT_FOUND",
        "steps[1]",
    );
    assert_error(
        log.funnel(js(
            r#"{ "steps": ["view", { "event": "pay", "where": { "city": "x" } }] }"#,
        )),
        "NOT_FOUND",
        "steps[1].where.city",
    );
    assert_error(
        log.funnel(js(r#"{ "steps": ["view", "pay"], "windowMs": -5 }"#)),
        "OUT_OF_RANGE",
        "windowMs",
    );
    assert_error(
        log.funnel(js(r#"{ "steps": ["view", "pay"], "windowMs": "1d" }"#)),
        "INVALID_INPUT",
        "windowMs",
    );
    assert_error(log.funnel(js(r#"{ "steps": ["view", "pay"], "exclusions": [{ "event": "pay", "afterStep": 0, "beforeStep": 3 }] }"#)), "OUT_OF_RANGE", "exclusions[0].beforeStep");
    assert_error(
        log.funnel(js(
            r#"{ "steps": ["view", "pay"], "mode": ["strict_order", "bogus"] }"#,
        )),
        "INVALID_INPUT",
        "mode[1]",
    );
    assert_error(log.funnel(JsValue::from(7)), "INVALID_INPUT", "");
    let r = log.funnel(js(r#"{ "steps": ["view", "pay"] }"#)).unwrap();
    assert_eq!(
        num(&js_sys::Array::from(&prop(&r, "steps")).get(0), "users"),
        2.0
    );
}
