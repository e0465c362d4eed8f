//! Retention matrices: a worked example by hand, pandas reference vectors, and invariants.

use proptest::prelude::*;
use serde::Deserialize;
use yunying::error::ErrorCode;
use yunying::events::from_columns::{from_columns, ColumnsInput, EventColumn, UserColumn};
use yunying::events::time::parse_timestamp;
use yunying::events::{EventLog, TsUnit};
use yunying::metrics::window::TimeBound;
use yunying::retention::{
    retention, Bucketing, CohortKind, Criterion, Period, Retention, RetentionOptions,
};

/// Beijing local time → ms.
fn at(text: &str) -> i64 {
    parse_timestamp(text.as_bytes(), TsUnit::Auto, 480).unwrap()
}

fn log_of(rows: &[(&str, &str, &str)]) -> EventLog {
    from_columns(ColumnsInput {
        user: UserColumn::Strings(rows.iter().map(|r| r.0.to_string()).collect()),
        ts: rows.iter().map(|r| at(r.1) as f64).collect(),
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(rows.iter().map(|r| r.2.to_string()).collect()),
        props: vec![],
    })
    .unwrap()
}

/// The worked example of the README (Beijing time, 2025-11-03 is a Monday):
///
/// | user | events |
/// | --- | --- |
/// | A | signup 11-03 20:00 · view 11-03 21:00 · view 11-04 06:00 · view 11-06 12:00 |
/// | B | signup 11-03 23:30 · view 11-05 10:00 |
/// | C | view 11-04 08:00 · signup 11-04 09:00 (the earlier view does not count) |
/// | D | view 11-02 10:00 (never signs up: in no cohort) |
/// | E | signup 11-05 12:00 · view 11-05 12:30 · signup 11-06 10:00 · view 11-07 09:00 |
///
/// The last event is 11-07 09:00, so that is `asOf`.
fn worked_example() -> EventLog {
    log_of(&[
        ("A", "2025-11-03 20:00", "signup"),
        ("A", "2025-11-03 21:00", "view"),
        ("A", "2025-11-04 06:00", "view"),
        ("A", "2025-11-06 12:00", "view"),
        ("B", "2025-11-03 23:30", "signup"),
        ("B", "2025-11-05 10:00", "view"),
        ("C", "2025-11-04 08:00", "view"),
        ("C", "2025-11-04 09:00", "signup"),
        ("D", "2025-11-02 10:00", "view"),
        ("E", "2025-11-05 12:00", "signup"),
        ("E", "2025-11-05 12:30", "view"),
        ("E", "2025-11-06 10:00", "signup"),
        ("E", "2025-11-07 09:00", "view"),
    ])
}

fn options(period: Period, periods: i64) -> RetentionOptions {
    let mut o = RetentionOptions::new(period, periods);
    o.start_event = Some("signup".into());
    o.return_event = Some("view".into());
    o
}

fn table(r: &Retention) -> Vec<(String, u64, Vec<Option<u64>>, u32)> {
    r.cohorts
        .iter()
        .map(|c| {
            (
                c.label.clone(),
                c.size,
                c.counts.clone(),
                c.complete_periods,
            )
        })
        .collect()
}

fn row(
    label: &str,
    size: u64,
    counts: &[Option<u64>],
    complete: u32,
) -> (String, u64, Vec<Option<u64>>, u32) {
    (label.to_string(), size, counts.to_vec(), complete)
}

const N: Option<u64> = None;

