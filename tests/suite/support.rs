//! Helpers for binding tests: reading JS values and checking thrown YunyingErrors.

use wasm_bindgen::JsValue;

/// Parses a JS object literal written as JSON.
pub fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON is valid")
}

pub fn prop(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).expect("object")
}

pub fn num(value: &JsValue, key: &str) -> f64 {
    prop(value, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

/// Asserts `result` failed with a YunyingError of `code` at `field`.
pub fn assert_error<T>(result: Result<T, JsValue>, code: &str, field: &str) {
    let Err(err) = result else {
        panic!("expected a {code} error at {field}, got success")
    };
    assert_eq!(
        prop(&err, "name").as_string().as_deref(),
        Some("YunyingError")
    );
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some(code),
        "code of {:?}",
        prop(&err, "message")
    );
    assert_eq!(
        prop(&err, "field").as_string().as_deref(),
        Some(field),
        "field of {:?}",
        prop(&err, "message")
    );
}
