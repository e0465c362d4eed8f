//! Funnel core: ClickHouse's functional-test vectors, reference intervals and percentiles,
//! PostHog-style exclusions and breakdowns, and property tests.

use proptest::prelude::*;
use serde_json::{json, Value};
use yunying::error::ErrorCode;
use yunying::events::from_columns::{
    from_columns, ColumnsInput, EventColumn, PropColumn, UserColumn,
};
use yunying::events::{EventLog, TsUnit};
use yunying::funnel::result::{nearest_rank, wilson};
use yunying::funnel::{funnel, FunnelDef, FunnelResult};

fn log(rows: &[(u32, i64, &str)], props: Vec<(String, PropColumn)>) -> EventLog {
    from_columns(ColumnsInput {
        user: UserColumn::Numbers(rows.iter().map(|r| f64::from(r.0)).collect()),
        ts: rows.iter().map(|r| r.1 as f64).collect(),
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(rows.iter().map(|r| r.2.to_string()).collect()),
        props,
    })
    .unwrap()
}

fn run(log: &EventLog, def: Value) -> FunnelResult {
    let def: FunnelDef = serde_json::from_value(def).unwrap();
    funnel(log, &def).unwrap()
}

fn levels(result: &FunnelResult) -> Vec<u8> {
    result.per_user.as_ref().unwrap().levels.clone()
}

fn reference(name: &str) -> Value {
    let path = format!(
        "{}/tests/reference/funnel/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn clickhouse_functional_test_vectors() {
    let cases = reference("clickhouse.json");
    let mut checked = 0;
    for case in cases.as_array().unwrap() {
        let mut rows = vec![];
        for user in case["users"].as_array().unwrap() {
            for r in user["rows"].as_array().unwrap() {
                rows.push((
                    user["user"].as_u64().unwrap() as u32,
                    r[0].as_i64().unwrap() * 1000,
                    r[1].as_str().unwrap(),
                ));
            }
        }
        let log = log(&rows, vec![]);
        let steps: Vec<Value> = case["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                if s.is_array() {
                    json!({ "anyOf": s })
                } else {
                    s.clone()
                }
            })
            .collect();
        let def = json!({ "steps": steps, "windowMs": case["windowS"].as_i64().unwrap() * 1000, "mode": case["mode"], "perUser": true });
        let got = levels(&run(&log, def));
        for (i, user) in case["users"].as_array().unwrap().iter().enumerate() {
            assert_eq!(
                u64::from(got[i]),
                user["expected"].as_u64().unwrap(),
                "user {} of {}",
                user["user"],
                case["query"]
            );
            checked += 1;
        }
    }
    assert!(checked >= 60, "only {checked} users checked");
}

#[test]
fn wilson_matches_statsmodels() {
    for v in reference("wilson.json").as_array().unwrap() {
        let [lo, hi] = wilson(v["x"].as_u64().unwrap(), v["n"].as_u64().unwrap());
        assert!((lo - v["lo"].as_f64().unwrap()).abs() < 1e-12, "{v}");
        assert!((hi - v["hi"].as_f64().unwrap()).abs() < 1e-12, "{v}");
    }
    assert_eq!(wilson(0, 0), [0.0, 0.0]);
}

