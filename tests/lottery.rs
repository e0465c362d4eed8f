//! The lottery core against independent references (tests/reference/lottery/gen.py: scipy,
//! Python's hmac + openssl, fractions, mpmath) and its invariants (property tests).

use proptest::prelude::*;
use serde_json::{json, Value};
use yunying::error::{Error, ErrorCode};
use yunying::lottery::cards::{self, CardsInput, DesignInput, ExpectationMethod};
use yunying::lottery::config::PoolConfig;
use yunying::lottery::cost::{campaign_cost, CostInput};
use yunying::lottery::pool::{PrizePool, Sequence};
use yunying::lottery::red_packet::{split, RedPacketInput, SplitMode};
use yunying::lottery::verifiable::{self, DrawInput, VerifyInput};

fn reference() -> Value {
    let text = include_str!("reference/lottery/reference.json");
    serde_json::from_str(text).unwrap()
}

fn pool(config: Value) -> PrizePool {
    PrizePool::new(&serde_json::from_value::<PoolConfig>(config).unwrap()).unwrap()
}

fn pool_error(config: Value) -> Error {
    match serde_json::from_value::<PoolConfig>(config) {
        Ok(config) => PrizePool::new(&config)
            .err()
            .expect("the config should be rejected"),
        Err(e) => panic!("not even parsed: {e}"),
    }
}

fn fractions(pool: &PrizePool, what_if: &[&str]) -> Value {
    let ids: Vec<String> = what_if.iter().map(|s| s.to_string()).collect();
    let odds = pool.odds(&ids).unwrap();
    odds.prizes
        .iter()
        .map(|p| (p.id.clone(), Value::from(p.current.fraction.clone())))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

// ---------- exact odds ----------

fn odds_pool(policy: &str) -> PrizePool {
    let r = reference();
    let mut config = json!({ "prizes": r["odds"]["prizes"].clone(), "seed": 5 });
    if policy == "fallback" {
        config["soldOut"] = json!("fallback");
        config["fallbackId"] = json!("none");
    }
    for p in config["prizes"].as_array_mut().unwrap() {
        if p["stock"].is_null() {
            p.as_object_mut().unwrap().remove("stock");
        }
    }
    pool(config)
}

#[test]
fn odds_are_exact_fractions_before_and_after_stock_outs() {
    let r = &reference()["odds"];
    for policy in ["renormalize", "fallback"] {
        let mut pool = odds_pool(policy);
        let configured = pool.odds(&[]).unwrap();
        for p in &configured.prizes {
            assert_eq!(
                p.configured.fraction, r["configured"][&p.id],
                "{policy} {}",
                p.id
            );
        }
        // p2 starts with no stock; a what-if says what happens when p1 sells out too.
        assert_eq!(fractions(&pool, &[]), r[policy], "{policy}");
        let after = format!("{policy}AfterP1");
        assert_eq!(fractions(&pool, &["p1"]), r[&after], "{policy} what-if");
        // Really drawing p1's single unit gives the same odds.
        while pool.remaining()[0] != Some(0) {
            pool.draw(Some("someone")).unwrap();
        }
        assert_eq!(fractions(&pool, &[]), r[&after], "{policy} after the draw");
    }
}

#[test]
fn the_expected_value_of_a_draw_is_an_exact_fraction() {
    let pool = pool(json!({ "prizes": [
        { "id": "a", "weight": 1, "value": 10000 },
        { "id": "b", "weight": 2, "value": 1 },
        { "id": "c", "weight": 4 } ] }));
    // (10000 + 2) / 7
    assert_eq!(
        pool.odds(&[]).unwrap().configured_value_fen.fraction,
        "10002/7"
    );
}

// ---------- chi-square goodness of fit ----------

fn chi_square(counts: &[u64], weights: &[u64]) -> f64 {
    let n: u64 = counts.iter().sum();
    let total: u64 = weights.iter().sum();
    counts
        .iter()
        .zip(weights)
        .map(|(&c, &w)| {
            let expected = n as f64 * w as f64 / total as f64;
            (c as f64 - expected).powi(2) / expected
        })
        .sum()
}

#[test]
fn a_million_seeded_draws_fit_the_weights() {
    // H0: draws follow weight / total. Significance level alpha = 0.001 (critical value from
    // scipy.stats.chi2.ppf(0.999, 4)); the seed is fixed, so the test is deterministic.
    let r = &reference()["chiSquare"];
    let weights: Vec<u64> = serde_json::from_value(r["weights"].clone()).unwrap();
    let critical = r["critical"].as_f64().unwrap();
    let prizes: Vec<Value> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| json!({ "id": format!("p{i}"), "weight": w }))
        .collect();
    let mut pool = pool(json!({ "prizes": prizes, "seed": 20_251_111 }));
    let many = pool
        .draw_many(r["draws"].as_u64().unwrap(), None, true)
        .unwrap();
    let statistic = chi_square(&many.counts, &weights);
    assert!(
        statistic < critical,
        "chi2 = {statistic} ≥ {critical}; counts {:?}",
        many.counts
    );
    // The test can fail: the same counts against weights off by one part in a thousand are rejected.
    let wrong = [2, 8, 90, 400, 500];
    assert!(chi_square(&many.counts, &wrong) > critical);
}

