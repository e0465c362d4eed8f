//! The event log: ingest paths, ordering, and what bad input gets back.

use proptest::prelude::*;
use yunying::error::ErrorCode;
use yunying::events::from_columns::{
    from_columns, ColumnsInput, EventColumn, PropColumn, UserColumn,
};
use yunying::events::from_csv::{from_csv, CsvOptions, OnError};
use yunying::events::log::UserIds;
use yunying::events::summary::summarize;
use yunying::events::{Column, ColumnKind, EventLog, TsUnit};
use yunying::metrics::active::daily_active;
use yunying::metrics::revenue::money_total;

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn log_of(users: &[f64], ts: &[f64], events: &[&str]) -> EventLog {
    from_columns(ColumnsInput {
        user: UserColumn::Numbers(users.to_vec()),
        ts: ts.to_vec(),
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(names(events)),
        props: vec![],
    })
    .unwrap()
}

/// (user id, ts, event name) of every event in log order.
fn rows(log: &EventLog) -> Vec<(String, i64, String)> {
    let mut out = vec![];
    for u in 0..log.user_count() {
        for i in log.user_range(u) {
            out.push((
                log.user_ids().display(u),
                log.ts()[i],
                log.event_names()[log.events()[i] as usize].clone(),
            ));
        }
    }
    out
}

#[test]
fn sorts_by_user_then_time_then_input_order() {
    let log = log_of(
        &[7.0, 3.0, 7.0, 3.0, 7.0],
        &[30.0, 5.0, 10.0, 5.0, 10.0],
        &["c", "x", "a", "y", "b"],
    );
    let r = rows(&log);
    let expect = [
        ("7", 10, "a"),
        ("7", 10, "b"),
        ("7", 30, "c"),
        ("3", 5, "x"),
        ("3", 5, "y"),
    ];
    assert_eq!(r.len(), expect.len());
    for (got, want) in r.iter().zip(expect) {
        assert_eq!((got.0.as_str(), got.1, got.2.as_str()), want);
    }
    // Users keep first-appearance order.
    assert_eq!(log.user_ids(), &UserIds::Numbers(vec![7, 3]));
}

#[test]
fn seconds_are_detected_and_converted() {
    let log = from_columns(ColumnsInput {
        user: UserColumn::Strings(names(&["a", "a"])),
        ts: vec![1_762_862_400.0, 1_762_862_400_500.0],
        ts_unit: TsUnit::Auto,
        event: EventColumn::Codes {
            codes: vec![0, 0],
            names: names(&["view"]),
        },
        props: vec![],
    })
    .unwrap();
    assert_eq!(log.ts(), &[1_762_862_400_000, 1_762_862_400_500]);
}

#[test]
fn column_errors_name_the_field() {
    let bad_user = from_columns(ColumnsInput {
        user: UserColumn::Numbers(vec![1.5]),
        ts: vec![0.0],
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(names(&["a"])),
        props: vec![],
    })
    .unwrap_err();
    assert_eq!(
        (bad_user.code, bad_user.field.as_str()),
        (ErrorCode::InvalidInput, "user[0]")
    );

    let bad_code = from_columns(ColumnsInput {
        user: UserColumn::Numbers(vec![1.0, 2.0]),
        ts: vec![0.0, 1.0],
        ts_unit: TsUnit::Ms,
        event: EventColumn::Codes {
            codes: vec![0, 3],
            names: names(&["a"]),
        },
        props: vec![],
    })
    .unwrap_err();
    assert_eq!(bad_code.field, "event[1]");

    let bad_money = from_columns(ColumnsInput {
        user: UserColumn::Numbers(vec![1.0]),
        ts: vec![0.0],
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(names(&["pay"])),
        props: vec![("amount".into(), PropColumn::MoneyFen(vec![12.5]))],
    })
    .unwrap_err();
    assert_eq!(bad_money.field, "props.amount[0]");

    let short = from_columns(ColumnsInput {
        user: UserColumn::Numbers(vec![1.0]),
        ts: vec![0.0, 1.0],
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(names(&["a", "b"])),
        props: vec![],
    })
    .unwrap_err();
    assert_eq!(short.field, "user");
}

const CSV: &str = "\u{feff}user,ts,event,channel,amount\r\n\
u1,2025-11-11 20:00:00,view,\"app, ios\",\r\n\
u2,2025-11-11T12:30:00Z,view,web,\r\n\
u1,1762862460,pay,\"app, ios\",99.50\r\n\
u2,2025-11-12 09:00:00,pay,,\"1,200.00\"\r\n";

fn csv_options() -> CsvOptions {
    let mut o = CsvOptions::default();
    o.props.insert("amount".into(), ColumnKind::Money);
    o
}

