use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::abtest::{
    ab_test_js, assign_variant_js, bayes_test, mde, power, sample_size, sequential_test,
};
use yunying::wasm::events::EventLog;
use yunying::wasm::tape::tape_address;

use super::support::{assert_error, js, num, packed, prop};

type Export = fn(JsValue, Option<Vec<f64>>) -> Result<usize, JsValue>;

/// The tape the last call left in wasm memory, read as `www/tape.js` reads it.
fn tape(length: usize) -> Vec<f64> {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::Float64Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        tape_address() as u32,
        length as u32,
    )
    .to_vec()
}

/// The result tape of `def` read from the object itself, and from its packed form: identical, bit
/// for bit. (A first call defines the enum words, so the two compared calls encode them alike.)
fn assert_roads_agree(export: Export, def: &str, object: impl Fn() -> JsValue) {
    export(object(), None).unwrap();
    let direct = tape(export(object(), None).unwrap());
    let text = tape(export(object(), Some(packed(def))).unwrap());
    let bits = |t: &[f64]| t.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
    assert!(direct.len() > 20, "{def}: a result tape");
    assert_eq!(bits(&direct), bits(&text), "{def}");
}

#[wasm_bindgen_test]
fn a_definition_means_the_same_read_directly_or_packed() {
    let defs = [
        r#"{ "variants": [{ "name": "A", "users": 10000, "conversions": 1000 }, { "name": "B", "users": 10000, "conversions": 1100 }] }"#,
        r#"{ "variants": [{ "users": 100, "conversions": 10 }, { "users": 100, "conversions": 12 }], "alternative": "greater", "interval": "clopper-pearson" }"#,
        r#"{ "variants": [{ "name": "A", "users": 20000, "conversions": 1000 }, { "name": "B", "users": 20000, "conversions": 1040 }, { "name": "C", "users": 20000, "conversions": 1085 }], "alpha": 0.05, "correction": "holm", "weights": [1, 1, 1.5] }"#,
        r#"{ "variants": [{ "name": "A", "n": 500, "mean": 13086.987654321, "sd": 4123.3 }, { "name": "B", "n": 480, "mean": 13301.000000000004, "sd": 4200.1 }], "higherIsBetter": false, "test": "pooled" }"#,
        r#"{ "variants": [{ "n": 300, "numeratorMean": 2.5, "numeratorSd": 1.1, "denominatorMean": 1.2, "denominatorSd": 0.4, "covariance": 0.2 }, { "n": 310, "numeratorMean": 2.7, "numeratorSd": 1.2, "denominatorMean": 1.25, "denominatorSd": 0.45, "covariance": 0.21 }] }"#,
        r#"{ "variants": [{ "name": "A", "values": [1, 2, 3, 4.25] }, { "name": "B", "values": [2, 3, 5, 9.5] }], "prior": { "mean": 0, "variance": 0.3, "proper": true } }"#,
        r#"{ "variants": [{ "users": 0, "conversions": 0 }, { "users": 10, "conversions": 10 }] }"#,
    ];
    for def in defs {
        for export in [ab_test_js as Export, bayes_test, sequential_test] {
            assert_roads_agree(export, def, || js(def));
        }
    }
}

