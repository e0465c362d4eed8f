//! Strict config objects (`src/wasm/strict.rs`): a key no struct declares is an INVALID_INPUT
//! error naming its path, at every depth and in every area; `undefined`-valued keys count as absent.

use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::abtest::{ab_test_js, assign_variant_js};
use yunying::wasm::events::EventLog;
use yunying::wasm::lottery::PrizePool;

use super::support::{assert_error, js, num, prop};

fn log() -> EventLog {
    let rows = js(
        r#"[{ "user": "a", "ts": 1000, "event": "view", "channel": "app" },
                      { "user": "a", "ts": 2000, "event": "pay", "channel": "app" },
                      { "user": "b", "ts": 1000, "event": "view", "channel": "web" }]"#,
    );
    EventLog::from_rows(rows, js(r#"{ "tsUnit": "ms" }"#)).unwrap()
}

fn message(result: Result<JsValue, JsValue>) -> String {
    prop(&result.unwrap_err(), "message").as_string().unwrap()
}

fn set(object: &JsValue, key: &str, value: &JsValue) {
    js_sys::Reflect::set(object, &key.into(), value).unwrap();
}

/// Users reaching the funnel's last step.
fn converted(result: JsValue) -> f64 {
    let steps = js_sys::Array::from(&prop(&result, "steps"));
    num(&steps.get(steps.length() - 1), "users")
}

#[wasm_bindgen_test]
fn a_misspelt_top_level_key_is_named() {
    let log = log();
    let def = r#"{ "steps": ["view", "pay"], "windowMS": 60000 }"#;
    assert_error(log.funnel(js(def)), "INVALID_INPUT", "windowMS");
    let text = message(log.funnel(js(def)));
    assert!(
        text.starts_with("unknown key 'windowMS' (expected one of: steps, windowMs, mode,"),
        "{text}"
    );
    // A prefix given by the binding (`state`) leads the path.
    let mut pool = PrizePool::new(js(r#"{ "prizes": [{ "id": "a", "weight": 1 }] }"#)).unwrap();
    let state = pool.export_state().unwrap();
    set(&state, "drawz", &JsValue::from(1));
    assert_error(pool.restore(state), "INVALID_INPUT", "state.drawz");
    pool.restore(pool.export_state().unwrap()).unwrap();
}

#[wasm_bindgen_test]
fn columns_take_only_their_keys_and_stay_typed_arrays() {
    let input = js(r#"{ "event": ["view", "pay"], "tsUnit": "ms" }"#);
    set(&input, "user", &js_sys::Uint32Array::from(&[7u32, 9][..]));
    set(
        &input,
        "ts",
        &js_sys::Float64Array::from(&[1000.0, 2000.0][..]),
    );
    set(&input, "eventNames", &JsValue::UNDEFINED);
    let log = EventLog::from_columns(input.clone()).unwrap();
    assert_eq!(num(&log.summary().unwrap(), "users"), 2.0);
    // A typed property column is an object with its own keys.
    let props = js(r#"{ "amount": { "type": "money", "fen": [100, 250] } }"#);
    set(&input, "props", &props);
    assert_eq!(
        num(
            &EventLog::from_columns(input.clone())
                .unwrap()
                .summary()
                .unwrap(),
            "events"
        ),
        2.0
    );
    set(&prop(&props, "amount"), "fens", &js("[1, 2]"));
    assert_error(
        EventLog::from_columns(input.clone()),
        "INVALID_INPUT",
        "props.amount.fens",
    );
    set(&input, "eventname", &js(r#"["view", "pay"]"#));
    assert_error(EventLog::from_columns(input), "INVALID_INPUT", "eventname");
}

#[wasm_bindgen_test]
fn a_misspelt_nested_key_inside_an_array_element_is_named() {
    let log = log();
    // A derived struct in a Vec.
    let def = r#"{ "steps": ["view", "pay"], "exclusions": [{ "event": "refund", "afterStep": 0, "beforeStepz": 1 }] }"#;
    assert_error(
        log.funnel(js(def)),
        "INVALID_INPUT",
        "exclusions[0].beforeStepz",
    );
    // A step object (a hand-written Deserialize reading a map) in a Vec.
    let def = r#"{ "steps": ["view", { "event": "pay", "wherez": { "channel": "app" } }] }"#;
    assert_error(log.funnel(js(def)), "INVALID_INPUT", "steps[1].wherez");
    // An Option<Struct>.
    let def = r#"{ "steps": ["view", "pay"], "breakdown": { "prop": "channel", "atribution": "firstTouch" } }"#;
    assert_error(log.funnel(js(def)), "INVALID_INPUT", "breakdown.atribution");
    // A struct in a Vec in another area.
    let def = r#"{ "variants": [{ "users": 100, "conversions": 10 }, { "users": 100, "conversion": 12 }] }"#;
    assert_error(
        ab_test_js(js(def), None),
        "INVALID_INPUT",
        "variants[1].conversion",
    );
}

#[wasm_bindgen_test]
fn undefined_valued_keys_count_as_absent() {
    let log = log();
    let def = js(r#"{ "steps": ["view", { "event": "pay" }] }"#);
    // What `{ ...defaults, windowMs: undefined }` or `{ extra: maybe }` produce.
    set(&def, "windowMs", &JsValue::UNDEFINED);
    set(&def, "notAnOption", &JsValue::UNDEFINED);
    let step = js_sys::Array::from(&prop(&def, "steps")).get(1);
    set(&step, "where", &JsValue::UNDEFINED);
    set(&step, "extra", &JsValue::UNDEFINED);
    assert_eq!(converted(log.funnel(def.clone()).unwrap()), 1.0);
    // The same key with a value is still an error.
    set(&def, "notAnOption", &JsValue::NULL);
    assert_error(log.funnel(def), "INVALID_INPUT", "notAnOption");
}

#[wasm_bindgen_test]
fn maps_take_any_keys() {
    let rows = js(r#"[{ "user": "a", "ts": 1000, "event": "pay", "金额 (分)": 1230, "x": 1 }]"#);
    let log = EventLog::from_rows(
        rows,
        js(r#"{ "props": { "金额 (分)": "money", "x": "number" } }"#),
    )
    .unwrap();
    let total = log
        .money_total(js(r#"{ "event": "pay", "prop": "金额 (分)" }"#))
        .unwrap();
    assert_eq!(num(&total, "totalFen"), 1230.0);
    // A `where` filter is a map from property names.
    let def = r#"{ "steps": ["view", { "event": "pay", "where": { "channel": ["app"] } }] }"#;
    assert_eq!(converted(self::log().funnel(js(def)).unwrap()), 1.0);
}

#[wasm_bindgen_test]
fn enums_and_untagged_values_still_read() {
    // An untagged enum: the user id as a string or a safe integer hashes the same.
    let by_text = assign_variant_js(js(r#"{ "experimentKey": "e", "userId": "123" }"#)).unwrap();
    let by_number = assign_variant_js(js(r#"{ "experimentKey": "e", "userId": 123 }"#)).unwrap();
    assert_eq!(num(&by_text, "bucket"), num(&by_number, "bucket"));
    assert_error(
        assign_variant_js(js(r#"{ "experimentKey": "e", "userID": 123 }"#)),
        "INVALID_INPUT",
        "userID",
    );
    // A unit enum given by name, and a wrong name named at its path.
    let def = r#"{ "variants": [{ "users": 100, "conversions": 10 }, { "users": 100, "conversions": 12 }], "alternative": "greater" }"#;
    ab_test_js(js(def), None).unwrap();
    let def = r#"{ "variants": [{ "users": 100, "conversions": 10 }, { "users": 100, "conversions": 12 }], "alternative": "bigger" }"#;
    assert_error(ab_test_js(js(def), None), "INVALID_INPUT", "alternative");
}

#[wasm_bindgen_test]
fn objects_without_a_prototype_and_arrays() {
    let log = log();
    let def: JsValue = js_sys::Object::create(&JsValue::NULL.into()).into();
    set(&def, "steps", &js(r#"["view", "pay"]"#));
    assert_eq!(converted(log.funnel(def.clone()).unwrap()), 1.0);
    set(&def, "stepz", &js("[]"));
    assert_error(log.funnel(def), "INVALID_INPUT", "stepz");
    // An array is not an object with keys "0", "1", …
    assert_error(log.funnel(js(r#"["view", "pay"]"#)), "INVALID_INPUT", "");
    assert_error(
        log.money_total(js(r#"[{ "event": "pay", "prop": "amount" }]"#)),
        "INVALID_INPUT",
        "",
    );
}

#[wasm_bindgen_test]
fn the_module_keeps_answering_after_a_rejected_key() {
    let log = log();
    for _ in 0..3 {
        assert_error(
            log.funnel(js(r#"{ "stepz": ["view", "pay"] }"#)),
            "INVALID_INPUT",
            "stepz",
        );
        let r = log.funnel(js(r#"{ "steps": ["view", "pay"] }"#)).unwrap();
        assert_eq!(converted(r), 1.0);
    }
}
