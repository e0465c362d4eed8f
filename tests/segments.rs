//! User segmentation and RFM against reference vectors computed with pandas
//! (`tests/reference/segments/gen.py`), plus invariants as property tests.

use proptest::prelude::*;
use serde_json::Value;
use yunying::error::ErrorCode;
use yunying::events::from_columns::{
    from_columns, ColumnsInput, EventColumn, PropColumn, UserColumn,
};
use yunying::events::{EventLog, TsUnit};
use yunying::segment::assign::{segment_csv, segment_users, SegmentsDef};
use yunying::segment::rfm::{
    log_rfm, score, Customers, LogRfmOptions, Scheme, ScoringOptions, Split, Thresholds,
};

fn vectors() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/segments/vectors.json"
    ))
    .expect("run tests/reference/segments/gen.py");
    serde_json::from_str(&text).unwrap()
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn reference_log(v: &Value) -> EventLog {
    let log = &v["log"];
    let opt_strings = |k: &str| -> Vec<Option<String>> {
        log[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().map(String::from))
            .collect()
    };
    let amounts = log["amount"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect();
    from_columns(ColumnsInput {
        user: UserColumn::Numbers(f64s(&log["user"])),
        ts: f64s(&log["ts"]),
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(strs(&log["event"])),
        props: vec![
            ("amount".into(), PropColumn::MoneyFen(amounts)),
            ("city".into(), PropColumn::Strings(opt_strings("city"))),
        ],
    })
    .unwrap()
}

fn def(json: &str) -> SegmentsDef {
    serde_json::from_str(json).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Compares a segmentation with pandas' labels and per-segment figures.
fn check_segmentation(log: &EventLog, d: &SegmentsDef, want: &Value) {
    let (got, labels) = segment_users(log, d).unwrap();
    let keys: Vec<&str> = got.segments.iter().map(|s| s.key.as_str()).collect();
    let got_labels: Vec<&str> = labels.iter().map(|&s| keys[s as usize]).collect();
    assert_eq!(got_labels, strs(&want["labels"]));
    for (g, w) in got
        .segments
        .iter()
        .zip(want["segments"].as_array().unwrap())
    {
        assert_eq!(g.key, w["key"].as_str().unwrap());
        assert_eq!(g.users, w["users"].as_u64().unwrap(), "{}", g.key);
        assert_eq!(
            g.users_without_events,
            w["usersWithoutEvents"].as_u64().unwrap()
        );
        assert!(
            close(g.avg_events, w["avgEvents"].as_f64().unwrap()),
            "{}",
            g.key
        );
        assert!(close(
            g.avg_active_days,
            w["avgActiveDays"].as_f64().unwrap()
        ));
        assert!(close(
            g.avg_orders.unwrap(),
            w["avgOrders"].as_f64().unwrap()
        ));
        assert_eq!(
            g.total_paid_fen.unwrap(),
            w["totalPaidFen"].as_i64().unwrap(),
            "{}",
            g.key
        );
        match (
            g.avg_days_since_last_seen,
            w["avgDaysSinceLastSeen"].as_f64(),
        ) {
            (Some(a), Some(b)) => assert!(close(a, b), "{}", g.key),
            (a, b) => assert_eq!(a, b, "{}", g.key),
        }
    }
}

#[test]
fn default_layering_matches_pandas() {
    let v = vectors();
    let log = reference_log(&v);
    let t = &v["layering"]["thresholds"];
    let d = def(&format!(
        r#"{{ "asOf": {}, "utcOffsetMinutes": 480, "orderEvent": "pay", "amountProp": "amount", "layering": {t} }}"#,
        v["asOf"]
    ));
    check_segmentation(&log, &d, &v["layering"]);
    let (got, _) = segment_users(&log, &d).unwrap();
    assert_eq!(got.users, v["users"].as_u64().unwrap());
    assert_eq!(
        got.users_without_events,
        v["usersWithoutEvents"].as_u64().unwrap()
    );
    assert!(
        got.users_without_events > 0,
        "the vectors include users first seen after asOf"
    );
    assert_eq!(got.as_of_date, "2025-11-20");
}

#[test]
fn custom_rules_match_pandas() {
    let v = vectors();
    let log = reference_log(&v);
    let d = def(&format!(
        r#"{{ "asOf": {}, "orderEvent": "pay", "amountProp": "amount", "segments": [
          {{ "name": "多城市活跃", "rule": {{ "all": [
              {{ "feature": "distinctValues", "prop": "city", "op": ">=", "value": 2 }},
              {{ "feature": "events", "event": "view", "withinDays": 7, "op": ">=", "value": 2 }} ] }} }},
          {{ "name": "近期下单", "rule": {{ "not": {{ "feature": "daysSinceLastOrder", "op": ">=", "value": 10 }} }} }},
          {{ "name": "老客", "rule": {{ "any": [
              {{ "feature": "daysSinceFirstSeen", "op": ">=", "value": 30 }},
              {{ "feature": "orders", "op": ">=", "value": 2 }} ] }} }} ] }}"#,
        v["asOf"]
    ));
    check_segmentation(&log, &d, &v["custom"]);
}