// ---------- pool behaviour ----------

#[test]
fn pity_guarantees_a_prize_within_every_draws() {
    let mut pool = pool(json!({
        "prizes": [{ "id": "gold", "weight": 1 }, { "id": "silver", "weight": 9 }, { "id": "none", "weight": 990 }],
        "pity": { "every": 10, "prizeIds": ["gold", "silver"] }, "seed": 1 }));
    let mut since = 0;
    let mut pity_draws = 0;
    for _ in 0..10_000 {
        let d = pool.draw(Some("u1")).unwrap();
        pity_draws += u32::from(d.by_pity);
        if d.prize_id == "none" {
            since += 1;
            assert!(since < 10, "ten draws without a pity prize");
        } else {
            since = 0;
        }
    }
    assert!(
        pity_draws > 800,
        "most pity prizes come from pity here: {pity_draws}"
    );
    // Each user has their own counter.
    assert_eq!(pool.export_state().users["u1"].since_pity, since);
}

#[test]
fn many_draws_keep_pity_stock_and_limits() {
    // draw_many takes outcomes from batches drawn ahead: the same rules must hold draw by draw.
    let mut pool = pool(json!({
        "prizes": [
            { "id": "gold", "weight": 1, "stock": 40 },
            { "id": "silver", "weight": 9, "userLimit": 25 },
            { "id": "bronze", "weight": 40 },
            { "id": "none", "weight": 950 }],
        "pity": { "every": 7, "prizeIds": ["gold", "bronze"] }, "seed": 11 }));
    let many = pool.draw_many(200_000, Some("u"), true).unwrap();
    assert_eq!(many.drawn, 200_000);
    let mut counts = vec![0u64; 4];
    let mut since = 0;
    for i in many.sequence.indexes() {
        counts[i] += 1;
        since = if i == 0 || i == 2 { 0 } else { since + 1 };
        assert!(since < 7, "seven draws without a pity prize");
    }
    assert_eq!(counts, many.counts, "counts are the sequence's");
    assert_eq!(
        (counts[0], counts[1]),
        (40, 25),
        "stock and the user limit, exactly"
    );
    assert_eq!(pool.remaining()[0], Some(0));
    assert_eq!(pool.export_state().users["u"].since_pity, since);
    assert!(many.pity_draws > 10_000, "{}", many.pity_draws);
}

