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

/// `def` (JSON text) packed as `www/pack.js` packs the same object (see `src/wasm/packed.rs`).
pub fn packed(def: &str) -> Vec<f64> {
    fn text(out: &mut Vec<f64>, s: &str) {
        out.push(s.encode_utf16().count() as f64);
        out.extend(s.encode_utf16().map(f64::from));
    }
    fn value(out: &mut Vec<f64>, v: &serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Number(n) => out.extend([0.0, n.as_f64().unwrap()]),
            Value::String(s) => {
                out.push(1.0);
                text(out, s);
            }
            Value::Bool(b) => out.push(if *b { 2.0 } else { 3.0 }),
            Value::Null => out.push(4.0),
            Value::Array(items) => {
                out.extend([5.0, items.len() as f64]);
                items.iter().for_each(|item| value(out, item));
            }
            Value::Object(entries) => {
                out.extend([6.0, entries.len() as f64]);
                for (key, item) in entries {
                    // Written out (the key table is `www/pack.js`'s to fill).
                    out.push(-1.0);
                    text(out, key);
                    value(out, item);
                }
            }
        }
    }
    let mut out = vec![0.0];
    value(&mut out, &serde_json::from_str(def).unwrap());
    out[0] = (out.len() - 1) as f64;
    out.push(0.0); // no keys defined
    out
}