#[test]
fn csv_export_lists_exactly_the_segment() {
    let v = vectors();
    let log = reference_log(&v);
    let d = def(&format!(
        r#"{{ "asOf": {}, "orderEvent": "pay", "amountProp": "amount", "layering": {} }}"#,
        v["asOf"], v["layering"]["thresholds"]
    ));
    let csv = segment_csv(&log, &d, "highValue").unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "user_id,segment,first_seen,last_seen,active_days,events,orders,paid_yuan"
    );
    let want = v["layering"]["segments"][3]["users"].as_u64().unwrap() as usize;
    assert_eq!(lines.len() - 1, want);
    assert!(lines[1..]
        .iter()
        .all(|l| l.split(',').nth(1) == Some("高价值用户")));
    // By name as well as by key; an unknown one lists the keys.
    assert_eq!(segment_csv(&log, &d, "高价值用户").unwrap(), csv);
    let e = segment_csv(&log, &d, "vip").unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::NotFound, "segment"));
}

fn check_rfm(
    got: &yunying::segment::rfm::RfmReport,
    scores: &yunying::segment::rfm::Scores,
    want: &Value,
    scheme: Scheme,
    name: &str,
) {
    let ints = |k: &str| -> Vec<u8> {
        want[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as u8)
            .collect()
    };
    assert_eq!(scores.r, ints("r"), "{name}: R");
    assert_eq!(scores.f, ints("f"), "{name}: F");
    assert_eq!(scores.m, ints("m"), "{name}: M");
    for k in ["recency", "frequency", "monetary"] {
        let w: Vec<f64> = strs(&want["edges"][k])
            .iter()
            .map(|e| e.parse().unwrap())
            .collect();
        let g = match k {
            "recency" => &got.edges.recency,
            "frequency" => &got.edges.frequency,
            _ => &got.edges.monetary,
        };
        assert_eq!(g, &w, "{name}: {k} edges bit for bit");
    }
    let grid: Vec<Vec<u64>> = serde_json::from_value(want["grid"].clone()).unwrap();
    assert_eq!(got.grid, grid, "{name}: grid");
    let (labels, table) = match scheme {
        Scheme::Named => ("named", "namedSegments"),
        Scheme::EightClass => ("eight", "eightSegments"),
    };
    let keys: Vec<&str> = got.segments.iter().map(|s| s.key).collect();
    let got_labels: Vec<&str> = scores.segment.iter().map(|&s| keys[s as usize]).collect();
    assert_eq!(got_labels, strs(&want[labels]), "{name}: {labels}");
    for (g, w) in got.segments.iter().zip(want[table].as_array().unwrap()) {
        assert_eq!(g.key, w["key"].as_str().unwrap());
        assert_eq!(
            g.customers,
            w["customers"].as_u64().unwrap(),
            "{name} {}",
            g.key
        );
        assert_eq!(
            g.total_monetary_fen,
            w["totalMonetaryFen"].as_i64().unwrap()
        );
        assert!(close(
            g.avg_recency_days,
            w["avgRecencyDays"].as_f64().unwrap()
        ));
        assert!(close(g.avg_frequency, w["avgFrequency"].as_f64().unwrap()));
        assert!(close(
            g.avg_monetary_fen,
            w["avgMonetaryFen"].as_f64().unwrap()
        ));
    }
}