#[test]
fn simulated_participants_each_start_a_fresh_pity_count() {
    // Only pity brings the valued prize (1 in 10^6 otherwise). With pity every 3 draws, a
    // participant making 2 draws never reaches it and one making 4 reaches it once: counters
    // carried from one participant to the next would give 2/3 and 4/3 per participant instead.
    let pool = json!({ "prizes": [
        { "id": "pity", "weight": 1, "value": 1 }, { "id": "none", "weight": 999_999 }],
        "pity": { "every": 3, "prizeIds": ["pity"] } });
    for (draws_per_user, per_participant) in [(2, 0), (4, 1)] {
        let report = campaign_cost(&CostInput {
            pool: serde_json::from_value(pool.clone()).unwrap(),
            participants: 3000,
            draws_per_user,
            runs: Some(2),
            budget_fen: None,
            seed: Some(5),
        })
        .unwrap();
        let expected = 3000 * per_participant;
        assert!(
            (report.min_fen - expected).abs() <= 2 && (report.max_fen - expected).abs() <= 2,
            "{draws_per_user} draws each: {} … {} 分",
            report.min_fen,
            report.max_fen
        );
    }
}

#[test]
fn counts_only_draws_match_the_same_seeded_draws_with_a_sequence() {
    let config = json!({
        "prizes": [{ "id": "gold", "weight": 1, "stock": 30 },
            { "id": "silver", "weight": 9, "userLimit": 20 },
            { "id": "none", "weight": 990 }],
        "pity": { "every": 5, "prizeIds": ["gold", "silver"] }, "seed": 5 });
    let (mut with, mut without) = (pool(config.clone()), pool(config));
    let listed = with.draw_many(100_000, Some("u"), true).unwrap();
    let counted = without.draw_many(100_000, Some("u"), false).unwrap();
    assert_eq!(counted.sequence, Sequence::Skipped);
    assert_eq!(
        (
            counted.counts.clone(),
            counted.pity_draws,
            counted.value_fen
        ),
        (listed.counts.clone(), listed.pity_draws, listed.value_fen)
    );
    assert_eq!(counted.counts[0], 30, "the gold stock ran out in both");
    assert_eq!(without.export_state(), with.export_state());
    // Up to 256 prizes an index takes a byte; beyond, two.
    assert!(matches!(listed.sequence, Sequence::Narrow(ref v) if v.len() == 100_000));
    let prizes: Vec<Value> = (0..257)
        .map(|i| json!({ "id": format!("p{i}"), "weight": 1 }))
        .collect();
    let many = pool(json!({ "prizes": prizes, "seed": 1 }))
        .draw_many(10_000, None, true)
        .unwrap();
    let Sequence::Wide(wide) = &many.sequence else {
        panic!("257 prizes: {:?}", many.sequence)
    };
    assert!(
        wide.iter().any(|&i| i >= 256),
        "an index past a byte's range"
    );
}

#[test]
fn user_limits_and_fallback() {
    let mut pool = pool(json!({
        "prizes": [{ "id": "big", "weight": 500, "userLimit": 1 }, { "id": "none", "weight": 500 }],
        "soldOut": "fallback", "fallbackId": "none", "seed": 2 }));
    let many = pool.draw_many(1000, Some("u"), true).unwrap();
    assert_eq!(many.counts[0], 1, "one big prize per user");
    let other = pool.draw_many(1000, Some("v"), true).unwrap();
    assert_eq!(other.counts[0], 1);
}

#[test]
fn renormalizing_pools_run_empty_and_then_change_nothing() {
    let mut pool = pool(json!({
        "prizes": [{ "id": "a", "weight": 1, "stock": 3 }, { "id": "b", "weight": 100, "stock": 5 }], "seed": 3 }));
    let many = pool.draw_many(100, None, true).unwrap();
    assert_eq!((many.drawn, many.exhausted), (8, true));
    assert_eq!(many.counts, vec![3, 5]);
    assert!(pool.is_empty());
    let before = pool.export_state();
    let err = pool.draw(None).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidState);
    assert!(err.message.contains("empty"), "{}", err.message);
    assert!(pool.draw_many(5, None, true).is_err());
    assert_eq!(pool.export_state(), before, "a failed draw changes nothing");
}