#[test]
fn csv_reads_excel_style_exports() {
    let log = from_csv(CSV, &csv_options()).unwrap();
    assert_eq!(log.event_count(), 4);
    assert_eq!(log.user_count(), 2);
    let s = summarize(&log);
    assert_eq!(s.first_ts, Some(1_762_862_400_000));
    let channel = s.properties.iter().find(|p| p.name == "channel").unwrap();
    assert_eq!((channel.present, channel.distinct), (3, Some(2)));
    let gmv = money_total(&log, "pay", "amount").unwrap();
    assert_eq!(
        (gmv.total_fen, gmv.events, gmv.users),
        (9_950 + 120_000, 2, 2)
    );
    match log.property("channel", "p").unwrap() {
        Column::Category { dict, .. } => assert_eq!(dict, &names(&["app, ios", "web"])),
        other => panic!("channel should be a category, got {other:?}"),
    }
}

#[test]
fn csv_errors_name_line_column_and_value() {
    let text = "user,ts,event\nu1,2024-12-01,view\nu2,2024-13-01,view\n";
    let err = from_csv(text, &CsvOptions::default()).unwrap_err();
    assert_eq!(err.code, ErrorCode::ParseError);
    assert_eq!(err.field, "ts");
    assert_eq!(err.message, "line 3, column ts: '2024-13-01' is not a date");

    let mut skip = CsvOptions::default();
    skip.on_error = OnError::Skip;
    let log = from_csv(&format!("{text}u3,2024-12-02\nu4,2024-12-03,pay\n"), &skip).unwrap();
    assert_eq!(log.event_count(), 2);
    let r = log.report();
    assert_eq!((r.rows_read, r.rows_skipped), (4, 2));
    assert_eq!(
        r.skip_reasons[0],
        "line 3, column ts: '2024-13-01' is not a date"
    );
    assert_eq!(
        r.skip_reasons[1],
        "line 4: has 2 fields but the header has 3"
    );

    let missing = from_csv("uid,when,what\n", &CsvOptions::default()).unwrap_err();
    assert_eq!(
        (missing.code, missing.field.as_str()),
        (ErrorCode::NotFound, "ts")
    );
    let money = from_csv("user,ts,event,amount\nu,0,pay,12.345\n", &csv_options()).unwrap_err();
    assert_eq!(
        money.message,
        "line 2, column amount: '12.345' is not a money amount: more precise than 0.01 (1 分)"
    );
}

#[test]
fn dau_counts_each_user_once_per_local_day() {
    // u1 at 08:00 and 09:00 on 11-11 and 08:00 on 11-12 (Beijing); u2 at 20:30 UTC on 11-11,
    // which is already 04:30 on 11-12 in Beijing.
    let h = 3_600_000.0;
    let t0 = 1_762_819_200_000.0; // 2025-11-11 00:00 UTC = 08:00 Beijing
    let log = log_of(
        &[1.0, 1.0, 1.0, 2.0],
        &[t0, t0 + h, t0 + 24.0 * h, t0 + 20.5 * h],
        &["a", "a", "a", "a"],
    );
    let beijing = daily_active(&log, 480).unwrap();
    assert_eq!(beijing.days, names(&["2025-11-11", "2025-11-12"]));
    assert_eq!(beijing.users, vec![1, 2]);
    let utc = daily_active(&log, 0).unwrap();
    assert_eq!(utc.users, vec![2, 1]);
    assert!(daily_active(&log, 900).is_err());
}

proptest! {
    #[test]
    fn ingest_keeps_every_event_and_orders_each_user(
        events in proptest::collection::vec((0u8..20, 0i64..1000, 0u8..4), 0..300)
    ) {
        let users: Vec<f64> = events.iter().map(|e| f64::from(e.0)).collect();
        let ts: Vec<f64> = events.iter().map(|e| e.1 as f64).collect();
        let names_: Vec<String> = events.iter().map(|e| format!("e{}", e.2)).collect();
        let log = from_columns(ColumnsInput {
            user: UserColumn::Numbers(users),
            ts,
            ts_unit: TsUnit::Ms,
            event: EventColumn::Names(names_),
            props: vec![],
        }).unwrap();
        let got = rows(&log);
        prop_assert_eq!(got.len(), events.len());
        // Same multiset of events.
        let mut a: Vec<(String, i64, String)> = events.iter().map(|e| (e.0.to_string(), e.1, format!("e{}", e.2))).collect();
        let mut b = got.clone();
        a.sort();
        b.sort();
        prop_assert_eq!(a, b);
        // Each user's events are contiguous and in time order.
        for u in 0..log.user_count() {
            let r = log.user_range(u);
            prop_assert!(log.ts()[r.clone()].windows(2).all(|w| w[0] <= w[1]));
        }
        let s = summarize(&log);
        prop_assert_eq!(s.event_names.iter().map(|n| n.count).sum::<u64>(), events.len() as u64);
    }
}
