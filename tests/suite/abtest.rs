use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::abtest::{
    ab_test_js, assign_variant_js, bayes_test, mde, power, sample_size, sequential_test,
};
use yunying::wasm::events::EventLog;

use super::support::{assert_error, js, num, prop};

fn first(value: &JsValue, key: &str) -> JsValue {
    js_sys::Array::from(&prop(value, key)).get(0)
}

#[wasm_bindgen_test]
fn conversions_through_js() {
    let r = ab_test_js(js(r#"{ "variants": [{ "name": "A", "users": 10000, "conversions": 1000 }, { "name": "B", "users": 10000, "conversions": 1100 }] }"#)).unwrap();
    let c = first(&r, "comparisons");
    // statsmodels test_proportions_2indep(1100, 10000, 1000, 10000, method='wald'): z = 2.3069…, p = 0.02106…
    assert!((num(&c, "statistic") - 2.306939_f64).abs() < 1e-5);
    assert!((num(&c, "pValue") - 0.021_06).abs() < 1e-4);
    assert_eq!(prop(&c, "verdict").as_string().as_deref(), Some("better"));
    assert_eq!(prop(&prop(&r, "srm"), "mismatch").as_bool(), Some(false));
    // An unbounded side of an interval is null, never Infinity.
    let one_sided = ab_test_js(js(r#"{ "variants": [{ "users": 100, "conversions": 10 }, { "users": 100, "conversions": 12 }], "alternative": "greater" }"#)).unwrap();
    assert!(prop(
        &prop(&first(&one_sided, "comparisons"), "differenceInterval"),
        "upper"
    )
    .is_null());
}

#[wasm_bindgen_test]
fn raw_values_as_a_float64array() {
    let def = js(r#"{ "variants": [{ "name": "A" }, { "name": "B" }] }"#);
    let variants = js_sys::Array::from(&prop(&def, "variants"));
    let a = js_sys::Float64Array::from(&[1.0, 2.0, 3.0, 4.0][..]);
    let b = js_sys::Float64Array::from(&[2.0, 3.0, 5.0, 9.0][..]);
    js_sys::Reflect::set(&variants.get(0), &"values".into(), &a).unwrap();
    js_sys::Reflect::set(&variants.get(1), &"values".into(), &b).unwrap();
    let c = first(&ab_test_js(def).unwrap(), "comparisons");
    // scipy.stats.ttest_ind([2,3,5,9], [1,2,3,4], equal_var=False): t = 1.34164…, df = 4.01284…
    assert!((num(&c, "statistic") - 1.341_640_786_499_874).abs() < 1e-9);
    assert!((num(&c, "df") - 4.012_844_036_697_247).abs() < 1e-9);
}

#[wasm_bindgen_test]
fn bayesian_sequential_planning_assignment() {
    let def = r#"{ "variants": [{ "users": 100, "conversions": 10 }, { "users": 100, "conversions": 15 }] }"#;
    let b = first(&bayes_test(js(def)).unwrap(), "bayesian");
    let ctw = num(&b, "chanceToWin");
    assert!(ctw > 0.8 && ctw < 0.9, "{ctw}");
    let s = sequential_test(js(def)).unwrap();
    assert_eq!(
        prop(&s, "method").as_string().as_deref(),
        Some("sequential")
    );
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
    ];
    for (def, code, field) in cases {
        assert_error(ab_test_js(js(def)), code, field);
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
    assert_error(ab_test_js(def), "INVALID_INPUT", "variants[1].users");
    assert_error(ab_test_js(JsValue::from_str("nope")), "INVALID_INPUT", "");
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
    let r = ab_test_js(js(
        r#"{ "variants": [{ "users": 10, "conversions": 1 }, { "users": 10, "conversions": 2 }] }"#,
    ))
    .unwrap();
    assert_eq!(js_sys::Array::from(&prop(&r, "comparisons")).length(), 1);
}
