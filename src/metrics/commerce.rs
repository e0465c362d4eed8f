//! The commerce numbers of an operations report over a time range: GMV, ARPU and ARPPU,
//! repurchase rate, CTR and CVR, and feature penetration. Every rate comes with its counts.

use serde::{Deserialize, Serialize};

use super::revenue::money_column;
use super::window::{default_offset, resolve_range, EventFilter, Range, TimeBound};
use crate::error::{Error, Result};
use crate::events::column::MONEY_MISSING;
use crate::events::time::check_offset;
use crate::events::EventLog;

fn range(
    log: &EventLog,
    from: &Option<TimeBound>,
    to: &Option<TimeBound>,
    offset: i32,
) -> Result<Range> {
    check_offset(offset)?;
    // An empty log has no default range; an empty one answers with zero counts.
    Ok(resolve_range(log, from, to, offset)?.unwrap_or(Range { from: 0, to: -1 }))
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// `numerator / denominator` 分 rounded to the nearest 分, halves away from zero, in integers.
fn per_user_fen(numerator: i64, denominator: u64) -> Option<i64> {
    if denominator == 0 {
        return None;
    }
    let (n, d) = (i128::from(numerator), i128::from(denominator));
    let q = (2 * n.abs() + d) / (2 * d);
    // |q| ≤ |numerator|, which came from an i64.
    Some((if n < 0 { -q } else { q }) as i64)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevenueOptions {
    /// The paying event, e.g. `pay` (use `order` for order-based GMV).
    pub pay_event: String,
    /// A money property of that event (integer 分).
    pub amount_prop: String,
    /// The event that makes a user active (ARPU's denominator); absent: any event.
    #[serde(default)]
    pub active_event: Option<String>,
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
    #[serde(default)]
    pub from: Option<TimeBound>,
    #[serde(default)]
    pub to: Option<TimeBound>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Revenue {
    pub from: i64,
    pub to: i64,
    /// Σ amount of the paying events in the range, in 分 (events without an amount add nothing).
    pub gmv_fen: i64,
    /// Paying events, and how many of them carry an amount.
    pub payments: u64,
    pub payments_with_amount: u64,
    /// Users with at least one paying event.
    pub paying_users: u64,
    /// Users with at least one activity event.
    pub active_users: u64,
    /// gmv / active users, rounded to the nearest 分 (half away from zero); null without users.
    pub arpu_fen: Option<i64>,
    /// gmv / paying users, rounded the same way.
    pub arppu_fen: Option<i64>,
    /// paying users / active users.
    pub paying_rate: Option<f64>,
}

pub fn revenue(log: &EventLog, options: &RevenueOptions) -> Result<Revenue> {
    let pay = log.event_code(&options.pay_event, "payEvent")?;
    let amounts = money_column(log, &options.amount_prop, "amountProp")?;
    let active = EventFilter::new(log, &options.active_event, "activeEvent")?;
    let r = range(log, &options.from, &options.to, options.utc_offset_minutes)?;
    let events = log.events();
    let mut out = Revenue {
        from: r.from,
        to: r.to,
        gmv_fen: 0,
        payments: 0,
        payments_with_amount: 0,
        paying_users: 0,
        active_users: 0,
        arpu_fen: None,
        arppu_fen: None,
        paying_rate: None,
    };
    for u in 0..log.user_count() {
        let (mut paid, mut was_active) = (false, false);
        for i in r.user_events(log, u) {
            was_active |= active.matches(events[i]);
            if events[i] != pay {
                continue;
            }
            paid = true;
            out.payments += 1;
            if amounts[i] != MONEY_MISSING {
                out.payments_with_amount += 1;
                out.gmv_fen = out.gmv_fen.checked_add(amounts[i]).ok_or_else(|| {
                    Error::overflow("amountProp", "GMV does not fit in 64-bit 分")
                })?;
            }
        }
        out.paying_users += u64::from(paid);
        out.active_users += u64::from(was_active);
    }
    out.arpu_fen = per_user_fen(out.gmv_fen, out.active_users);
    out.arppu_fen = per_user_fen(out.gmv_fen, out.paying_users);
    out.paying_rate = ratio(out.paying_users, out.active_users);
    Ok(out)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RepurchaseOptions {
    pub order_event: String,
    /// A repeat buyer has at least this many orders in the range (default 2).
    #[serde(default = "default_min_orders")]
    pub min_orders: i64,
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
    #[serde(default)]
    pub from: Option<TimeBound>,
    #[serde(default)]
    pub to: Option<TimeBound>,
}

fn default_min_orders() -> i64 {
    2
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Repurchase {
    pub from: i64,
    pub to: i64,
    pub min_orders: u32,
    pub orders: u64,
    /// Users with at least one order in the range.
    pub buyers: u64,
    /// Users with at least `minOrders` orders in the range.
    pub repeat_buyers: u64,
    /// repeat buyers / buyers (复购率).
    pub rate: Option<f64>,
}

pub fn repurchase(log: &EventLog, options: &RepurchaseOptions) -> Result<Repurchase> {
    let order = log.event_code(&options.order_event, "orderEvent")?;
    if !(2..=1_000_000).contains(&options.min_orders) {
        return Err(Error::out_of_range(
            "minOrders",
            format!("must be at least 2 (got {})", options.min_orders),
        ));
    }
    let r = range(log, &options.from, &options.to, options.utc_offset_minutes)?;
    let events = log.events();
    let (mut orders, mut buyers, mut repeat) = (0u64, 0u64, 0u64);
    for u in 0..log.user_count() {
        let n = r
            .user_events(log, u)
            .filter(|&i| events[i] == order)
            .count() as u64;
        orders += n;
        buyers += u64::from(n > 0);
        repeat += u64::from(n >= options.min_orders as u64);
    }
    Ok(Repurchase {
        from: r.from,
        to: r.to,
        min_orders: options.min_orders as u32,
        orders,
        buyers,
        repeat_buyers: repeat,
        rate: ratio(repeat, buyers),
    })
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConversionOptions {
    pub impression_event: String,
    pub click_event: String,
    pub order_event: String,
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
    #[serde(default)]
    pub from: Option<TimeBound>,
    #[serde(default)]
    pub to: Option<TimeBound>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversion {
    pub from: i64,
    pub to: i64,
    /// Event counts.
    pub impressions: u64,
    pub clicks: u64,
    pub orders: u64,
    /// Distinct users with at least one such event.
    pub impression_users: u64,
    pub click_users: u64,
    pub order_users: u64,
    /// CTR = clicks / impressions (events).
    pub ctr: Option<f64>,
    /// CVR = orders / clicks (events).
    pub cvr: Option<f64>,
    /// The same per user: click users / impression users, order users / click users.
    pub user_ctr: Option<f64>,
    pub user_cvr: Option<f64>,
}

pub fn conversion(log: &EventLog, options: &ConversionOptions) -> Result<Conversion> {
    let codes = [
        log.event_code(&options.impression_event, "impressionEvent")?,
        log.event_code(&options.click_event, "clickEvent")?,
        log.event_code(&options.order_event, "orderEvent")?,
    ];
    let r = range(log, &options.from, &options.to, options.utc_offset_minutes)?;
    let events = log.events();
    let mut counts = [0u64; 3];
    let mut users = [0u64; 3];
    for u in 0..log.user_count() {
        let mut seen = [false; 3];
        for i in r.user_events(log, u) {
            for (k, &code) in codes.iter().enumerate() {
                if events[i] == code {
                    counts[k] += 1;
                    seen[k] = true;
                }
            }
        }
        for k in 0..3 {
            users[k] += u64::from(seen[k]);
        }
    }
    Ok(Conversion {
        from: r.from,
        to: r.to,
        impressions: counts[0],
        clicks: counts[1],
        orders: counts[2],
        impression_users: users[0],
        click_users: users[1],
        order_users: users[2],
        ctr: ratio(counts[1], counts[0]),
        cvr: ratio(counts[2], counts[1]),
        user_ctr: ratio(users[1], users[0]),
        user_cvr: ratio(users[2], users[1]),
    })
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PenetrationOptions {
    /// The features: one event name each.
    pub features: Vec<String>,
    /// The event that makes a user active; absent: any event.
    #[serde(default)]
    pub active_event: Option<String>,
    #[serde(default = "default_offset")]
    pub utc_offset_minutes: i32,
    #[serde(default)]
    pub from: Option<TimeBound>,
    #[serde(default)]
    pub to: Option<TimeBound>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Penetration {
    pub from: i64,
    pub to: i64,
    /// Users with an activity event in the range: the denominator.
    pub active_users: u64,
    pub features: Vec<FeaturePenetration>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeaturePenetration {
    pub feature: String,
    /// Events of the feature in the range (by active users).
    pub events: u64,
    /// Active users who did the feature at least once.
    pub users: u64,
    /// users / active users.
    pub rate: Option<f64>,
}

/// The most features one penetration query compares.
pub const MAX_FEATURES: usize = 64;

/// Feature penetration (功能渗透率): of the users active in the range, the share who used each
/// feature. A feature user who is not active by `activeEvent` is not counted, so a rate never
/// exceeds 1.
pub fn penetration(log: &EventLog, options: &PenetrationOptions) -> Result<Penetration> {
    if options.features.is_empty() {
        return Err(Error::invalid(
            "features",
            "name at least one feature event",
        ));
    }
    let codes = options
        .features
        .iter()
        .enumerate()
        .map(|(k, name)| log.event_code(name, &format!("features[{k}]")))
        .collect::<Result<Vec<u16>>>()?;
    let active = EventFilter::new(log, &options.active_event, "activeEvent")?;
    let r = range(log, &options.from, &options.to, options.utc_offset_minutes)?;
    let events = log.events();
    let mut active_users = 0u64;
    let mut counts = vec![0u64; codes.len()];
    let mut users = vec![0u64; codes.len()];
    let mut used = vec![0u64; codes.len()];
    for u in 0..log.user_count() {
        let span = r.user_events(log, u);
        if !span.clone().any(|i| active.matches(events[i])) {
            continue;
        }
        active_users += 1;
        used.iter_mut().for_each(|n| *n = 0);
        for i in span {
            for (k, &code) in codes.iter().enumerate() {
                used[k] += u64::from(events[i] == code);
            }
        }
        for k in 0..codes.len() {
            counts[k] += used[k];
            users[k] += u64::from(used[k] > 0);
        }
    }
    Ok(Penetration {
        from: r.from,
        to: r.to,
        active_users,
        features: options
            .features
            .iter()
            .enumerate()
            .map(|(k, name)| FeaturePenetration {
                feature: name.clone(),
                events: counts[k],
                users: users[k],
                rate: ratio(users[k], active_users),
            })
            .collect(),
    })
}
