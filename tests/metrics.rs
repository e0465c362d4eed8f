//! The report metrics against pandas (tests/reference/retention/gen.py, metrics.json) and
//! small examples worked by hand.

use serde::Deserialize;
use yunying::error::ErrorCode;
use yunying::events::from_columns::{
    from_columns, ColumnsInput, EventColumn, PropColumn, UserColumn,
};
use yunying::events::{EventLog, TsUnit};
use yunying::metrics::active::{active_users, ActiveOptions};
use yunying::metrics::commerce::{
    conversion, penetration, repurchase, revenue, ConversionOptions, PenetrationOptions,
    RepurchaseOptions, RevenueOptions,
};
use yunying::metrics::stickiness::{stickiness_distribution, StickinessOptions};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reference {
    events: Events,
    first_day: String,
    active: Series,
    stickiness: serde_json::Value,
    distribution: Vec<u64>,
    sub_range: serde_json::Value,
    revenue: serde_json::Value,
    repurchase: serde_json::Value,
    conversion: serde_json::Value,
    penetration: Penetration,
}
#[derive(Deserialize)]
struct Events {
    user: Vec<f64>,
    ts: Vec<f64>,
    event: Vec<String>,
    amount: Vec<Option<f64>>,
}
#[derive(Deserialize)]
struct Series {
    dau: Vec<u64>,
    wau: Vec<u64>,
    mau: Vec<u64>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Penetration {
    active_users: u64,
    share: u64,
    click: u64,
}

fn reference() -> (Reference, EventLog) {
    let r: Reference =
        serde_json::from_str(include_str!("reference/retention/metrics.json")).unwrap();
    let log = from_columns(ColumnsInput {
        user: UserColumn::Numbers(r.events.user.clone()),
        ts: r.events.ts.clone(),
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(r.events.event.clone()),
        props: vec![(
            "amount".into(),
            PropColumn::MoneyFen(
                r.events
                    .amount
                    .iter()
                    .map(|a| a.unwrap_or(f64::NAN))
                    .collect(),
            ),
        )],
    })
    .unwrap();
    (r, log)
}

/// Options as the API's JSON, with the reference's sub-range.
fn with_range<T: serde::de::DeserializeOwned>(r: &Reference, json: serde_json::Value) -> T {
    let mut v = json;
    v["from"] = r.sub_range["from"].clone();
    v["to"] = r.sub_range["to"].clone();
    serde_json::from_value(v).unwrap()
}

/// The subset of `got`'s fields named in `want`, as JSON.
fn pick(got: &impl serde::Serialize, want: &serde_json::Value) -> serde_json::Value {
    let all = serde_json::to_value(got).unwrap();
    let keys = want.as_object().unwrap().keys();
    serde_json::Value::Object(keys.map(|k| (k.clone(), all[k].clone())).collect())
}

#[test]
fn rolling_active_users_and_stickiness_match_pandas() {
    let (r, log) = reference();
    let a = active_users(
        &log,
        &ActiveOptions {
            utc_offset_minutes: 480,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(a.days[0], r.first_day);
    assert_eq!(a.dau, r.active.dau);
    assert_eq!(a.wau, r.active.wau);
    assert_eq!(a.mau, r.active.mau);
    assert_eq!(a.full_window_from, Some(29));
    let s = a.stickiness.unwrap();
    assert_eq!(
        serde_json::json!({ "userDays": s.user_days, "days": s.days, "mau": s.mau, "wau": s.wau }),
        r.stickiness
    );
    assert_eq!(
        s.dau_over_mau,
        Some(s.user_days as f64 / (s.days as f64 * s.mau as f64))
    );
}

#[test]
fn stickiness_distribution_matches_pandas() {
    let (r, log) = reference();
    let o = StickinessOptions {
        event: Some("view".into()),
        ..Default::default()
    };
    let d = stickiness_distribution(&log, &o).unwrap();
    assert_eq!(d.users, r.distribution);
    assert_eq!(
        d.users.iter().sum::<u64>(),
        d.total_users,
        "every user is counted somewhere"
    );
}

#[test]
fn commerce_metrics_match_pandas() {
    let (r, log) = reference();
    let got = revenue(
        &log,
        &with_range::<RevenueOptions>(
            &r,
            serde_json::json!({ "payEvent": "pay", "amountProp": "amount" }),
        ),
    )
    .unwrap();
    assert_eq!(pick(&got, &r.revenue), r.revenue);
    let got = repurchase(
        &log,
        &with_range::<RepurchaseOptions>(&r, serde_json::json!({ "orderEvent": "order" })),
    )
    .unwrap();
    assert_eq!(pick(&got, &r.repurchase), r.repurchase);
    let got = conversion(
        &log,
        &with_range::<ConversionOptions>(
            &r,
            serde_json::json!({ "impressionEvent": "view", "clickEvent": "click", "orderEvent": "order" }),
        ),
    )
    .unwrap();
    assert_eq!(pick(&got, &r.conversion), r.conversion);
    let got = penetration(
        &log,
        &with_range::<PenetrationOptions>(
            &r,
            serde_json::json!({ "features": ["share", "click"] }),
        ),
    )
    .unwrap();
    assert_eq!(got.active_users, r.penetration.active_users);
    assert_eq!(
        (got.features[0].users, got.features[1].users),
        (r.penetration.share, r.penetration.click)
    );
}

fn small_log() -> EventLog {
    // u1 pays 0.01 and 0.02 (3 分), u2 pays 0.02, u3 only views: GMV 5 分 over 3 active users.
    from_columns(ColumnsInput {
        user: UserColumn::Strings(["u1", "u1", "u2", "u3"].map(String::from).to_vec()),
        ts: vec![1e12, 1e12 + 1.0, 1e12 + 2.0, 1e12 + 3.0],
        ts_unit: TsUnit::Ms,
        event: EventColumn::Names(["pay", "pay", "pay", "view"].map(String::from).to_vec()),
        props: vec![
            (
                "amount".into(),
                PropColumn::MoneyFen(vec![1.0, 2.0, 2.0, f64::NAN]),
            ),
            (
                "city".into(),
                PropColumn::Strings(vec![Some("上海".into()); 4]),
            ),
        ],
    })
    .unwrap()
}

#[test]
fn per_user_money_is_rounded_in_whole_fen() {
    let log = small_log();
    let o: RevenueOptions =
        serde_json::from_value(serde_json::json!({ "payEvent": "pay", "amountProp": "amount" }))
            .unwrap();
    let r = revenue(&log, &o).unwrap();
    // 5 / 3 = 1.67 → 2 分; 5 / 2 = 2.5 → 3 分 (halves away from zero).
    assert_eq!((r.gmv_fen, r.active_users, r.paying_users), (5, 3, 2));
    assert_eq!((r.arpu_fen, r.arppu_fen), (Some(2), Some(3)));
    let r = repurchase(
        &log,
        &serde_json::from_value(serde_json::json!({ "orderEvent": "pay" })).unwrap(),
    )
    .unwrap();
    assert_eq!((r.buyers, r.repeat_buyers, r.rate), (2, 1, Some(0.5)));
}

#[test]
fn bad_input_names_the_field() {
    let log = small_log();
    let bad = |json: serde_json::Value| {
        let o: RevenueOptions = serde_json::from_value(json).unwrap();
        let e = revenue(&log, &o).unwrap_err();
        (e.code, e.field)
    };
    assert_eq!(
        bad(serde_json::json!({ "payEvent": "pay", "amountProp": "city" })),
        (ErrorCode::InvalidInput, "amountProp".into())
    );
    assert_eq!(
        bad(serde_json::json!({ "payEvent": "refund", "amountProp": "amount" })),
        (ErrorCode::NotFound, "payEvent".into())
    );
    assert_eq!(
        bad(serde_json::json!({ "payEvent": "pay", "amountProp": "price" })),
        (ErrorCode::NotFound, "amountProp".into())
    );
    let o: PenetrationOptions =
        serde_json::from_value(serde_json::json!({ "features": ["view", "nope"] })).unwrap();
    assert_eq!(penetration(&log, &o).unwrap_err().field, "features[1]");
    let o = StickinessOptions {
        days: -3,
        ..Default::default()
    };
    assert_eq!(stickiness_distribution(&log, &o).unwrap_err().field, "days");
    let o: RepurchaseOptions =
        serde_json::from_value(serde_json::json!({ "orderEvent": "pay", "minOrders": 1 })).unwrap();
    assert_eq!(repurchase(&log, &o).unwrap_err().field, "minOrders");
}