#[test]
fn exported_state_resumes_the_same_sequence() {
    let config = json!({
        "prizes": [{ "id": "a", "weight": 3, "stock": 50, "userLimit": 4 }, { "id": "b", "weight": 7 }],
        "pity": { "every": 3, "prizeIds": ["a"] }, "seed": 99 });
    let mut first = pool(config.clone());
    first.draw_many(20, Some("x"), true).unwrap();
    let state = first.export_state();
    let text = serde_json::to_string(&state).unwrap();
    let mut second = pool(config);
    second
        .restore(&serde_json::from_str(&text).unwrap())
        .unwrap();
    for _ in 0..30 {
        assert_eq!(
            first.draw(Some("x")).unwrap(),
            second.draw(Some("x")).unwrap()
        );
    }
    // A state that claims more stock than exists is refused and changes nothing.
    let mut bad = serde_json::from_str::<Value>(&text).unwrap();
    bad["remaining"]["a"] = json!(51);
    let err = second
        .restore(&serde_json::from_value(bad).unwrap())
        .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_str()),
        (ErrorCode::OutOfRange, "remaining.a")
    );
}

#[test]
fn bad_configs_name_the_field() {
    let cases = [
        (
            json!({ "prizes": [{ "id": "a", "weight": 0 }] }),
            ErrorCode::InvalidInput,
            "prizes[0].weight",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 1 }, { "id": "b", "weight": -3 }] }),
            ErrorCode::InvalidInput,
            "prizes[1].weight",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 1 }, { "id": "a", "weight": 2 }] }),
            ErrorCode::InvalidInput,
            "prizes[1].id",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 1, "stock": 0 }] }),
            ErrorCode::InvalidInput,
            "prizes",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 1, "stock": 9_007_199_254_740_992i64 }] }),
            ErrorCode::Overflow,
            "prizes[0].stock",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 1, "stock": 1_000_000_000_000i64, "value": 100_000 }] }),
            ErrorCode::Overflow,
            "prizes[0].stock",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 4_294_967_296i64 }, { "id": "b", "weight": 1 }] }),
            ErrorCode::Overflow,
            "prizes",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 1 }], "pity": { "every": 5, "prizeIds": ["zz"] } }),
            ErrorCode::NotFound,
            "pity.prizeIds[0]",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 1 }], "pity": { "every": 0, "prizeIds": ["a"] } }),
            ErrorCode::InvalidInput,
            "pity.every",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 1 }], "soldOut": "fallback" }),
            ErrorCode::InvalidInput,
            "fallbackId",
        ),
        (
            json!({ "prizes": [{ "id": "a", "weight": 1, "stock": 2 }], "soldOut": "fallback", "fallbackId": "a" }),
            ErrorCode::InvalidInput,
            "fallbackId",
        ),
        (json!({ "prizes": [] }), ErrorCode::InvalidInput, "prizes"),
    ];
    for (config, code, field) in cases {
        let err = pool_error(config.clone());
        assert_eq!(
            (err.code, err.field.as_str()),
            (code, field),
            "{config}: {}",
            err.message
        );
    }
}

// ---------- verifiable draws ----------

