//! Conversions between JS values and core types, and the JS form of errors.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::strict::{Strict, UNKNOWN_KEY, UNKNOWN_KEY_END};
use crate::error::{Error, ErrorCode};

pub type JsResult<T> = Result<T, JsValue>;

/// A core error as a JS `Error` named `YunyingError`, with `code` and `field` properties.
/// `www/error.js` makes `instanceof YunyingError` recognise it.
pub fn js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("YunyingError");
    // Setting a property on a fresh Error object cannot fail; a failure would only lose the extra field.
    let _ = js_sys::Reflect::set(&js, &"code".into(), &error.code.as_str().into());
    let _ = js_sys::Reflect::set(&js, &"field".into(), &error.field.into());
    js.into()
}

/// Shorthand for an INVALID_INPUT error at `field`.
pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> JsValue {
    js_error(Error::new(ErrorCode::InvalidInput, field, message))
}

/// Deserialises a small config object; the error names the exact path at fault,
/// prefixed with `field` (e.g. `steps[2].event`). A key no struct declares is an error
/// (see [`super::strict`]), named in the path (`steps[2].stepz`).
pub fn from_js<T: DeserializeOwned>(value: JsValue, field: &str) -> JsResult<T> {
    let deserializer = Strict(serde_wasm_bindgen::Deserializer::from(value));
    serde_path_to_error::deserialize(deserializer).map_err(|e| path_error(e, field))
}

/// The YunyingError for a failed [`from_js`]: its field is `field`, the path serde reached, and the
/// missing or unknown key. Not generic, so every config type shares one copy.
fn path_error(e: serde_path_to_error::Error<serde_wasm_bindgen::Error>, field: &str) -> JsValue {
    let mut path: Vec<String> = Vec::new();
    if !field.is_empty() {
        path.push(field.to_string());
    }
    let at = e.path().to_string();
    if at != "." {
        path.push(at);
    }
    // serde-wasm-bindgen's messages start with "Error: "; a missing field or an unknown key
    // is named in the path.
    let message = e.into_inner().to_string();
    let message = message
        .strip_prefix("Error: ")
        .unwrap_or(&message)
        .to_string();
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|m| m.split('`').next());
    let unknown = message
        .strip_prefix(UNKNOWN_KEY)
        .and_then(|m| m.rsplit_once(UNKNOWN_KEY_END))
        .map(|(key, _)| key);
    if let Some(name) = missing.or(unknown) {
        path.push(name.to_string());
    }
    let joined = path.join(".").replace(".[", "[");
    invalid(joined, message)
}

/// Like [`from_js`], but `undefined`/`null` give the type's default.
pub fn from_js_or_default<T: DeserializeOwned + Default>(
    value: JsValue,
    field: &str,
) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        from_js(value, field)
    }
}

/// Serialises a result as plain JS objects (maps as objects; `None` as null; i64 as numbers, which is exact
/// for every amount below 2^53 分 ≈ 90 trillion 元; larger ones are an error, not a rounding).
pub fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(|e| {
        js_error(Error::overflow(
            "",
            format!("result cannot be represented in JavaScript: {e}"),
        ))
    })
}

/// Reads a property of a JS object (`undefined` when absent or when `obj` is not an object).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