#[test]
fn rfm_scores_match_pandas_qcut() {
    let v = vectors();
    for case in v["rfmTables"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let customers = Customers {
            recency_days: f64s(&case["recency"]),
            frequency: f64s(&case["frequency"]),
            monetary_fen: case["monetary"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_i64().unwrap())
                .collect(),
        };
        let thresholds: Option<Thresholds> =
            serde_json::from_value(case["thresholds"].clone()).unwrap();
        let split = if case["split"] == "median" {
            Split::Median
        } else {
            Split::Mean
        };
        for scheme in [Scheme::Named, Scheme::EightClass] {
            let options = ScoringOptions {
                thresholds: thresholds.clone(),
                scheme,
                split,
            };
            let (report, scores) = score(&customers, &options).unwrap();
            check_rfm(&report, &scores, &case["expected"], scheme, name);
            if scheme == Scheme::EightClass {
                let s = report.split.as_ref().unwrap();
                let w = &case["expected"]["split"];
                assert!(close(s.recency_days, w["recencyDays"].as_f64().unwrap()));
                assert!(close(s.monetary_fen, w["monetaryFen"].as_f64().unwrap()));
            }
        }
    }
}

#[test]
fn log_rfm_matches_pandas() {
    let v = vectors();
    let log = reference_log(&v);
    let options: LogRfmOptions = serde_json::from_str(&format!(
        r#"{{ "orderEvent": "pay", "amountProp": "amount", "asOf": {} }}"#,
        v["asOf"]
    ))
    .unwrap();
    let (report, scores, users) = log_rfm(&log, &options).unwrap();
    let ids: Vec<i64> = users
        .iter()
        .map(|&u| log.user_ids().display(u as usize).parse().unwrap())
        .collect();
    let want_ids: Vec<i64> = v["logRfm"]["userIds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect();
    assert_eq!(ids, want_ids);
    assert_eq!(
        report.users_without_orders,
        v["logRfm"]["usersWithoutOrders"].as_u64()
    );
    check_rfm(
        &report,
        &scores,
        &v["logRfm"]["expected"],
        Scheme::Named,
        "log",
    );
}

#[test]
fn bad_definitions_name_the_field() {
    let v = vectors();
    let log = reference_log(&v);
    let cases = [
        (
            r#"{ "layering": {} }"#,
            ErrorCode::InvalidInput,
            "orderEvent",
        ),
        (
            r#"{ "orderEvent": "buy" }"#,
            ErrorCode::NotFound,
            "orderEvent",
        ),
        (
            r#"{ "orderEvent": "pay", "amountProp": "city" }"#,
            ErrorCode::InvalidInput,
            "amountProp",
        ),
        (
            r#"{ "orderEvent": "pay", "amountProp": "price" }"#,
            ErrorCode::NotFound,
            "amountProp",
        ),
        (
            r#"{ "orderEvent": "pay", "layering": { "churnDays": 10 } }"#,
            ErrorCode::OutOfRange,
            "layering.churnDays",
        ),
        (
            r#"{ "orderEvent": "pay", "layering": { "newDays": 0 } }"#,
            ErrorCode::OutOfRange,
            "layering.newDays",
        ),
        (
            r#"{ "orderEvent": "pay", "amountProp": "amount", "layering": { "highValueFen": 99.5 } }"#,
            ErrorCode::InvalidInput,
            "layering.highValueFen",
        ),
        (
            r#"{ "orderEvent": "pay", "layering": { "highValueFen": 100 } }"#,
            ErrorCode::InvalidInput,
            "layering.highValueFen",
        ),
        (
            r#"{ "utcOffsetMinutes": 900, "orderEvent": "pay" }"#,
            ErrorCode::OutOfRange,
            "utcOffsetMinutes",
        ),
        (
            r#"{ "segments": [ { "name": "a", "rule": { "feature": "events", "event": "buy", "op": ">", "value": 1 } } ] }"#,
            ErrorCode::NotFound,
            "segments[0].rule.event",
        ),
        (
            r#"{ "segments": [ { "name": "a", "rule": { "all": [ { "feature": "events", "op": ">", "value": 1 }, { "feature": "paidFen", "op": ">", "value": 1 } ] } } ] }"#,
            ErrorCode::InvalidInput,
            "segments[0].rule.all[1].feature",
        ),
        (
            r#"{ "orderEvent": "pay", "amountProp": "amount", "segments": [ { "name": "a", "rule": { "feature": "paidFen", "op": ">", "value": 0.5 } } ] }"#,
            ErrorCode::InvalidInput,
            "segments[0].rule.value",
        ),
        (
            r#"{ "segments": [ { "name": "a", "rule": { "not": { "feature": "events", "op": ">" } } } ] }"#,
            ErrorCode::InvalidInput,
            "segments[0].rule.not.value",
        ),
        (
            r#"{ "segments": [ { "name": "a", "rule": { "feature": "distinctValues", "prop": "amount", "op": ">", "value": 1 } } ] }"#,
            ErrorCode::InvalidInput,
            "segments[0].rule.prop",
        ),
        (
            r#"{ "segments": [ { "name": "a", "rule": { "feature": "activeDays", "withinDays": 0, "op": ">", "value": 1 } } ] }"#,
            ErrorCode::OutOfRange,
            "segments[0].rule.withinDays",
        ),
        (
            r#"{ "segments": [ { "name": "a", "rule": { "any": [] } } ] }"#,
            ErrorCode::InvalidInput,
            "segments[0].rule.any",
        ),
        (
            r#"{ "segments": [ { "name": "a", "rule": {} } ] }"#,
            ErrorCode::InvalidInput,
            "segments[0].rule",
        ),
        (
            r#"{ "segments": [ { "name": "a", "rule": { "feature": "events", "op": ">", "value": 1 } }, { "name": "a", "rule": { "feature": "events", "op": ">", "value": 2 } } ] }"#,
            ErrorCode::InvalidInput,
            "segments[1].key",
        ),
    ];
    for (json, code, field) in cases {
        let e = match segment_users(&log, &def(json)) {
            Err(e) => e,
            Ok(_) => panic!("{json} was accepted"),
        };
        assert_eq!(
            (e.code, e.field.as_str()),
            (code, field),
            "{json}: {}",
            e.message
        );
    }
    let bad_cuts: ScoringOptions = serde_json::from_str(
        r#"{ "thresholds": { "recency": [1, 2, 3, 4], "frequency": [1, 2, 2, 3], "monetary": [1, 2, 3, 4] } }"#,
    )
    .unwrap();
    let e = score(&Customers::default(), &bad_cuts).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (ErrorCode::OutOfRange, "thresholds.frequency[2]")
    );
}

