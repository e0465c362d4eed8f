//! Reading bulk columns out of JS arrays and typed arrays, with errors that name the element.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{invalid, JsResult};

/// Numbers from any numeric typed array or a plain array of numbers.
pub fn numbers(value: &JsValue, field: &str) -> JsResult<Vec<f64>> {
    macro_rules! typed {
        ($($t:ty),*) => {$(
            if let Some(a) = value.dyn_ref::<$t>() {
                return Ok(a.to_vec().into_iter().map(f64::from).collect());
            }
        )*};
    }
    if let Some(a) = value.dyn_ref::<js_sys::Float64Array>() {
        return Ok(a.to_vec());
    }
    typed!(
        js_sys::Float32Array,
        js_sys::Uint32Array,
        js_sys::Int32Array,
        js_sys::Uint16Array,
        js_sys::Int16Array,
        js_sys::Uint8Array,
        js_sys::Int8Array
    );
    let array = as_array(value, field)?;
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, v) in array.iter().enumerate() {
        match v.as_f64() {
            Some(x) => out.push(x),
            None if v.is_null() || v.is_undefined() => out.push(f64::NAN),
            None => return Err(invalid(format!("{field}[{i}]"), "is not a number")),
        }
    }
    Ok(out)
}

/// Non-negative integer codes from an unsigned typed array or a plain array.
pub fn codes(value: &JsValue, field: &str) -> JsResult<Vec<u32>> {
    if let Some(a) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(a.to_vec().into_iter().map(u32::from).collect());
    }
    if let Some(a) = value.dyn_ref::<js_sys::Uint16Array>() {
        return Ok(a.to_vec().into_iter().map(u32::from).collect());
    }
    if let Some(a) = value.dyn_ref::<js_sys::Uint32Array>() {
        return Ok(a.to_vec());
    }
    numbers(value, field)?
        .into_iter()
        .enumerate()
        .map(|(i, x)| {
            if x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX) {
                Ok(x as u32)
            } else {
                Err(invalid(
                    format!("{field}[{i}]"),
                    format!("{x} is not a valid code"),
                ))
            }
        })
        .collect()
}

/// Strings from a plain array; `null`/`undefined` become `None`, numbers are written out.
pub fn strings(value: &JsValue, field: &str) -> JsResult<Vec<Option<String>>> {
    let array = as_array(value, field)?;
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, v) in array.iter().enumerate() {
        out.push(text_of(&v).map_err(|why| invalid(format!("{field}[{i}]"), why))?);
    }
    Ok(out)
}

/// Like [`strings`], but every element must be present.
pub fn required_strings(value: &JsValue, field: &str) -> JsResult<Vec<String>> {
    strings(value, field)?
        .into_iter()
        .enumerate()
        .map(|(i, s)| s.ok_or_else(|| invalid(format!("{field}[{i}]"), "is missing")))
        .collect()
}

/// The text of a scalar JS value: strings as they are, finite numbers written out.
pub fn text_of(v: &JsValue) -> Result<Option<String>, &'static str> {
    if let Some(s) = v.as_string() {
        Ok(Some(s))
    } else if let Some(x) = v.as_f64() {
        if x.is_finite() {
            Ok(Some(x.to_string()))
        } else {
            Err("is not a finite number")
        }
    } else if v.is_null() || v.is_undefined() {
        Ok(None)
    } else {
        Err("is not a string or a number")
    }
}

/// True when the array's first present element is a string (an array of ids or names).
pub fn holds_strings(value: &JsValue) -> bool {
    value
        .dyn_ref::<js_sys::Array>()
        .and_then(|a| a.iter().find(|v| !v.is_null() && !v.is_undefined()))
        .is_some_and(|v| v.is_string())
}

fn as_array(value: &JsValue, field: &str) -> JsResult<js_sys::Array> {
    if value.is_undefined() || value.is_null() {
        return Err(invalid(field, "is required"));
    }
    value
        .dyn_ref::<js_sys::Array>()
        .cloned()
        .ok_or_else(|| invalid(field, "must be an array or a typed array"))
}