#[test]
fn percentiles_match_numpy_inverted_cdf() {
    for v in reference("percentiles.json").as_array().unwrap() {
        let mut values: Vec<i64> = v["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap())
            .collect();
        assert_eq!(nearest_rank(&mut values, 0.5), v["median"].as_i64());
        assert_eq!(nearest_rank(&mut values, 0.9), v["p90"].as_i64());
    }
}

fn channel(values: &[&str]) -> Vec<(String, PropColumn)> {
    vec![(
        "channel".into(),
        PropColumn::Strings(values.iter().map(|v| Some(v.to_string())).collect()),
    )]
}

#[test]
fn counts_rates_time_to_convert_and_breakdown() {
    // u1: view(app) → cart 60 s later → pay 10 min later; u2: view(web) → cart; u3: view only.
    let rows = [
        (1, 0, "view"),
        (1, 60_000, "cart"),
        (1, 660_000, "pay"),
        (2, 0, "view"),
        (2, 30_000, "cart"),
        (3, 5, "view"),
    ];
    let log = log(&rows, channel(&["app", "app", "web", "web", "app", "web"]));
    let r = run(
        &log,
        json!({ "steps": ["view", "cart", "pay"], "windowMs": 3_600_000,
        "breakdown": { "prop": "channel", "attribution": "first_touch" } }),
    );
    let users: Vec<u64> = r.steps.iter().map(|s| s.users).collect();
    assert_eq!(users, [3, 2, 1]);
    assert_eq!(r.steps[1].drop_off, 1);
    assert!((r.steps[1].from_start - 2.0 / 3.0).abs() < 1e-15);
    assert_eq!(r.steps[2].from_previous, 0.5);
    let ttc = r.steps[1].time_to_convert.as_ref().unwrap();
    assert_eq!(
        (ttc.count, ttc.median_ms, ttc.p90_ms),
        (2, Some(30_000), Some(60_000))
    );
    assert_eq!(
        r.steps[2].time_to_convert.as_ref().unwrap().median_ms,
        Some(600_000)
    );
    let groups = &r.breakdown.as_ref().unwrap().groups;
    // first touch: u1 app, u2 web, u3 web → web has 2 entrants and comes first.
    assert_eq!(groups[0].value.as_deref(), Some("web"));
    assert_eq!(
        groups[0].steps.iter().map(|s| s.users).collect::<Vec<_>>(),
        [2, 1, 0]
    );
    assert_eq!(
        groups[1].steps.iter().map(|s| s.users).collect::<Vec<_>>(),
        [1, 1, 1]
    );
    // last touch: u1's pay is on web; u2's cart on app.
    let r = run(
        &log,
        json!({ "steps": ["view", "cart", "pay"], "windowMs": 3_600_000,
        "breakdown": { "prop": "channel", "attribution": "last_touch" } }),
    );
    let g = &r.breakdown.unwrap().groups;
    assert_eq!(
        g.iter()
            .map(|g| (g.value.clone().unwrap(), g.steps[0].users))
            .collect::<Vec<_>>(),
        [("web".into(), 2), ("app".into(), 1)]
    );
}

#[test]
fn breakdown_groups_carry_times_to_convert_matching_pandas() {
    let reference = reference("breakdown_times.json");
    let rows = reference["rows"].as_array().unwrap();
    let cell = |r: &Value, i: usize| r[i].as_str().map(str::to_string);
    let log = from_columns(ColumnsInput {
        user: UserColumn::Numbers(rows.iter().map(|r| r[0].as_f64().unwrap()).collect()),
        ts: rows.iter().map(|r| r[1].as_f64().unwrap()).collect(),
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(rows.iter().map(|r| cell(r, 2).unwrap()).collect()),
        props: vec![(
            "channel".into(),
            PropColumn::Strings(rows.iter().map(|r| cell(r, 3)).collect()),
        )],
    })
    .unwrap();
    let r = run(
        &log,
        json!({ "steps": reference["steps"], "windowMs": reference["windowMs"],
        "breakdown": { "prop": "channel", "attribution": "first_touch" } }),
    );
    let as_reference = |steps: &[yunying::funnel::result::StepResult]| -> Value {
        steps
            .iter()
            .map(|s| match &s.time_to_convert {
                None => json!({ "users": s.users }),
                Some(t) => json!({
                    "users": s.users, "count": t.count, "medianMs": t.median_ms, "p90Ms": t.p90_ms,
                    "histogram": t.histogram.iter().map(|b| b.count).collect::<Vec<_>>(),
                }),
            })
            .collect()
    };
    assert_eq!(as_reference(&r.steps), reference["total"]);
    let groups = &r.breakdown.as_ref().unwrap().groups;
    let expected = reference["groups"].as_array().unwrap();
    assert_eq!(groups.len(), expected.len());
    for (got, want) in groups.iter().zip(expected) {
        assert_eq!(got.value.as_deref(), want["value"].as_str());
        assert_eq!(
            as_reference(&got.steps),
            want["steps"],
            "group {:?}",
            got.value
        );
    }
}

#[test]
fn correlation_matches_statsmodels() {
    let reference = reference("correlation.json");
    let rows = reference["rows"].as_array().unwrap();
    let log = from_columns(ColumnsInput {
        user: UserColumn::Numbers(rows.iter().map(|r| r[0].as_f64().unwrap()).collect()),
        ts: rows.iter().map(|r| r[1].as_f64().unwrap()).collect(),
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(rows.iter().map(|r| r[2].as_str().unwrap().into()).collect()),
        props: vec![(
            "city".into(),
            PropColumn::Strings(
                rows.iter()
                    .map(|r| r[3].as_str().map(String::from))
                    .collect(),
            ),
        )],
    })
    .unwrap();
    let r = run(
        &log,
        json!({ "steps": reference["steps"], "windowMs": reference["windowMs"], "correlation": true }),
    );
    let got = r.correlation.unwrap();
    assert_eq!(
        got.success_users,
        reference["successUsers"].as_u64().unwrap()
    );
    assert_eq!(
        got.failure_users,
        reference["failureUsers"].as_u64().unwrap()
    );
    let close = |x: f64, want: &Value| {
        let want = want.as_f64().unwrap();
        assert!((x - want).abs() <= 1e-9 * want.abs(), "{x} vs {want}");
    };
    let check = |f: &yunying::funnel::correlation::Factor, want: &Value| {
        assert_eq!(f.success, want["success"].as_u64().unwrap(), "{}", f.name);
        assert_eq!(f.failure, want["failure"].as_u64().unwrap(), "{}", f.name);
        close(f.odds_ratio, &want["oddsRatio"]);
        close(f.ci95[0], &want["ci95"][0]);
        close(f.ci95[1], &want["ci95"][1]);
        close(f.p_value, &want["pValue"]);
    };
    let events = reference["events"].as_object().unwrap();
    assert_eq!(got.events.len(), events.len());
    for f in &got.events {
        check(f, &events[&f.name]);
    }
    // Strongest first: vip (only converters), then coupon.
    assert_eq!(got.events[0].name, "vip");
    let properties = reference["properties"].as_array().unwrap();
    assert_eq!(got.properties.len(), properties.len());
    for want in properties {
        let value = want["value"].as_str().map(String::from);
        let f = got
            .properties
            .iter()
            .find(|f| f.value == Some(value.clone()))
            .unwrap();
        assert_eq!(f.name, "city");
        check(f, want);
    }
    // Counting totals compares attempts, not users: correlation refuses it.
    let def: FunnelDef = serde_json::from_value(
        json!({ "steps": ["view", "pay"], "correlation": true, "counting": "totals" }),
    )
    .unwrap();
    let err = funnel(&log, &def).unwrap_err();
    assert_eq!(err.field, "correlation");
}

#[test]
fn exclusions_remove_the_user_from_every_step() {
    // PostHog: "users who did the excluded event between the two steps are excluded".
    // u1 does `refund` between view and pay → excluded; u2 does it after pay → counted;
    // u3 never pays, refund within the window after view → excluded (could still convert then).
    let rows = [
        (1, 0, "view"),
        (1, 10, "refund"),
        (1, 20, "pay"),
        (2, 0, "view"),
        (2, 20, "pay"),
        (2, 30, "refund"),
        (3, 0, "view"),
        (3, 50, "refund"),
        (4, 0, "view"),
        (4, 5_000, "refund"),
    ];
    let log = log(&rows, vec![]);
    let r = run(
        &log,
        json!({ "steps": ["view", "pay"], "windowMs": 1000, "perUser": true,
        "exclusions": [{ "event": "refund", "afterStep": 0, "beforeStep": 1 }] }),
    );
    assert_eq!(r.excluded, 2);
    assert_eq!(r.steps.iter().map(|s| s.users).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(levels(&r), [0, 2, 0, 1]);
}

#[test]
fn where_any_of_from_to_hold_constant_and_totals() {
    let rows = [
        (1, 0, "view"),
        (1, 10, "pay"),
        (2, 0, "view"),
        (2, 10, "pay"),
        (3, 100, "view"),
        (3, 110, "pay"),
    ];
    let log = log(&rows, channel(&["app", "app", "app", "web", "web", "web"]));
    let users = |def: Value| {
        run(&log, def)
            .steps
            .iter()
            .map(|s| s.users)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        users(json!({ "steps": ["view", { "event": "pay", "where": { "channel": "app" } }] })),
        [3, 1]
    );
    assert_eq!(
        users(json!({ "steps": [{ "anyOf": ["pay", "view"] }, "pay"] })),
        [3, 3]
    );
    assert_eq!(
        users(json!({ "steps": ["view", "pay"], "from": 50, "to": 200 })),
        [1, 1]
    );
    assert_eq!(
        users(json!({ "steps": ["view", "pay"], "holdConstant": ["channel"] })),
        [3, 2]
    );
    let again = log_of(&[
        (1, 0, "view"),
        (1, 10, "pay"),
        (1, 20, "view"),
        (1, 30, "pay"),
        (1, 40, "view"),
    ]);
    let r = run(
        &again,
        json!({ "steps": ["view", "pay"], "counting": "totals" }),
    );
    assert_eq!(r.steps.iter().map(|s| s.users).collect::<Vec<_>>(), [3, 2]);
}

fn log_of(rows: &[(u32, i64, &str)]) -> EventLog {
    log(rows, vec![])
}

#[test]
fn unordered_counts_distinct_steps_in_the_window() {
    let log = log_of(&[
        (1, 0, "pay"),
        (1, 5, "cart"),
        (1, 9, "view"),
        (2, 0, "pay"),
        (2, 100, "view"),
    ]);
    let r = run(
        &log,
        json!({ "steps": ["view", "cart", "pay"], "order": "any", "windowMs": 10, "perUser": true }),
    );
    assert_eq!(levels(&r), [3, 1]);
}

#[test]
fn empty_logs_and_nobody_entering_give_zeros() {
    let log = log_of(&[(1, 0, "view")]);
    let r = run(
        &log,
        json!({ "steps": ["view", "view"], "mode": "strict_increase" }),
    );
    assert_eq!(r.steps[1].users, 0);
    let r = run(
        &log,
        json!({ "steps": [{ "event": "view", "where": {} }, "view"], "from": 10 }),
    );
    for s in &r.steps {
        assert_eq!(
            (s.users, s.from_start, s.from_previous, s.ci95),
            (0, 0.0, 0.0, [0.0, 0.0])
        );
    }
    let empty = from_columns(ColumnsInput {
        user: UserColumn::Numbers(vec![]),
        ts: vec![],
        ts_unit: TsUnit::Ms,
        event: EventColumn::Codes {
            codes: vec![],
            names: vec!["view".into(), "pay".into()],
        },
        props: vec![],
    })
    .unwrap();
    let r = run(&empty, json!({ "steps": ["view", "pay"] }));
    assert!(r.steps.iter().all(|s| s.users == 0 && s.from_start == 0.0));
}

#[test]
fn bad_definitions_name_the_field() {
    let log = log(&[(1, 0, "view"), (1, 1, "pay")], channel(&["a", "b"]));
    let err = |def: Value| {
        let def: FunnelDef = serde_json::from_value(def).unwrap();
        let e = funnel(&log, &def).unwrap_err();
        (e.code, e.field)
    };
    assert_eq!(
        err(json!({ "steps": ["view"] })),
        (ErrorCode::OutOfRange, "steps".into())
    );
    assert_eq!(
        err(json!({ "steps": vec!["view"; 33] })),
        (ErrorCode::OutOfRange, "steps".into())
    );
    assert_eq!(
        err(json!({ "steps": ["view", "buy"] })),
        (ErrorCode::NotFound, "steps[1]".into())
    );
    assert_eq!(
        err(json!({ "steps": ["view", { "event": "buy" }] })),
        (ErrorCode::NotFound, "steps[1].event".into())
    );
    assert_eq!(
        err(json!({ "steps": ["view", { "event": "pay", "where": { "city": "x" } }] })),
        (ErrorCode::NotFound, "steps[1].where.city".into())
    );
    assert_eq!(
        err(json!({ "steps": ["view", { "anyOf": ["pay", "nope"] }] })),
        (ErrorCode::NotFound, "steps[1].anyOf[1]".into())
    );
    assert_eq!(
        err(json!({ "steps": ["view", "pay"], "windowMs": -1 })),
        (ErrorCode::OutOfRange, "windowMs".into())
    );
    assert_eq!(
        err(json!({ "steps": ["view", "pay"], "windowMs": 1e15 })),
        (ErrorCode::OutOfRange, "windowMs".into())
    );
    assert_eq!(
        err(json!({ "steps": ["view", "pay"], "mode": ["strict_order", "bogus"] })),
        (ErrorCode::InvalidInput, "mode[1]".into())
    );
    assert_eq!(
        err(json!({ "steps": ["view", "pay"], "mode": "allow_reentry" })),
        (ErrorCode::InvalidInput, "mode".into())
    );
    assert_eq!(
        err(
            json!({ "steps": ["view", "pay"], "exclusions": [{ "event": "view", "afterStep": 0, "beforeStep": 2 }] })
        ),
        (ErrorCode::OutOfRange, "exclusions[0].beforeStep".into())
    );
    assert_eq!(
        err(
            json!({ "steps": ["view", "pay"], "exclusions": [{ "event": "nope", "afterStep": 0, "beforeStep": 1 }] })
        ),
        (ErrorCode::NotFound, "exclusions[0].event".into())
    );
    assert_eq!(
        err(json!({ "steps": ["view", "pay"], "breakdown": { "prop": "city" } })),
        (ErrorCode::NotFound, "breakdown.prop".into())
    );
    assert_eq!(
        err(
            json!({ "steps": ["view", "pay"], "breakdown": { "prop": "channel", "attribution": { "step": 5 } } })
        ),
        (ErrorCode::OutOfRange, "breakdown.attribution.step".into())
    );
}

/// ClickHouse's strict_once algorithm, literally: every chain kept, none pruned.
fn literal_strict_once(entries: &[(i64, u8, u32)], steps: usize, window: i64, inc: bool) -> usize {
    let mut levels: Vec<Vec<(i64, i64, Vec<u32>)>> = vec![vec![]; steps];
    for &(t, s, id) in entries {
        let k = usize::from(s) - 1;
        if k == 0 {
            levels[0].push((t, t, vec![id]));
        } else if !levels[k - 1].is_empty() {
            let prev = levels[k - 1].clone();
            for (f, last, path) in prev {
                if t <= f + window && !path.contains(&id) && (!inc || last < t) {
                    let mut p = path.clone();
                    p.push(id);
                    levels[k].push((f, t, p));
                    if k + 1 == steps {
                        return steps;
                    }
                }
            }
        }
    }
    levels.iter().take_while(|l| !l.is_empty()).count()
}

/// ClickHouse's getEventLevelNonStrictOnce, literally, over sorted (ts, condition) entries
/// (condition 0 = none, only with strict_order): no span skipping, no chain tracking.
fn literal_window_funnel(
    entries: &[(i64, u8)],
    steps: usize,
    window: i64,
    modes: &[&str],
) -> usize {
    let has = |m: &str| modes.contains(&m);
    let (dedup, order, inc, reentry) = (
        has("strict_deduplication"),
        has("strict_order"),
        has("strict_increase"),
        has("allow_reentry"),
    );
    let mut ev: Vec<Option<(i64, i64)>> = vec![None; steps];
    let mut first_event = false;
    let reached =
        |ev: &Vec<Option<(i64, i64)>>| ev.iter().rposition(Option::is_some).map_or(0, |p| p + 1);
    for &(t, cond) in entries {
        if order && cond == 0 {
            if first_event {
                break;
            }
            continue;
        }
        let idx = usize::from(cond) - 1;
        if idx == 0 {
            ev[0] = Some((t, t));
            first_event = true;
        } else if dedup && ev[idx].is_some() {
            return reached(&ev);
        } else if order && first_event && ev[idx - 1].is_none() {
            if reentry {
                continue;
            }
            return ev.iter().position(Option::is_none).unwrap_or(steps);
        } else if let Some((first, last)) = ev[idx - 1] {
            if t <= first + window && (!inc || last < t) {
                ev[idx] = Some((first, t));
                if idx + 1 == steps {
                    return steps;
                }
            }
        }
    }
    reached(&ev)
}

const NAMES: [&str; 4] = ["a", "b", "c", "x"];

fn arb_user() -> impl Strategy<Value = Vec<(i64, usize)>> {
    prop::collection::vec((0i64..12, 0usize..4), 0..12).prop_map(|mut v| {
        v.sort_by_key(|e| e.0);
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn strict_once_equals_the_literal_algorithm(user in arb_user(), window in 0i64..8, inc in any::<bool>(), steps in prop::sample::select(vec![vec![0usize, 1, 2], vec![0, 0, 1], vec![0, 1, 1, 2], vec![1, 1, 1]])) {
        // User 1 always exists (an event that is no step opens it); the padding user holds every name.
        let rows: Vec<(u32, i64, &str)> = [(1, -1, "x")].into_iter().chain(user.iter().map(|&(t, e)| (1, t, NAMES[e]))).chain([(2, 0, "a"), (2, 0, "b"), (2, 0, "c")]).collect();
        let log = log_of(&rows);
        let names: Vec<&str> = steps.iter().map(|&s| NAMES[s]).collect();
        let mut mode = vec!["strict_once"];
        if inc { mode.push("strict_increase"); }
        let got = levels(&run(&log, json!({ "steps": names, "windowMs": window, "mode": mode, "perUser": true })))[0];
        // ClickHouse's entries: (ts, step + 1, row), sorted by (ts, step, row).
        let mut entries = vec![];
        for (row, &(t, e)) in user.iter().enumerate() {
            for (k, &s) in steps.iter().enumerate() {
                if s == e { entries.push((t, k as u8 + 1, row as u32)); }
            }
        }
        entries.sort();
        prop_assert_eq!(usize::from(got), literal_strict_once(&entries, steps.len(), window, inc));
    }

    #[test]
    fn an_unrelated_event_changes_no_default_result(user in arb_user(), extra_t in 0i64..12, window in 0i64..8) {
        let rows: Vec<(u32, i64, &str)> = user.iter().map(|&(t, e)| (1, t, NAMES[e])).collect();
        let mut with_extra = rows.clone();
        with_extra.push((1, extra_t, "zzz"));
        let padding = [(1, 0, "a"), (2, 0, "a"), (2, 0, "b"), (2, 0, "c"), (2, 0, "zzz")];
        with_extra.extend(padding);
        let mut base = rows.clone();
        base.extend(padding);
        let def = json!({ "steps": ["a", "b", "c"], "windowMs": window });
        let (r1, r2) = (run(&log_of(&base), def.clone()), run(&log_of(&with_extra), def));
        prop_assert_eq!(r1.steps.iter().map(|s| s.users).collect::<Vec<_>>(), r2.steps.iter().map(|s| s.users).collect::<Vec<_>>());
    }

    #[test]
    fn every_greedy_mode_equals_the_literal_algorithm(user in arb_user(), window in 0i64..8, mode in prop::sample::select(vec![vec![], vec!["strict_order"], vec!["strict_deduplication"], vec!["strict_increase"], vec!["strict_order", "allow_reentry"], vec!["strict_order", "strict_deduplication", "strict_increase"], vec!["strict_order", "allow_reentry", "strict_deduplication"]]), steps in prop::sample::select(vec![vec![0usize, 1, 2], vec![0, 0, 1], vec![0, 1, 1, 2], vec![1, 1, 1], vec![0, 1]])) {
        let rows: Vec<(u32, i64, &str)> = [(1, -1, "x")].into_iter().chain(user.iter().map(|&(t, e)| (1, t, NAMES[e]))).chain([(2, 0, "a"), (2, 0, "b"), (2, 0, "c")]).collect();
        let names: Vec<&str> = steps.iter().map(|&s| NAMES[s]).collect();
        let got = levels(&run(&log_of(&rows), json!({ "steps": names, "windowMs": window, "mode": mode, "perUser": true })))[0];
        // ClickHouse's entries, sorted by (ts, condition); the leading "x" is a "none" row too.
        let mut entries: Vec<(i64, u8)> = vec![];
        for &(t, e) in [(-1i64, 3usize)].iter().chain(user.iter()) {
            let mut any = false;
            for (k, &s) in steps.iter().enumerate() {
                if s == e { entries.push((t, k as u8 + 1)); any = true; }
            }
            if !any && mode.contains(&"strict_order") { entries.push((t, 0)); }
        }
        entries.sort();
        prop_assert_eq!(usize::from(got), literal_window_funnel(&entries, steps.len(), window, &mode));
    }

    #[test]
    fn a_range_covering_everything_changes_nothing(users in prop::collection::vec(arb_user(), 1..6), window in 0i64..8, mode in prop::sample::select(vec!["default", "strict_order", "strict_deduplication", "strict_increase", "strict_once"]), steps in prop::sample::select(vec![vec!["a", "b", "c"], vec!["a", "a", "b"], vec!["b", "a", "c"]])) {
        // The condition-free funnel takes faster paths (an entry found four codes at a time, a
        // lone entry, the table-lookup greedy) than one with a time range: the same result,
        // levels, chains (times to convert) and all.
        let rows: Vec<(u32, i64, &str)> = users.iter().enumerate().flat_map(|(u, evs)| evs.iter().map(move |&(t, e)| (u as u32, t, NAMES[e]))).chain([(99, 0, "a"), (99, 0, "b"), (99, 0, "c")]).collect();
        let log = log_of(&rows);
        let plain = run(&log, json!({ "steps": steps, "windowMs": window, "mode": mode, "perUser": true }));
        let ranged = run(&log, json!({ "steps": steps, "windowMs": window, "mode": mode, "perUser": true, "from": -1000, "to": 1000 }));
        prop_assert_eq!(plain, ranged);
    }

    #[test]
    fn counts_never_increase_from_step_to_step(users in prop::collection::vec(arb_user(), 1..6), window in 0i64..8, mode in prop::sample::select(vec!["default", "strict_order", "strict_deduplication", "strict_increase", "strict_once"]), any_order in any::<bool>()) {
        let rows: Vec<(u32, i64, &str)> = users.iter().enumerate().flat_map(|(u, evs)| evs.iter().map(move |&(t, e)| (u as u32, t, NAMES[e]))).chain([(99, 0, "a"), (99, 0, "b"), (99, 0, "c")]).collect();
        let def = if any_order { json!({ "steps": ["a", "b", "c"], "windowMs": window, "order": "any" }) } else { json!({ "steps": ["a", "b", "c"], "windowMs": window, "mode": mode }) };
        let r = run(&log_of(&rows), def);
        for w in r.steps.windows(2) { prop_assert!(w[1].users <= w[0].users); }
    }
}

/// The worked examples of the README's rules (ClickHouse's source semantics).
#[test]
fn readme_rule_examples() {
    let level = |rows: &[(i64, &str)], steps: &[&str], mode: Value| {
        let rows: Vec<(u32, i64, &str)> = rows.iter().map(|&(t, e)| (1, t, e)).collect();
        levels(&run(
            &log_of(&rows),
            json!({ "steps": steps, "windowMs": 100, "mode": mode, "perUser": true }),
        ))[0]
    };
    // Rule 2: one event satisfying two consecutive steps advances two steps.
    assert_eq!(level(&[(0, "view")], &["view", "view"], json!([])), 2);
    // Rule 5: strict_increase compares with the latest event of the previous step.
    assert_eq!(
        level(
            &[(0, "A"), (1, "B"), (2, "B"), (2, "C")],
            &["A", "B", "C"],
            json!("strict_increase")
        ),
        2
    );
    assert_eq!(
        level(
            &[(0, "A"), (1, "B"), (2, "B"), (2, "C")],
            &["A", "B", "C"],
            json!([])
        ),
        3
    );
    // Rule 6: a repeated step stops strict_deduplication with the level reached.
    assert_eq!(
        level(
            &[(0, "A"), (1, "B"), (2, "C"), (3, "B"), (4, "D")],
            &["A", "B", "C", "D"],
            json!("strict_deduplication")
        ),
        3
    );
    // Rule 7: a re-entered step 0 restarts, a skipped step stops strict_order.
    assert_eq!(
        level(
            &[(0, "A"), (1, "B"), (2, "A"), (3, "C")],
            &["A", "B", "C"],
            json!("strict_order")
        ),
        3
    );
    assert_eq!(
        level(
            &[(0, "A"), (1, "C"), (2, "B")],
            &["A", "B", "C"],
            json!("strict_order")
        ),
        1
    );
    // Rule 8: allow_reentry skips the premature step instead.
    assert_eq!(
        level(
            &[(0, "A"), (1, "C"), (2, "B")],
            &["A", "B", "C"],
            json!(["strict_order", "allow_reentry"])
        ),
        2
    );
    // Window inclusive: t_N = t_1 + window still converts.
    assert_eq!(level(&[(0, "A"), (100, "B")], &["A", "B"], json!([])), 2);
    assert_eq!(level(&[(0, "A"), (101, "B")], &["A", "B"], json!([])), 1);
}

#[test]
fn a_chain_event_is_never_its_own_exclusion() {
    let log = log_of(&[(1, 0, "view"), (1, 5, "pay"), (1, 9, "pay")]);
    let r = run(
        &log,
        json!({ "steps": ["view", "pay"], "windowMs": 100,
        "exclusions": [{ "event": "pay", "afterStep": 0, "beforeStep": 1 }] }),
    );
    assert_eq!((r.excluded, r.steps[1].users), (0, 1));
}
