use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use yunying::wasm::lottery::{
    campaign_cost_js, card_collection, design_cards, server_seed_hash, split_red_packet,
    verifiable_draw, verify_draw, PrizePool,
};

use super::support::{assert_error, js, num, packed, prop};

const PRIZES: &str = r#"{ "prizes": [
    { "id": "iphone", "name": "iPhone", "weight": 1, "stock": 1, "value": 599900 },
    { "id": "coupon", "name": "5元券", "weight": 99, "value": 500 },
    { "id": "thanks", "name": "谢谢参与", "weight": 900 } ] }"#;

fn text(value: &JsValue, key: &str) -> String {
    prop(value, key).as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn crypto_randomness_works_without_a_seed() {
    // No seed: the pool is keyed from crypto.getRandomValues through getrandom's wasm_js backend.
    let mut a = PrizePool::new(js(
        r#"{ "prizes": [{ "id": "a", "weight": 1 }, { "id": "b", "weight": 1 }] }"#,
    ))
    .unwrap();
    let mut b = PrizePool::new(js(
        r#"{ "prizes": [{ "id": "a", "weight": 1 }, { "id": "b", "weight": 1 }] }"#,
    ))
    .unwrap();
    let sa = js_sys::Uint8Array::from(prop(
        &a.draw_many(256.0, None, JsValue::UNDEFINED).unwrap(),
        "sequence",
    ))
    .to_vec();
    let sb = js_sys::Uint8Array::from(prop(
        &b.draw_many(256.0, None, JsValue::UNDEFINED).unwrap(),
        "sequence",
    ))
    .to_vec();
    assert_ne!(
        sa, sb,
        "two cryptographically seeded pools drew the same 256 draws"
    );
    assert!(sa.contains(&0) && sa.contains(&1));
    // A cryptographic pool does not export a stream position.
    assert!(prop(&a.export_state().unwrap(), "rng").is_null());
    // Red packets without a seed use it too.
    let split = split_red_packet(js(r#"{ "totalFen": 10000, "count": 10 }"#)).unwrap();
    let amounts = js_sys::Array::from(&prop(&split, "amountsFen"));
    let sum: f64 = amounts.iter().map(|v| v.as_f64().unwrap()).sum();
    assert_eq!(sum, 10_000.0);
}

#[wasm_bindgen_test]
fn pool_draws_odds_and_state() {
    let config = js(PRIZES);
    js_sys::Reflect::set(&config, &"seed".into(), &JsValue::from(7)).unwrap();
    let mut pool = PrizePool::new(config).unwrap();
    let odds = pool.odds(JsValue::UNDEFINED).unwrap();
    let first = js_sys::Array::from(&prop(&odds, "prizes")).get(0);
    assert_eq!(text(&prop(&first, "configured"), "fraction"), "1/1000");
    let what_if = pool.odds(js(r#"{ "assumeSoldOut": ["iphone"] }"#)).unwrap();
    let coupon = js_sys::Array::from(&prop(&what_if, "prizes")).get(1);
    assert_eq!(text(&prop(&coupon, "current"), "fraction"), "11/111");

    let draw = pool.draw(Some("u1".into())).unwrap();
    assert_eq!(num(&draw, "drawNumber"), 1.0);
    let many = pool
        .draw_many(5000.0, Some("u2".into()), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(num(&many, "drawn"), 5000.0);
    // Three prizes: one byte per draw.
    let sequence = prop(&many, "sequence");
    assert!(sequence.is_instance_of::<js_sys::Uint8Array>());
    assert_eq!(js_sys::Uint8Array::from(sequence).length(), 5000);
    let state = pool.export_state().unwrap();
    // The single iPhone went (5001 draws at 1/1000): stock 0, never negative.
    assert_eq!(num(&prop(&state, "remaining"), "iphone"), 0.0);
    let wins = js_sys::Array::from(&prop(&many, "counts"))
        .get(0)
        .as_f64()
        .unwrap();
    assert!(wins <= 1.0);
    pool.restore(state).unwrap();
}

#[wasm_bindgen_test]
fn draws_without_a_sequence_count_the_same_draws() {
    let seeded = || {
        let config = js(PRIZES);
        js_sys::Reflect::set(
            &config,
            &"pity".into(),
            &js(r#"{ "every": 10, "prizeIds": ["iphone", "coupon"] }"#),
        )
        .unwrap();
        js_sys::Reflect::set(&config, &"seed".into(), &JsValue::from(3)).unwrap();
        PrizePool::new(config).unwrap()
    };
    let (mut with, mut without) = (seeded(), seeded());
    let listed = with
        .draw_many(20_000.0, Some("u".into()), js(r#"{ "sequence": true }"#))
        .unwrap();
    let counted = without
        .draw_many(20_000.0, Some("u".into()), js(r#"{ "sequence": false }"#))
        .unwrap();
    assert!(prop(&counted, "sequence").is_undefined());
    let json = |v: &JsValue| js_sys::JSON::stringify(v).unwrap().as_string().unwrap();
    assert_eq!(
        json(&prop(&counted, "counts")),
        json(&prop(&listed, "counts"))
    );
    assert_eq!(num(&counted, "pityDraws"), num(&listed, "pityDraws"));
    // The sequence's own tally is the counts.
    let mut tally = [0.0; 3];
    for i in js_sys::Uint8Array::from(prop(&listed, "sequence")).to_vec() {
        tally[usize::from(i)] += 1.0;
    }
    let counts: Vec<f64> = js_sys::Array::from(&prop(&listed, "counts"))
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(tally.to_vec(), counts);
    assert_eq!(
        json(&without.export_state().unwrap()),
        json(&with.export_state().unwrap())
    );
    // More than 256 prizes: two bytes per draw.
    let prizes: Vec<String> = (0..300)
        .map(|i| format!(r#"{{ "id": "p{i}", "weight": 1 }}"#))
        .collect();
    let mut wide = PrizePool::new(js(&format!(
        r#"{{ "prizes": [{}], "seed": 1 }}"#,
        prizes.join(",")
    )))
    .unwrap();
    let many = wide.draw_many(1000.0, None, JsValue::UNDEFINED).unwrap();
    assert!(prop(&many, "sequence").is_instance_of::<js_sys::Uint16Array>());
    // An unknown option is named, and the pool still answers.
    assert_error(
        without.draw_many(1.0, None, js(r#"{ "sequense": false }"#)),
        "INVALID_INPUT",
        "options.sequense",
    );
    assert_error(
        without.draw_many(1.0, None, js(r#"{ "sequence": "no" }"#)),
        "INVALID_INPUT",
        "options.sequence",
    );
    assert_eq!(
        num(
            &without.draw_many(1.0, None, JsValue::UNDEFINED).unwrap(),
            "drawn"
        ),
        1.0
    );
}

#[wasm_bindgen_test]
fn verifiable_draw_round_trip() {
    let request = r#"{ "serverSeed": "s3cret", "clientSeed": "me", "nonce": 3,
        "prizes": [{ "id": "a", "weight": 1 }, { "id": "b", "weight": 3 }] }"#;
    let proof = verifiable_draw(js(request), None).unwrap();
    // Packed (as the package passes it), the same request gives the same proof.
    let from_packed = verifiable_draw(js(request), Some(packed(request))).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&proof).unwrap(),
        js_sys::JSON::stringify(&from_packed).unwrap()
    );
    assert_eq!(text(&proof, "serverSeedHash"), server_seed_hash("s3cret"));
    let check = format!(
        r#"{{ "serverSeed": "s3cret", "serverSeedHash": "{}", "clientSeed": "me", "nonce": 3,
        "prizes": [{{ "id": "a", "weight": 1 }}, {{ "id": "b", "weight": 3 }}], "prizeId": "{}" }}"#,
        server_seed_hash("s3cret"),
        text(&proof, "prizeId")
    );
    for packed_check in [None, Some(packed(&check))] {
        let verification = verify_draw(js(&check), packed_check).unwrap();
        assert_eq!(prop(&verification, "valid").as_bool(), Some(true));
    }
    // The README's vector (cross-checked with openssl and Python in tests/reference/lottery/gen.py).
    assert_eq!(
        server_seed_hash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        "7b3d979ca8330a94fa7e9e1b466d8b99e0bcdea1ec90596c0dcc8d7ef6b4300c"
    );
}

#[wasm_bindgen_test]
fn cards_and_cost() {
    let report = card_collection(js(
        r#"{ "probabilities": [0.25, 0.25, 0.25, 0.25], "draws": [4, 8] }"#,
    ))
    .unwrap();
    // 4 · H_4 = 25/3.
    assert!((num(&report, "expectedDraws") - 25.0 / 3.0).abs() < 1e-12);
    let design = design_cards(js(
        r#"{ "cards": 5, "drawsPerUser": 20, "participants": 1000, "targetCompletions": 100 }"#,
    ))
    .unwrap();
    assert!((num(&design, "expectedCompletions") - 100.0).abs() < 1e-6);
    let input =
        js(r#"{ "participants": 1000, "drawsPerUser": 1, "runs": 50, "seed": 1, "budgetFen": 0 }"#);
    js_sys::Reflect::set(&input, &"pool".into(), &js(PRIZES)).unwrap();
    let cost = campaign_cost_js(input).unwrap();
    assert_eq!(
        text(&prop(&cost, "expectedFenUncapped"), "fraction"),
        "649400/1"
    );
    assert!(num(&cost, "p99Fen") >= num(&cost, "p50Fen"));
}

#[wasm_bindgen_test]
fn bad_input_is_a_typed_error_and_the_module_keeps_working() {
    let pool = |json: &str| PrizePool::new(js(json)).map(|_| ());
    assert_error(
        pool(r#"{ "prizes": [{ "id": "a", "weight": 0 }] }"#),
        "INVALID_INPUT",
        "prizes[0].weight",
    );
    assert_error(
        pool(r#"{ "prizes": [{ "id": "a", "weight": -2 }] }"#),
        "INVALID_INPUT",
        "prizes[0].weight",
    );
    assert_error(
        pool(r#"{ "prizes": [{ "id": "a", "weight": 1.5 }] }"#),
        "INVALID_INPUT",
        "prizes[0].weight",
    );
    assert_error(
        pool(r#"{ "prizes": [{ "id": "a", "weight": 1 }, { "id": "a", "weight": 1 }] }"#),
        "INVALID_INPUT",
        "prizes[1].id",
    );
    assert_error(
        pool(r#"{ "prizes": [{ "id": "a", "weight": 1, "stock": 0 }] }"#),
        "INVALID_INPUT",
        "prizes",
    );
    // Beyond 2^53 a JS number is not an exact integer any more.
    assert_error(
        pool(r#"{ "prizes": [{ "id": "a", "weight": 1, "stock": 9007199254740992 }] }"#),
        "INVALID_INPUT",
        "prizes[0].stock",
    );
    assert_error(
        pool(
            r#"{ "prizes": [{ "id": "a", "weight": 1, "stock": 9007199254740991, "value": 2 }] }"#,
        ),
        "OVERFLOW",
        "prizes[0].stock",
    );
    assert_error(
        pool(
            r#"{ "prizes": [{ "id": "a", "weight": 1 }], "pity": { "every": 3, "prizeIds": ["b"] } }"#,
        ),
        "NOT_FOUND",
        "pity.prizeIds[0]",
    );
    assert_error(
        pool(r#"{ "prizes": [{ "id": "a", "weight": 1 }], "soldOut": "sometimes" }"#),
        "INVALID_INPUT",
        "soldOut",
    );
    assert_error(pool(r#"{ "prizes": "many" }"#), "INVALID_INPUT", "prizes");
    assert_error(
        split_red_packet(js(r#"{ "totalFen": 5, "count": 10 }"#)),
        "INVALID_INPUT",
        "totalFen",
    );
    assert_error(
        card_collection(js(r#"{ "probabilities": [0.5, 0.6] }"#)),
        "INVALID_INPUT",
        "probabilities",
    );
    let bad_client = r#"{ "serverSeed": "s", "serverSeedHash": "x", "clientSeed": "a:b", "nonce": 1, "prizes": [{ "id": "a", "weight": 1 }] }"#;
    // A pool's prize, stock and all: the proof covers id and weight only, so the rest is refused.
    let pool_prize = r#"{ "serverSeed": "s", "clientSeed": "a", "nonce": 1, "prizes": [{ "id": "a", "weight": 1, "stock": 5 }] }"#;
    for packed_input in [None, Some(packed(bad_client))] {
        assert_error(
            verify_draw(js(bad_client), packed_input),
            "INVALID_INPUT",
            "clientSeed",
        );
    }
    for packed_input in [None, Some(packed(pool_prize))] {
        assert_error(
            verifiable_draw(js(pool_prize), packed_input),
            "INVALID_INPUT",
            "prizes[0].stock",
        );
    }

    // An empty pool says so and changes nothing.
    let mut empty = PrizePool::new(js(
        r#"{ "prizes": [{ "id": "a", "weight": 1, "stock": 1 }], "seed": 1 }"#,
    ))
    .unwrap();
    empty.draw(None).unwrap();
    assert!(empty.is_empty());
    let before = js_sys::JSON::stringify(&empty.export_state().unwrap()).unwrap();
    assert_error(empty.draw(None), "INVALID_STATE", "");
    assert_error(
        empty.draw_many(3.0, None, JsValue::UNDEFINED),
        "INVALID_STATE",
        "",
    );
    assert_error(
        empty.draw_many(-1.0, None, JsValue::UNDEFINED),
        "INVALID_INPUT",
        "count",
    );
    assert_error(
        empty.draw_many(1e12, None, JsValue::UNDEFINED),
        "OUT_OF_RANGE",
        "count",
    );
    assert_eq!(
        js_sys::JSON::stringify(&empty.export_state().unwrap()).unwrap(),
        before
    );
    assert_error(
        empty.restore(js(
            r#"{ "version": 1, "draws": 0, "remaining": { "a": 2 } }"#,
        )),
        "OUT_OF_RANGE",
        "state.remaining.a",
    );

    // Still answering.
    let mut ok = PrizePool::new(js(PRIZES)).unwrap();
    assert!(ok.draw(None).is_ok());
}

#[wasm_bindgen_test]
fn bulk_random_words_are_the_generators_own_keystream() {
    use yunying::lottery::rng::Rng;
    // `fill_words` makes whole groups of ChaCha blocks with SIMD in wasm: the words and the stream
    // position after them must be those of the generator's one-word-at-a-time path, from any
    // position (whole blocks, half-way into a block, an odd 32-bit word in) and for any length.
    for seed in [0u64, 7, u64::MAX] {
        for skip in [0usize, 1, 2, 5, 16, 31] {
            for len in [1usize, 31, 32, 33, 64, 682, 1000] {
                let (mut bulk, mut single) = (Rng::from_seed(seed), Rng::from_seed(seed));
                for _ in 0..skip {
                    bulk.next_u32();
                    single.next_u32();
                }
                let mut words = vec![0u64; len];
                bulk.fill_words(&mut words);
                let expected: Vec<u64> = (0..len).map(|_| single.next_u64()).collect();
                assert!(
                    words == expected,
                    "seed {seed}, {skip} words in, {len} words"
                );
                assert_eq!(bulk.position(), single.position());
                assert_eq!(bulk.next_u64(), single.next_u64());
            }
        }
    }
}