fn arbitrary_log() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<u32>, Vec<f64>)> {
    (1usize..300).prop_flat_map(|n| {
        (
            proptest::collection::vec(1u32..40, n)
                .prop_map(|v| v.into_iter().map(f64::from).collect()),
            proptest::collection::vec(0i64..40 * 86_400_000, n).prop_map(|v| {
                v.into_iter()
                    .map(|t| (1_760_000_000_000 + t) as f64)
                    .collect()
            }),
            proptest::collection::vec(0u32..3, n),
            proptest::collection::vec(
                prop_oneof![Just(f64::NAN), (0i64..100_000).prop_map(|x| x as f64)],
                n,
            ),
        )
    })
}

proptest! {
    #[test]
    fn segment_sizes_sum_to_the_user_count(
        (user, ts, event, amount) in arbitrary_log(),
        as_of_day in 0i64..45,
        new_days in 1u32..10,
        dormant in 1u32..20,
        extra in 1u32..20,
    ) {
        let log = from_columns(ColumnsInput {
            user: UserColumn::Numbers(user),
            ts,
            ts_unit: TsUnit::Ms,
            event: EventColumn::Codes { codes: event, names: vec!["view".into(), "pay".into(), "share".into()] },
            props: vec![("amount".into(), PropColumn::MoneyFen(amount))],
        }).unwrap();
        let d = def(&format!(
            r#"{{ "asOf": {}, "orderEvent": "pay", "amountProp": "amount",
                 "layering": {{ "newDays": {new_days}, "dormantDays": {dormant}, "churnDays": {} }} }}"#,
            1_760_000_000_000i64 + as_of_day * 86_400_000, dormant + extra
        ));
        let (result, labels) = segment_users(&log, &d).unwrap();
        prop_assert_eq!(result.segments.iter().map(|s| s.users).sum::<u64>(), log.user_count() as u64);
        prop_assert_eq!(labels.len(), log.user_count());
        // Users with no event by asOf are counted, in 其他 (no default layer matches them).
        let other = result.segments.last().unwrap();
        prop_assert_eq!(other.key.as_str(), "other");
        prop_assert_eq!(result.users_without_events, other.users_without_events);
        // RFM customers plus users without orders are every user.
        let rfm: LogRfmOptions = serde_json::from_str(&format!(
            r#"{{ "orderEvent": "pay", "amountProp": "amount", "asOf": {} }}"#,
            1_760_000_000_000i64 + as_of_day * 86_400_000
        )).unwrap();
        let (report, scores, _) = log_rfm(&log, &rfm).unwrap();
        prop_assert_eq!(report.customers + report.users_without_orders.unwrap(), log.user_count() as u64);
        prop_assert_eq!(report.segments.iter().map(|s| s.customers).sum::<u64>(), report.customers);
        prop_assert_eq!(report.grid.iter().flatten().sum::<u64>(), report.customers);
        prop_assert!(scores.r.iter().chain(&scores.f).chain(&scores.m).all(|&s| (1..=5).contains(&s)));
    }
}

