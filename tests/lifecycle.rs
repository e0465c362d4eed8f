//! Lifecycle (new / returning / resurrecting / dormant / churned): a worked example by hand and
//! the identities that tie the states together.

use proptest::prelude::*;
use yunying::error::ErrorCode;
use yunying::events::from_columns::{from_columns, ColumnsInput, EventColumn, UserColumn};
use yunying::events::time::parse_timestamp;
use yunying::events::{EventLog, TsUnit};
use yunying::metrics::window::TimeBound;
use yunying::retention::{lifecycle, LifecycleOptions, Period};

fn at(text: &str) -> i64 {
    parse_timestamp(text.as_bytes(), TsUnit::Auto, 480).unwrap()
}

fn log_of(rows: &[(&str, &str)]) -> EventLog {
    from_columns(ColumnsInput {
        user: UserColumn::Strings(rows.iter().map(|r| r.0.to_string()).collect()),
        ts: rows.iter().map(|r| at(r.1) as f64).collect(),
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(vec!["view".to_string(); rows.len()]),
        props: vec![],
    })
    .unwrap()
}

/// The worked example of the README (days, Beijing time, `churnAfter: 2`, from 11-01):
///
/// | user | active on |
/// | --- | --- |
/// | A | 11-01, 11-02, 11-04 |
/// | B | 11-02, 11-03 |
/// | C | 11-01 |
/// | D | 10-20 (before the range), 11-03 |
/// | E | 11-06 10:00 (the last event: asOf) |
#[test]
fn worked_example_days() {
    let log = log_of(&[
        ("A", "2025-11-01 09:00"),
        ("A", "2025-11-02 09:00"),
        ("A", "2025-11-02 18:00"),
        ("A", "2025-11-04 09:00"),
        ("B", "2025-11-02 23:59"),
        ("B", "2025-11-03 00:01"),
        ("C", "2025-11-01 12:00"),
        ("D", "2025-10-20 12:00"),
        ("D", "2025-11-03 12:00"),
        ("E", "2025-11-06 10:00"),
    ]);
    let mut o = LifecycleOptions::new(Period::Day);
    o.churn_after = 2;
    o.from = Some(TimeBound::Text("2025-11-01".into()));
    let r = lifecycle(&log, &o).unwrap();
    let got: Vec<(&str, [u64; 6], bool)> = r
        .periods
        .iter()
        .map(|p| {
            (
                p.label.as_str(),
                [
                    p.new,
                    p.returning,
                    p.resurrecting,
                    p.dormant,
                    p.churned,
                    p.active,
                ],
                p.partial,
            )
        })
        .collect();
    // [new, returning, resurrecting, dormant, churned, active]
    assert_eq!(
        got,
        vec![
            ("2025-11-01", [2, 0, 0, 0, 0, 2], false), // A, C new (D went dormant back in October)
            ("2025-11-02", [1, 1, 0, 1, 0, 2], false), // B new, A returning, C dormant
            ("2025-11-03", [0, 1, 1, 1, 1, 2], false), // B returning, D resurrecting, A dormant, C churned
            ("2025-11-04", [0, 0, 1, 2, 0, 1], false), // A resurrecting, B and D dormant
            ("2025-11-05", [0, 0, 0, 1, 2, 0], false), // A dormant, B and D churned
            ("2025-11-06", [1, 0, 0, 0, 1, 1], true),  // E new, A churned; the day runs past asOf
        ]
    );
    assert_eq!(r.as_of, at("2025-11-06 10:00"));

    // Weeks: Monday 10-20, then 10-27 (nobody), 11-03 … with from defaulting to the first activity.
    let mut o = LifecycleOptions::new(Period::Week);
    o.churn_after = 1;
    let r = lifecycle(&log, &o).unwrap();
    let weeks: Vec<(&str, u64, u64, u64, u64, u64)> = r
        .periods
        .iter()
        .map(|p| {
            (
                p.label.as_str(),
                p.new,
                p.returning,
                p.resurrecting,
                p.dormant,
                p.churned,
            )
        })
        .collect();
    assert_eq!(
        weeks,
        vec![
            ("2025-10-20", 1, 0, 0, 0, 0),
            ("2025-10-27", 3, 0, 0, 1, 1), // A, B, C new (11-01 and 11-02 are that week's Sat/Sun); D dormant
            ("2025-11-03", 1, 2, 1, 1, 1), // E new; A, B returning; D resurrecting; C dormant
        ]
    );
}

#[test]
fn bad_options_name_the_field() {
    let log = log_of(&[("A", "2025-11-01 09:00")]);
    let mut o = LifecycleOptions::new(Period::Day);
    o.churn_after = 0;
    let e = lifecycle(&log, &o).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (ErrorCode::OutOfRange, "churnAfter")
    );
    let mut o = LifecycleOptions::new(Period::Day);
    o.event = Some("pay".into());
    let e = lifecycle(&log, &o).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::NotFound, "event"));
    let mut o = LifecycleOptions::new(Period::Day);
    o.from = Some(TimeBound::Text("2025-12-01".into()));
    assert_eq!(lifecycle(&log, &o).unwrap_err().field, "to");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Every user active in p − 1 is either returning or dormant in p; the states partition the
    /// active users; everyone who ever went silent for `churnAfter` periods is churned once.
    #[test]
    fn states_add_up(
        events in proptest::collection::vec((0u8..15, 0u32..60 * 24 * 60), 1..200),
        period in prop_oneof![Just(Period::Day), Just(Period::Week), Just(Period::Month)],
        churn_after in 1i64..4,
    ) {
        let base = at("2025-09-01 00:00");
        let log = from_columns(ColumnsInput {
            user: UserColumn::Numbers(events.iter().map(|e| f64::from(e.0)).collect()),
            ts: events.iter().map(|e| (base + i64::from(e.1) * 60_000) as f64).collect(),
            ts_unit: TsUnit::Ms,
            event: EventColumn::Names(vec!["view".to_string(); events.len()]),
            props: vec![],
        }).unwrap();
        let mut o = LifecycleOptions::new(period);
        o.churn_after = churn_after;
        let r = lifecycle(&log, &o).unwrap();
        let p = &r.periods;
        let new_total: u64 = p.iter().map(|x| x.new).sum();
        prop_assert_eq!(new_total, log.user_count() as u64);
        prop_assert_eq!(p[0].active, p[0].new);
        for w in p.windows(2) {
            prop_assert_eq!(w[0].active, w[1].returning + w[1].dormant);
            prop_assert_eq!(w[1].active, w[1].new + w[1].returning + w[1].resurrecting);
        }
        let churned: u64 = p.iter().map(|x| x.churned).sum();
        let dormant: u64 = p.iter().map(|x| x.dormant).sum();
        prop_assert!(churned <= dormant);
        if churn_after == 1 {
            prop_assert_eq!(churned, dormant);
        }
    }
}