#[test]
fn verifiable_draws_match_python_and_openssl() {
    for v in reference()["verifiable"].as_array().unwrap() {
        let input: DrawInput = serde_json::from_value(json!({
            "serverSeed": v["serverSeed"], "clientSeed": v["clientSeed"], "nonce": v["nonce"], "prizes": v["prizes"] }))
        .unwrap();
        let note = v["note"].as_str().unwrap();
        let proof = verifiable::draw(&input).unwrap();
        assert_eq!(proof.server_seed_hash, v["serverSeedHash"], "{note}");
        assert_eq!(proof.ticket, v["ticket"], "{note}");
        assert_eq!(proof.round, v["round"], "{note}");
        assert_eq!(proof.chunk, v["chunk"], "{note}");
        assert_eq!(proof.hmac, v["hmac"], "{note}");
        assert_eq!(proof.prize_id, v["prizeId"], "{note}");
        let round0 =
            verifiable::round_hmac(&input.server_seed, &input.client_seed, input.nonce, 0).unwrap();
        assert_eq!(
            round0
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>(),
            v["hmacRound0"]
        );

        let check = |seed: &Value, hash: &Value, prize: &Value| {
            let input: VerifyInput = serde_json::from_value(json!({
                "serverSeed": seed, "serverSeedHash": hash, "clientSeed": v["clientSeed"],
                "nonce": v["nonce"], "prizes": v["prizes"], "prizeId": prize }))
            .unwrap();
            verifiable::verify(&input).unwrap()
        };
        let ok = check(&v["serverSeed"], &v["serverSeedHash"], &v["prizeId"]);
        assert!(
            ok.valid && ok.hash_matches && ok.prize_matches == Some(true),
            "{note}"
        );
        let wrong_prize = check(
            &v["serverSeed"],
            &v["serverSeedHash"],
            &json!("not-this-one"),
        );
        assert!(!wrong_prize.valid && wrong_prize.hash_matches);
        let other_seed = check(&json!("another seed"), &v["serverSeedHash"], &v["prizeId"]);
        assert!(!other_seed.valid && !other_seed.hash_matches, "{note}");
    }
}

#[test]
fn verifiable_inputs_are_checked() {
    let input = |client: &str, nonce: u64| DrawInput {
        server_seed: "s".into(),
        client_seed: client.into(),
        nonce,
        prizes: serde_json::from_value(json!([{ "id": "a", "weight": 1 }])).unwrap(),
    };
    assert_eq!(
        verifiable::draw(&input("a:b", 1)).unwrap_err().field,
        "clientSeed"
    );
    assert_eq!(
        verifiable::draw(&input("a", 1 << 53)).unwrap_err().field,
        "nonce"
    );
}

// ---------- red packets ----------

fn packet(total: i64, count: i64, min: i64, mode: SplitMode, seed: u64) -> Vec<i64> {
    split(&RedPacketInput {
        total_fen: total,
        count,
        min_fen: Some(min),
        mode,
        seed: Some(seed),
    })
    .unwrap()
    .amounts_fen
}

#[test]
fn double_mean_position_means_match_the_exact_enumeration() {
    for case in reference()["redPacket"].as_array().unwrap() {
        let (total, count, min) = (
            case["totalFen"].as_i64().unwrap(),
            case["count"].as_i64().unwrap(),
            case["minFen"].as_i64().unwrap(),
        );
        let exact: Vec<f64> = serde_json::from_value(case["positionMeans"].clone()).unwrap();
        let runs = 200_000;
        let mut sums = vec![0f64; count as usize];
        let mut fair_sums = vec![0f64; count as usize];
        for seed in 0..runs {
            for (s, a) in
                sums.iter_mut()
                    .zip(packet(total, count, min, SplitMode::DoubleMean, seed))
            {
                *s += a as f64;
            }
            for (s, a) in fair_sums
                .iter_mut()
                .zip(packet(total, count, min, SplitMode::Fair, seed))
            {
                *s += a as f64;
            }
        }
        // Amounts are below `total`, so the standard error of a mean is below total/√runs;
        // 5 of them is a 1-in-a-million miss, and the seeds are fixed.
        let tolerance = 5.0 * total as f64 / (runs as f64).sqrt();
        for (i, (&s, &want)) in sums.iter().zip(&exact).enumerate() {
            assert!(
                (s / runs as f64 - want).abs() < tolerance,
                "doubleMean position {i}: {} vs {want}",
                s / runs as f64
            );
        }
        let fair = total as f64 / count as f64;
        for (i, &s) in fair_sums.iter().enumerate() {
            assert!(
                (s / runs as f64 - fair).abs() < tolerance,
                "fair position {i}: {} vs {fair}",
                s / runs as f64
            );
        }
    }
}