/// Random stored rules (as JSON) over every feature, nested up to three levels.
fn arbitrary_rule() -> impl Strategy<Value = String> {
    let leaf = (
        prop_oneof![
            Just(r#""feature": "daysSinceFirstSeen""#),
            Just(r#""feature": "daysSinceLastSeen""#),
            Just(r#""feature": "daysSinceLastOrder""#),
            Just(r#""feature": "activeDays", "withinDays": 7"#),
            Just(r#""feature": "activeDays""#),
            Just(r#""feature": "events", "event": "view""#),
            Just(r#""feature": "orders", "withinDays": 30"#),
            Just(r#""feature": "paidFen""#),
        ],
        prop_oneof![
            Just(">="),
            Just(">"),
            Just("<="),
            Just("<"),
            Just("=="),
            Just("!=")
        ],
        0i64..40,
    )
        .prop_map(|(feature, op, value)| {
            format!(r#"{{ {feature}, "op": "{op}", "value": {value} }}"#)
        });
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4)
                .prop_map(|v| format!(r#"{{ "all": [{}] }}"#, v.join(","))),
            proptest::collection::vec(inner.clone(), 1..4)
                .prop_map(|v| format!(r#"{{ "any": [{}] }}"#, v.join(","))),
            inner.prop_map(|r| format!(r#"{{ "not": {r} }}"#)),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn custom_segments_cover_every_user_once(rules in proptest::collection::vec(arbitrary_rule(), 1..5)) {
        static LOG: std::sync::OnceLock<(Value, EventLog)> = std::sync::OnceLock::new();
        let (v, log) = LOG.get_or_init(|| {
            let v = vectors();
            let log = reference_log(&v);
            (v, log)
        });
        let segments: Vec<String> = rules
            .iter()
            .enumerate()
            .map(|(i, r)| format!(r#"{{ "name": "s{i}", "rule": {r} }}"#))
            .collect();
        let d = def(&format!(
            r#"{{ "asOf": {}, "orderEvent": "pay", "amountProp": "amount", "segments": [{}] }}"#,
            v["asOf"],
            segments.join(",")
        ));
        let (result, labels) = segment_users(log, &d).unwrap();
        prop_assert_eq!(result.segments.len(), rules.len() + 1);
        prop_assert_eq!(result.segments.iter().map(|s| s.users).sum::<u64>(), log.user_count() as u64);
        for (k, s) in result.segments.iter().enumerate() {
            prop_assert_eq!(labels.iter().filter(|&&l| usize::from(l) == k).count() as u64, s.users);
        }
        let csv_rows: usize = result
            .segments
            .iter()
            .map(|s| segment_csv(log, &d, &s.key).unwrap().lines().count() - 1)
            .sum();
        prop_assert_eq!(csv_rows, log.user_count());
    }
}