#[test]
fn worked_example_calendar_days_on() {
    let r = retention(&worked_example(), &options(Period::Day, 3)).unwrap();
    assert_eq!(r.criterion, Criterion::On, "the default");
    assert_eq!(r.as_of, at("2025-11-07 09:00"));
    assert_eq!(
        table(&r),
        vec![
            // A returns on day 0 (21:00), day 1 (06:00 next morning) and day 3; B on day 2.
            row("2025-11-03", 2, &[Some(1), Some(1), Some(1), Some(1)], 4),
            // C's only view came before the signup.
            row("2025-11-04", 1, &[Some(0), Some(0), Some(0), Some(0)], 3),
            // E: day 0 and day 2; day 3 (11-08) begins after asOf.
            row("2025-11-05", 1, &[Some(1), Some(0), Some(1), N], 2),
            // E's second signup does not make a first-time cohort.
            row("2025-11-06", 0, &[Some(0), Some(0), N, N], 1),
            row("2025-11-07", 0, &[Some(0), N, N, N], 0),
        ]
    );
    assert_eq!(r.cohorts[0].rates, vec![Some(0.5); 4]);
    assert_eq!(r.cohorts[3].rates, vec![None; 4]);
    // Averages weighted by cohort size over the cohorts whose day k had ended by asOf.
    let avg: Vec<(u64, u64, u32, Option<&str>)> = r
        .average
        .iter()
        .map(|a| (a.retained, a.users, a.cohorts, a.through.as_deref()))
        .collect();
    assert_eq!(
        avg,
        vec![
            (2, 4, 4, Some("2025-11-06")),
            (1, 4, 3, Some("2025-11-05")),
            (1, 3, 2, Some("2025-11-04")),
            (1, 2, 1, Some("2025-11-03")),
        ]
    );
    assert_eq!(r.average[0].rate, Some(0.5));
}

#[test]
fn worked_example_on_or_after() {
    let mut o = options(Period::Day, 3);
    o.criterion = Criterion::OnOrAfter;
    let r = retention(&worked_example(), &o).unwrap();
    assert_eq!(
        table(&r),
        vec![
            // A's last return is day 3, B's day 2: both count through day 2.
            row("2025-11-03", 2, &[Some(2), Some(2), Some(2), Some(1)], 4),
            row("2025-11-04", 1, &[Some(0), Some(0), Some(0), Some(0)], 3),
            row("2025-11-05", 1, &[Some(1), Some(1), Some(1), N], 2),
            row("2025-11-06", 0, &[Some(0), Some(0), N, N], 1),
            row("2025-11-07", 0, &[Some(0), N, N, N], 0),
        ]
    );
}

#[test]
fn worked_example_recurring() {
    let mut o = options(Period::Day, 3);
    o.criterion = Criterion::On;
    o.cohort = CohortKind::Recurring;
    let r = retention(&worked_example(), &o).unwrap();
    // E now also joins 11-06 (anchored at 10:00) and returns on 11-07: day 1.
    assert_eq!(r.cohorts[3].size, 1);
    assert_eq!(r.cohorts[3].counts, vec![Some(0), Some(1), N, N]);
    assert_eq!(
        r.cohorts[0].counts,
        vec![Some(1), Some(1), Some(1), Some(1)]
    );
}

#[test]
fn worked_example_rolling_24h() {
    let mut o = options(Period::Day, 3);
    o.criterion = Criterion::On;
    o.bucketing = Bucketing::Rolling24h;
    let r = retention(&worked_example(), &o).unwrap();
    assert_eq!(
        table(&r)[..3].to_vec(),
        vec![
            // A (anchor 11-03 20:00): 21:00 and 06:00 are both within the first 24 h (day 0),
            // 11-06 12:00 is 64 h later (day 2). B (23:30): 11-05 10:00 is 34.5 h later (day 1).
            // Day 3 of the latest member (B) ends 11-07 23:30, after asOf: 3 complete.
            row("2025-11-03", 2, &[Some(1), Some(1), Some(1), Some(0)], 3),
            row("2025-11-04", 1, &[Some(0), Some(0), Some(0), Some(0)], 3),
            // E (12:00): 12:30 is day 0, 11-07 09:00 is 45 h later (day 1); day 2 would begin
            // 11-07 12:00, after asOf.
            row("2025-11-05", 1, &[Some(1), Some(1), N, N], 1),
        ]
    );
}

