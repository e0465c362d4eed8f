//! The packed road (`src/wasm/packed.rs`) on its own: it must never accept what the strict road
//! rejects, whatever serde attributes a type carries.

use std::collections::BTreeMap;

use serde::Deserialize;
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::packed::from_packed;

use super::support::packed;

/// No `deny_unknown_fields`: serde alone would skip an unknown key.
#[derive(Debug, Deserialize, PartialEq)]
struct Lenient {
    a: f64,
    inner: Option<Inner>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Inner {
    b: String,
}

#[wasm_bindgen_test]
fn a_struct_takes_only_the_keys_it_declares_at_every_depth() {
    let read = |text: &str| from_packed::<Lenient>(&packed(text));
    assert_eq!(
        read(r#"{ "a": 1, "inner": { "b": "x" } }"#),
        Some(Lenient {
            a: 1.0,
            inner: Some(Inner { b: "x".into() })
        })
    );
    // Declined, so the caller's strict road reads the value and names the key.
    assert_eq!(read(r#"{ "a": 1, "c": 2 }"#), None);
    assert_eq!(read(r#"{ "a": 1, "inner": { "b": "x", "c": 2 } }"#), None);
}

#[wasm_bindgen_test]
fn a_map_takes_any_key() {
    let map = from_packed::<BTreeMap<String, f64>>(&packed(r#"{ "x": 1, "y": 2 }"#));
    assert_eq!(
        map,
        Some(BTreeMap::from([("x".into(), 1.0), ("y".into(), 2.0)]))
    );
}

#[derive(Debug, Deserialize, PartialEq)]
struct Counts {
    nonce: u64,
    delta: i32,
}

#[wasm_bindgen_test]
fn integer_fields_take_safe_whole_numbers_only() {
    let read = |text: &str| from_packed::<Counts>(&packed(text));
    assert_eq!(
        read(r#"{ "nonce": 9007199254740991, "delta": -3 }"#),
        Some(Counts {
            nonce: 9_007_199_254_740_991,
            delta: -3
        })
    );
    // Not whole, past 2^53 − 1, negative for a u64, or past i32: declined, as the strict road
    // refuses them too.
    for text in [
        r#"{ "nonce": 1.5, "delta": 0 }"#,
        r#"{ "nonce": 9007199254740992, "delta": 0 }"#,
        r#"{ "nonce": -1, "delta": 0 }"#,
        r#"{ "nonce": 1, "delta": 2147483648 }"#,
    ] {
        assert_eq!(read(text), None, "{text}");
    }
}