#[test]
fn impossible_red_packets_are_refused() {
    let err = split(&RedPacketInput {
        total_fen: 99,
        count: 100,
        min_fen: None,
        mode: SplitMode::DoubleMean,
        seed: None,
    })
    .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_str()),
        (ErrorCode::InvalidInput, "totalFen")
    );
    let err = split(&RedPacketInput {
        total_fen: 100,
        count: 0,
        min_fen: None,
        mode: SplitMode::DoubleMean,
        seed: None,
    })
    .unwrap_err();
    assert_eq!(err.field, "count");
}

// ---------- card collection ----------

fn expected(p: Vec<f64>) -> (f64, ExpectationMethod) {
    let p = cards::checked_probabilities(&p).unwrap();
    cards::expected_draws(&p)
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[test]
fn equal_cards_take_n_times_h_n_draws() {
    for case in reference()["cards"]["equal"].as_array().unwrap() {
        let n = case["cards"].as_u64().unwrap() as usize;
        let want = case["expected"].as_f64().unwrap();
        let (got, method) = expected(vec![1.0 / n as f64; n]);
        assert!(
            close(got, want, 1e-9),
            "{n} cards ({method:?}): {got} vs {want}"
        );
        assert_eq!(
            method == ExpectationMethod::Integral,
            n > cards::MAX_INCLUSION_EXCLUSION
        );
    }
}

#[test]
fn unequal_cards_match_fractions_and_mpmath() {
    let r = &reference()["cards"];
    for name in ["unequal", "wufu", "twenty"] {
        let p: Vec<f64> = serde_json::from_value(r[name]["probabilities"].clone()).unwrap();
        let (got, _) = expected(p.clone());
        let want = r[name]["expected"].as_f64().unwrap();
        assert!(close(got, want, 1e-9), "{name}: {got} vs {want}");
        if let Some(within) = r[name]["within"].as_array() {
            let draws: Vec<i64> = within
                .iter()
                .map(|w| w["draws"].as_i64().unwrap())
                .collect();
            let report = cards::analyse(&CardsInput {
                probabilities: p,
                draws,
            })
            .unwrap();
            for (w, got) in within.iter().zip(&report.within) {
                let want = w["probability"].as_f64().unwrap();
                assert!(
                    (got.probability - want).abs() < 1e-12,
                    "{name} within {}: {} vs {want}",
                    got.draws,
                    got.probability
                );
            }
        }
    }
    // The two methods agree where both apply (16 unequal cards).
    let p: Vec<f64> = (1..=16).map(|i| i as f64 / 136.0).collect();
    let groups = cards::checked_probabilities(&p).unwrap();
    let by_subsets = cards::expected_draws(&groups).0;
    let mut seventeen = p.iter().map(|x| x * 136.0 / 137.0).collect::<Vec<_>>();
    seventeen.push(1.0 / 137.0);
    assert!(by_subsets > 0.0 && expected(seventeen).0 > by_subsets);
}

#[test]
fn equal_cards_within_n_match_stirling_numbers() {
    for case in reference()["cards"]["equalWithin"].as_array().unwrap() {
        let k = case["cards"].as_u64().unwrap() as usize;
        let n = case["draws"].as_u64().unwrap();
        let got = cards::completion_within(&vec![1.0 / k as f64; k], &[n]).unwrap()[0];
        let want = case["probability"].as_f64().unwrap();
        assert!(
            close(got, want, 1e-9),
            "{k} cards within {n}: {got} vs {want}"
        );
    }
}

#[test]
fn designs_hit_their_target() {
    let design = cards::design(&DesignInput {
        cards: 5,
        rare_cards: None,
        draws_per_user: 20,
        participants: 100_000,
        target_completions: 10_000.0,
    })
    .unwrap();
    assert!(
        close(design.expected_completions, 10_000.0, 1e-6),
        "{design:?}"
    );
    let p = &design.probabilities;
    assert!(close(p.iter().sum(), 1.0, 1e-12) && p[0] < p[1]);
    let check = cards::completion_within(p, &[20]).unwrap()[0];
    assert!(close(check * 100_000.0, 10_000.0, 1e-6));
    let too_many = cards::design(&DesignInput {
        cards: 5,
        rare_cards: None,
        draws_per_user: 5,
        participants: 10,
        target_completions: 9.0,
    });
    assert_eq!(too_many.unwrap_err().field, "targetCompletions");
    let bad = cards::analyse(&CardsInput {
        probabilities: vec![0.5, 0.4],
        draws: vec![],
    })
    .unwrap_err();
    assert_eq!(bad.field, "probabilities");
}

// ---------- campaign cost ----------

fn cost(pool: Value, participants: i64, budget: Option<i64>) -> yunying::lottery::cost::CostReport {
    campaign_cost(&CostInput {
        pool: serde_json::from_value(pool).unwrap(),
        participants,
        draws_per_user: 2,
        runs: Some(400),
        budget_fen: budget,
        seed: Some(8),
    })
    .unwrap()
}

#[test]
fn campaign_cost_without_stock_centres_on_the_exact_expectation() {
    let report = cost(
        json!({ "prizes": [
        { "id": "a", "weight": 1, "value": 10_000 }, { "id": "b", "weight": 99, "value": 100 }, { "id": "c", "weight": 900 } ] }),
        5_000,
        Some(2_500_000),
    );
    // 10000 draws × (10000 + 9900) / 1000 分 = 199000 分.
    assert_eq!(report.expected_fen_uncapped.fraction, "199000/1");
    // Standard deviation of one run: √(10000 · Var(one draw)) ≈ 10,060 分; the mean of 400 runs is within 5 of its SEs.
    assert!(
        (report.mean_fen - 199_000.0).abs() < 5.0 * 10_060.0 / 20.0,
        "{}",
        report.mean_fen
    );
    assert!(
        report.p50_fen <= report.p95_fen
            && report.p95_fen <= report.p99_fen
            && report.p99_fen <= report.max_fen
    );
    assert_eq!(report.runs_over_budget, Some(0));
    assert_eq!(report.cap_fen, None);
    assert_eq!(report.histogram.counts.iter().sum::<u64>(), 400);
}

#[test]
fn campaign_cost_honours_stock() {
    let report = cost(
        json!({ "prizes": [
        { "id": "a", "weight": 1, "value": 10_000, "stock": 3 }, { "id": "c", "weight": 99 } ] }),
        5_000,
        Some(20_000),
    );
    assert_eq!(report.cap_fen, Some(30_000));
    assert!(
        report.max_fen <= 30_000 && report.min_fen == 30_000,
        "100 expected wins, 3 in stock"
    );
    assert_eq!(report.probability_over_budget, Some(1.0));
}

#[test]
fn amounts_past_2_pow_53_fen_are_an_error_not_a_wrapped_sum() {
    // 2^53 − 1 分 a win: 1100 wins pass i64 (they wrapped before), 2 pass 2^53 (JS's exact integers).
    let dear = || json!({ "prizes": [{ "id": "gold", "weight": 1, "value": (1i64 << 53) - 1 }], "seed": 1 });
    for count in [2, 1100] {
        let mut pool = pool(dear());
        let err = pool.draw_many(count, None, false).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_str()),
            (ErrorCode::Overflow, "count")
        );
        assert_eq!(pool.draws(), 0, "a refused call draws nothing");
    }
    // One such win is exact.
    assert_eq!(
        pool(dear()).draw_many(1, None, false).unwrap().value_fen,
        (1i64 << 53) - 1
    );
    // A stock bounds the wins: 2 in stock at 2^51 分 is 2^52 分 at most, however many draws.
    let stocked = json!({ "prizes": [
        { "id": "gold", "weight": 1, "value": 1i64 << 51, "stock": 2 }, { "id": "none", "weight": 1 } ], "seed": 1 });
    assert!(pool(stocked.clone()).draw_many(10_000, None, false).is_ok());

    let campaign = |pool: Value, participants| {
        campaign_cost(&CostInput {
            pool: serde_json::from_value(pool).unwrap(),
            participants,
            draws_per_user: 1,
            runs: Some(2),
            budget_fen: None,
            seed: Some(1),
        })
    };
    let err = campaign(dear(), 1100).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_str()),
        (ErrorCode::Overflow, "participants")
    );
    assert!(campaign(stocked, 1100).is_ok());
    // The cap (Σ stock × value) past 2^53 分 is an error too, not a silently missing cap.
    let two_dear_stocks = json!({ "prizes": [
        { "id": "a", "weight": 1, "value": 1i64 << 52, "stock": 1 },
        { "id": "b", "weight": 1, "value": 1i64 << 52, "stock": 1 } ] });
    let err = campaign(two_dear_stocks, 1).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_str()),
        (ErrorCode::Overflow, "pool.prizes")
    );
}