#[test]
fn worked_example_weeks_and_as_of() {
    let r = retention(&worked_example(), &options(Period::Week, 1)).unwrap();
    // Everyone signs up in the week of Monday 11-03; A, B and E return that week after signing up.
    assert_eq!(table(&r), vec![row("2025-11-03", 4, &[Some(3), N], 0)]);

    let mut o = options(Period::Day, 2);
    o.as_of = Some(TimeBound::Text("2025-11-05".into())); // through the end of 11-05
    o.from = Some(TimeBound::Text("2025-11-04".into()));
    let r = retention(&worked_example(), &o).unwrap();
    assert_eq!(r.as_of, at("2025-11-06") - 1);
    assert_eq!(
        table(&r),
        vec![
            row("2025-11-04", 1, &[Some(0), Some(0), N], 2),
            // E's view of 11-07 is after asOf and is ignored.
            row("2025-11-05", 1, &[Some(1), N, N], 1),
        ]
    );
}

#[test]
fn bad_options_name_the_field() {
    let log = worked_example();
    let mut o = options(Period::Day, -1);
    let e = retention(&log, &o).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (ErrorCode::OutOfRange, "periods")
    );
    o.periods = 3;
    o.start_event = Some("login".into());
    let e = retention(&log, &o).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (ErrorCode::NotFound, "startEvent")
    );
    let mut o = options(Period::Day, 3);
    o.return_event = Some("nope".into());
    assert_eq!(retention(&log, &o).unwrap_err().field, "returnEvent");
    let mut o = options(Period::Day, 3);
    o.from = Some(TimeBound::Text("2025-11-06".into()));
    o.to = Some(TimeBound::Text("2025-11-05".into()));
    assert_eq!(retention(&log, &o).unwrap_err().field, "to");
    let mut o = options(Period::Day, 3);
    o.utc_offset_minutes = 2000;
    assert_eq!(retention(&log, &o).unwrap_err().field, "utcOffsetMinutes");
    let mut o = options(Period::Day, 1000);
    o.from = Some(TimeBound::Text("2000-01-01".into()));
    let e = retention(&log, &o).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::OutOfRange, "from"));
    let mut o = options(Period::Day, 3);
    o.as_of = Some(TimeBound::Text("yesterday".into()));
    assert_eq!(retention(&log, &o).unwrap_err().field, "asOf");
}

// ---- pandas reference vectors (tests/reference/retention/gen.py) ----