#[wasm_bindgen_test]
fn raw_values_as_a_float64array_mean_what_the_same_numbers_packed_mean() {
    let object = || {
        let def = js(r#"{ "variants": [{ "name": "A" }, { "name": "B" }] }"#);
        let variants = js_sys::Array::from(&prop(&def, "variants"));
        let a = js_sys::Float64Array::from(&[1.0, 2.0, 3.0, 4.0][..]);
        let b = js_sys::Float64Array::from(&[2.0, 3.0, 5.0, 9.0][..]);
        js_sys::Reflect::set(&variants.get(0), &"values".into(), &a).unwrap();
        js_sys::Reflect::set(&variants.get(1), &"values".into(), &b).unwrap();
        def
    };
    let text = r#"{ "variants": [{ "name": "A", "values": [1, 2, 3, 4] }, { "name": "B", "values": [2, 3, 5, 9] }] }"#;
    assert_roads_agree(ab_test_js, text, object);
}

#[wasm_bindgen_test]
fn planning_and_assignment() {
    let plan = sample_size(js(
        r#"{ "baseline": 0.2, "mde": 0.05, "dailyTraffic": 500 }"#,
    ))
    .unwrap();
    // Evan Miller's formula for 20% → 25%, α 0.05, power 0.8: 1030.2 per arm.
    assert_eq!(
        js_sys::Array::from(&prop(&plan, "usersPerArm"))
            .get(0)
            .as_f64(),
        Some(1031.0)
    );
    assert_eq!(num(&plan, "days"), 5.0);
    let p = power(js(
        r#"{ "baseline": 0.2, "mde": 0.05, "usersPerArm": 1030.2457 }"#,
    ))
    .unwrap();
    assert!((num(&p, "power") - 0.8).abs() < 1e-4);
    let m = mde(js(r#"{ "baseline": 0.2, "usersPerArm": 1030.2457 }"#)).unwrap();
    assert!((num(&m, "effect") - 0.05).abs() < 1e-4);
    // GrowthBook's cases.json: feature rule, id "123", 3 variations, hash v1 → bucket 0.863, variation 2.
    let a = assign_variant_js(js(
        r#"{ "experimentKey": "feature", "userId": 123, "variations": 3, "hashVersion": 1 }"#,
    ))
    .unwrap();
    assert_eq!(num(&a, "bucket"), 0.863);
    assert_eq!(num(&a, "variation"), 2.0);
}

#[wasm_bindgen_test]
fn experiment_counts_from_the_log() {
    let log = EventLog::from_rows(
        js(r#"[
          { "user": "u1", "ts": 1000, "event": "order", "variant": "A" },
          { "user": "u1", "ts": 2000, "event": "pay", "variant": "A", "amount": 990 },
          { "user": "u2", "ts": 1000, "event": "order", "variant": "B" },
          { "user": "u3", "ts": 1000, "event": "pay", "variant": "B", "amount": 500 },
          { "user": "u3", "ts": 2000, "event": "order", "variant": "B" },
          { "user": "u4", "ts": 1000, "event": "order", "variant": "A" },
          { "user": "u4", "ts": 2000, "event": "order", "variant": "B" }
        ]"#),
        js(r#"{ "props": { "amount": "money" } }"#),
    )
    .unwrap();
    let counts = log
        .experiment(js(r#"{ "variantProp": "variant", "exposureEvent": "order", "conversionEvent": "pay", "valueProp": "amount" }"#))
        .unwrap();
    let variants = js_sys::Array::from(&prop(&counts, "variants"));
    let (a, b) = (variants.get(0), variants.get(1));
    // u1 converts (990 分); u3's pay came before its exposure; u4 saw both variants.
    assert_eq!(
        (
            num(&a, "users"),
            num(&a, "conversions"),
            num(&a, "valueTotalFen")
        ),
        (1.0, 1.0, 990.0)
    );
    assert_eq!(
        (
            num(&b, "users"),
            num(&b, "conversions"),
            num(&b, "valueTotalFen")
        ),
        (2.0, 0.0, 0.0)
    );
    assert_eq!(num(&counts, "multipleExposures"), 1.0);
    assert_error(
        log.experiment(js(
            r#"{ "variantProp": "amount", "conversionEvent": "pay" }"#,
        )),
        "INVALID_INPUT",
        "variantProp",
    );
    assert_error(
        log.experiment(js(
            r#"{ "variantProp": "variant", "conversionEvent": "refund" }"#,
        )),
        "NOT_FOUND",
        "conversionEvent",
    );
}

#[wasm_bindgen_test]
fn bad_input_is_a_typed_error_and_the_module_keeps_working() {
    let cases = [
        (
            r#"{ "variants": [{ "users": 10, "conversions": 11 }, { "users": 10, "conversions": 1 }] }"#,
            "INVALID_INPUT",
            "variants[0].conversions",
        ),
        (
            r#"{ "variants": [{ "users": -1, "conversions": 0 }, { "users": 10, "conversions": 1 }] }"#,
            "INVALID_INPUT",
            "variants[0].users",
        ),
        (
            r#"{ "variants": [{ "users": 10, "conversions": 2.5 }, { "users": 10, "conversions": 1 }] }"#,
            "INVALID_INPUT",
            "variants[0].conversions",
        ),
        (
            r#"{ "variants": [{ "users": 10, "conversions": 1 }] }"#,
            "INVALID_INPUT",
            "variants",
        ),
        (
            r#"{ "variants": [{ "users": 10, "conversions": 1 }, { "users": 10, "conversions": 1 }], "alpha": 1.5 }"#,
            "OUT_OF_RANGE",
            "alpha",
        ),
        (
            r#"{ "variants": [{ "users": 10, "conversions": 1 }, { "users": 10, "conversions": 1 }], "weights": [1, -1] }"#,
            "INVALID_INPUT",
            "weights[1]",
        ),
        (
            r#"{ "variants": [{ "users": "ten", "conversions": 1 }, { "users": 10, "conversions": 1 }] }"#,
            "INVALID_INPUT",
            "variants[0].users",
        ),
        (
            r#"{ "variants": [{ "users": 10, "conversions": 1 }, { "users": 10, "conversions": 1 }], "method": "magic" }"#,
            "INVALID_INPUT",
            "method",
        ),
        (
            r#"{ "variants": [{ "users": 10, "conversions": 1 }, { "users": 10, "conversion": 1 }] }"#,
            "INVALID_INPUT",
            "variants[1].conversion",
        ),
        (
            r#"{ "variants": [{ "users": 10, "conversions": 1 }, { "users": 10, "conversions": 1 }], "alhpa": 0.01 }"#,
            "INVALID_INPUT",
            "alhpa",
        ),
    ];
    for (def, code, field) in cases {
        // The same error whether the definition arrives as an object or also packed.
        assert_error(ab_test_js(js(def), None), code, field);
        assert_error(ab_test_js(js(def), Some(packed(def))), code, field);
    }
    // NaN and Infinity cannot be written in JSON: set them from JS.
    let def = js(
        r#"{ "variants": [{ "users": 10, "conversions": 1 }, { "users": 10, "conversions": 1 }] }"#,
    );
    js_sys::Reflect::set(
        &js_sys::Array::from(&prop(&def, "variants")).get(1),
        &"users".into(),
        &JsValue::from_f64(f64::NAN),
    )
    .unwrap();
    assert_error(ab_test_js(def, None), "INVALID_INPUT", "variants[1].users");
    // Packed, NaN crosses as NaN and meets the same check.
    let text = r#"{ "variants": [{ "users": 10, "conversions": 1 }, { "users": 12345, "conversions": 1 }] }"#;
    let nan = packed(text)
        .into_iter()
        .map(|x| if x == 12345.0 { f64::NAN } else { x })
        .collect();
    assert_error(
        ab_test_js(js(text), Some(nan)),
        "INVALID_INPUT",
        "variants[1].users",
    );
    assert_error(
        ab_test_js(JsValue::from_str("nope"), None),
        "INVALID_INPUT",
        "",
    );
    assert_error(
        sample_size(js(r#"{ "baseline": 1.2, "mde": 0.1 }"#)),
        "OUT_OF_RANGE",
        "baseline",
    );
    assert_error(
        assign_variant_js(js(
            r#"{ "experimentKey": "k", "userId": "u", "weights": [0, 0] }"#,
        )),
        "INVALID_INPUT",
        "weights",
    );
    assert_error(
        assign_variant_js(js(r#"{ "experimentKey": "k", "userId": 1.5 }"#)),
        "INVALID_INPUT",
        "userId",
    );
    // Still answering.
    let length = ab_test_js(
        js(r#"{ "variants": [{ "users": 10, "conversions": 1 }, { "users": 10, "conversions": 2 }] }"#),
        None,
    )
    .unwrap();
    assert!(tape(length).len() > 20);
}