// ---------- invariants ----------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn stock_is_never_overdrawn(
        prizes in proptest::collection::vec((1i64..50, proptest::option::of(0i64..20)), 1..8),
        draws in 0u64..400, seed in 0u64..1000, limit in proptest::option::of(1i64..4),
    ) {
        let list: Vec<Value> = prizes.iter().enumerate().map(|(i, (w, s))| {
            let mut p = json!({ "id": format!("p{i}"), "weight": w });
            if let Some(s) = s { p["stock"] = json!(s); }
            if let (0, Some(l)) = (i, limit) { p["userLimit"] = json!(l); }
            p
        }).collect();
        let config = json!({ "prizes": list, "seed": seed, "pity": { "every": 3, "prizeIds": ["p0"] } });
        let Ok(config) = serde_json::from_value::<PoolConfig>(config) else { return Ok(()) };
        let Ok(mut pool) = PrizePool::new(&config) else {
            // Only an all-zero stock is refused here.
            prop_assert!(prizes.iter().all(|(_, s)| *s == Some(0)));
            return Ok(());
        };
        let mut wins = vec![0u64; prizes.len()];
        for k in 0..draws {
            let user = format!("u{}", k % 3);
            match pool.draw(Some(&user)) {
                Ok(d) => wins[d.index] += 1,
                Err(_) => break,
            }
        }
        for (i, (_, stock)) in prizes.iter().enumerate() {
            if let Some(stock) = stock {
                prop_assert!(wins[i] <= *stock as u64);
                prop_assert_eq!(pool.remaining()[i], Some(*stock as u64 - wins[i]));
            }
        }
        if let Some(l) = limit {
            prop_assert!(wins[0] <= 3 * l as u64, "three users, {} each at most", l);
        }
    }

    #[test]
    fn red_packets_sum_exactly_and_respect_their_bounds(
        count in 1i64..60, min in 0i64..50, extra in 0i64..100_000, seed: u64, fair: bool,
    ) {
        let total = count * min + extra;
        prop_assume!(total >= 1);
        let mode = if fair { SplitMode::Fair } else { SplitMode::DoubleMean };
        let amounts = packet(total, count, min, mode, seed);
        prop_assert_eq!(amounts.len() as i64, count);
        prop_assert_eq!(amounts.iter().sum::<i64>(), total);
        prop_assert!(amounts.iter().all(|&a| a >= min));
        if !fair {
            // Each packet but the last is at most twice the mean of what was left at its turn.
            let mut left = total;
            for (i, &a) in amounts.iter().enumerate() {
                let k = count - i as i64;
                if k > 1 { prop_assert!(a <= 2 * left / k); }
                left -= a;
            }
        }
    }
}