#[derive(Deserialize)]
struct Reference {
    events: RefEvents,
    cases: Vec<RefCase>,
}
#[derive(Deserialize)]
struct RefEvents {
    user: Vec<f64>,
    ts: Vec<f64>,
    event: Vec<String>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefCase {
    options: serde_json::Value,
    as_of: i64,
    rows: Vec<RefRow>,
    average: Vec<RefAverage>,
}
#[derive(Deserialize)]
struct RefRow {
    size: u64,
    counts: Vec<Option<u64>>,
}
#[derive(Deserialize)]
struct RefAverage {
    retained: u64,
    users: u64,
    cohorts: u32,
}

#[test]
fn calendar_days_match_pandas() {
    let text = include_str!("reference/retention/calendar_day.json");
    let reference: Reference = serde_json::from_str(text).unwrap();
    let log = from_columns(ColumnsInput {
        user: UserColumn::Numbers(reference.events.user),
        ts: reference.events.ts,
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(reference.events.event),
        props: vec![],
    })
    .unwrap();
    assert_eq!(reference.cases.len(), 16);
    for case in &reference.cases {
        // The options are the API's own JSON form, so this also checks their spelling.
        let o: RetentionOptions = serde_json::from_value(case.options.clone()).unwrap();
        let r = retention(&log, &o).unwrap();
        assert_eq!(r.as_of, case.as_of, "{}", case.options);
        assert_eq!(r.cohorts.len(), case.rows.len(), "{}", case.options);
        for (got, want) in r.cohorts.iter().zip(&case.rows) {
            assert_eq!(got.size, want.size, "{} {}", case.options, got.label);
            assert_eq!(got.counts, want.counts, "{} {}", case.options, got.label);
        }
        for (got, want) in r.average.iter().zip(&case.average) {
            assert_eq!(
                (got.retained, got.users, got.cohorts),
                (want.retained, want.users, want.cohorts),
                "{} period {}",
                case.options,
                got.period
            );
        }
    }
}

// ---- invariants on random logs ----

fn random_log(events: &[(u8, u32, u8)]) -> EventLog {
    let base = at("2025-10-01 00:00");
    from_columns(ColumnsInput {
        user: UserColumn::Numbers(events.iter().map(|e| f64::from(e.0)).collect()),
        ts: events
            .iter()
            .map(|e| (base + i64::from(e.1) * 60_000) as f64)
            .collect(),
        ts_unit: TsUnit::Ms,
        event: EventColumn::Codes {
            codes: events.iter().map(|e| u32::from(e.2)).collect(),
            names: vec!["signup".into(), "view".into(), "pay".into()],
        },
        props: vec![],
    })
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn on_or_after_bounds_on_and_counts_bound_sizes(
        events in proptest::collection::vec((0u8..20, 0u32..60 * 24 * 40, 0u8..3), 1..300),
        period in prop_oneof![Just(Period::Day), Just(Period::Week), Just(Period::Month)],
        cohort in prop_oneof![Just(CohortKind::FirstTime), Just(CohortKind::Recurring)],
        bucketing in prop_oneof![Just(Bucketing::Calendar), Just(Bucketing::Rolling24h)],
        any_start in any::<bool>(),
    ) {
        let log = random_log(&events);
        let mut o = options(period, 6);
        if any_start { o.start_event = None; }
        o.cohort = cohort;
        o.bucketing = bucketing;
        o.criterion = Criterion::On;
        let on = retention(&log, &o).unwrap();
        o.criterion = Criterion::OnOrAfter;
        let after = retention(&log, &o).unwrap();
        prop_assert_eq!(on.cohorts.len(), after.cohorts.len());
        for (a, b) in on.cohorts.iter().zip(&after.cohorts) {
            prop_assert_eq!(a.size, b.size);
            for k in 0..a.counts.len() {
                prop_assert_eq!(a.counts[k].is_none(), b.counts[k].is_none());
                if let (Some(x), Some(y)) = (a.counts[k], b.counts[k]) {
                    prop_assert!(x <= y, "on {} > on_or_after {}", x, y);
                    prop_assert!(y <= a.size);
                    if k > 0 {
                        prop_assert!(b.counts[k - 1].unwrap() >= y, "on_or_after rises");
                    }
                }
            }
            prop_assert!(a.complete_periods as usize <= a.counts.iter().flatten().count());
        }
        if cohort == CohortKind::FirstTime {
            let members: u64 = on.cohorts.iter().map(|c| c.size).sum();
            prop_assert!(members <= log.user_count() as u64);
        }
    }
}

#[test]
fn a_return_at_the_instant_of_the_start_event_counts_in_either_input_order() {
    let log = log_of(&[
        ("F", "2025-11-05 15:00", "view"),
        ("F", "2025-11-05 15:00", "signup"),
        ("G", "2025-11-05 15:00", "signup"),
        ("G", "2025-11-05 15:00", "view"),
        ("H", "2025-11-05 14:59", "view"),
        ("H", "2025-11-05 15:00", "signup"),
    ]);
    for cohort in [CohortKind::FirstTime, CohortKind::Recurring] {
        let mut o = options(Period::Day, 0);
        o.cohort = cohort;
        let r = retention(&log, &o).unwrap();
        // F and G return at the instant they sign up; H's view came a minute before.
        assert_eq!(
            table(&r),
            vec![row("2025-11-05", 3, &[Some(2)], 0)],
            "{cohort:?}"
        );
    }
}
