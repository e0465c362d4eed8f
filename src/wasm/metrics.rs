//! The report metrics on the resident event log: active users and stickiness, revenue per
//! user, repurchase, CTR/CVR and feature penetration.

use wasm_bindgen::prelude::*;

use super::convert::{from_js, from_js_or_default, js_error, to_js, JsResult};
use super::events::EventLog;
use crate::metrics::active::{active_users, ActiveOptions};
use crate::metrics::commerce::{
    conversion, penetration, repurchase, revenue, ConversionOptions, PenetrationOptions,
    RepurchaseOptions, RevenueOptions,
};
use crate::metrics::stickiness::{stickiness_distribution, StickinessOptions};

#[wasm_bindgen(typescript_custom_section)]
const TS_METRICS: &'static str = r#"
/** `[from, to]` of a metric: epoch ms or local dates ('2025-11-01' … '2025-11-30' is the whole month). Default: the whole log. */
export interface MetricRange { from?: TimeBound; to?: TimeBound; utcOffsetMinutes?: number }
export interface ActiveUsersOptions extends MetricRange {
  /** The event that makes a user active; absent: any event. */
  event?: string;
}
export interface ActiveUsers {
  days: string[]; dayStarts: number[];
  /** Distinct users active that day. */
  dau: number[];
  /** Distinct users active in the wauDays (7) days ending that day. */
  wau: number[];
  /** Distinct users active in the mauDays (30) days ending that day. */
  mau: number[];
  dauOverMau: (number | null)[]; wauOverMau: (number | null)[];
  wauDays: number; mauDays: number;
  /** Index of the first day whose 30-day window is all inside the data; null when none is. */
  fullWindowFrom: number | null;
  stickiness: Stickiness | null;
  utcOffsetMinutes: number;
}
/** DAU/MAU over the window from … to (the last 30 days, or fewer when the data is shorter). */
export interface Stickiness {
  from: string; to: string; days: number;
  /** Σ DAU over the window. */
  userDays: number;
  /** userDays / days. */
  averageDau: number;
  /** Distinct users active in the window. */
  mau: number;
  /** averageDau / mau. */
  dauOverMau: number | null;
  /** Distinct users active in the last 7 days of the window. */
  wau: number;
  wauOverMau: number | null;
}
export interface StickinessOptions {
  event?: string;
  /** M, the window in days (default 30). */
  days?: number;
  /** The window's last day (default: the last event's). */
  to?: TimeBound;
  utcOffsetMinutes?: number;
}
export interface StickinessDistribution {
  from: string; to: string; days: number;
  /** users[n]: users active on exactly n of the days; users[0]: users of the log with no activity in the window. */
  users: number[];
  activeUsers: number; totalUsers: number;
  averageActiveDays: number | null;
  utcOffsetMinutes: number;
}
export interface RevenueOptions extends MetricRange {
  /** The paying event ('pay'; 'order' for order-based GMV). */
  payEvent: string;
  /** A money property of it (integer 分). */
  amountProp: string;
  /** ARPU's active users; absent: any event. */
  activeEvent?: string;
}
export interface Revenue {
  from: number; to: number;
  gmvFen: number; payments: number; paymentsWithAmount: number;
  payingUsers: number; activeUsers: number;
  /** gmvFen / activeUsers rounded to the nearest 分 (halves away from zero). */
  arpuFen: number | null;
  /** gmvFen / payingUsers, rounded the same way. */
  arppuFen: number | null;
  payingRate: number | null;
}
export interface RepurchaseOptions extends MetricRange {
  orderEvent: string;
  /** A repeat buyer has at least this many orders in the range (default 2). */
  minOrders?: number;
}
export interface Repurchase { from: number; to: number; minOrders: number; orders: number; buyers: number; repeatBuyers: number; rate: number | null }
export interface ConversionOptions extends MetricRange { impressionEvent: string; clickEvent: string; orderEvent: string }
export interface Conversion {
  from: number; to: number;
  impressions: number; clicks: number; orders: number;
  impressionUsers: number; clickUsers: number; orderUsers: number;
  /** clicks / impressions. */
  ctr: number | null;
  /** orders / clicks. */
  cvr: number | null;
  userCtr: number | null; userCvr: number | null;
}
export interface PenetrationOptions extends MetricRange {
  /** One event name per feature. */
  features: string[];
  /** The denominator's activity; absent: any event. */
  activeEvent?: string;
}
export interface Penetration {
  from: number; to: number; activeUsers: number;
  features: { feature: string; events: number; users: number; rate: number | null }[];
}
"#;

#[wasm_bindgen]
impl EventLog {
    /// DAU, rolling WAU (7 days) and MAU (30 days) per day, and DAU/MAU over the last 30 days.
    #[wasm_bindgen(js_name = activeUsers, unchecked_return_type = "ActiveUsers")]
    pub fn active_users(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ActiveUsersOptions")] o: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let o = o.unwrap_or(JsValue::UNDEFINED);
        let o: ActiveOptions = from_js_or_default(o, "")?;
        to_js(&active_users(&self.inner, &o).map_err(js_error)?)
    }

    /// Users active on exactly n of the last M days, n = 0 … M.
    #[wasm_bindgen(js_name = stickinessDistribution, unchecked_return_type = "StickinessDistribution")]
    pub fn stickiness_distribution(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StickinessOptions")] o: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let o = o.unwrap_or(JsValue::UNDEFINED);
        let o: StickinessOptions = from_js_or_default(o, "")?;
        to_js(&stickiness_distribution(&self.inner, &o).map_err(js_error)?)
    }

    /// GMV, ARPU and ARPPU (in whole 分) over a range.
    #[wasm_bindgen(unchecked_return_type = "Revenue")]
    pub fn revenue(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RevenueOptions")] o: JsValue,
    ) -> JsResult<JsValue> {
        let o: RevenueOptions = from_js(o, "")?;
        to_js(&revenue(&self.inner, &o).map_err(js_error)?)
    }

    /// Repurchase rate (复购率): buyers with at least `minOrders` orders / buyers.
    #[wasm_bindgen(unchecked_return_type = "Repurchase")]
    pub fn repurchase(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RepurchaseOptions")] o: JsValue,
    ) -> JsResult<JsValue> {
        let o: RepurchaseOptions = from_js(o, "")?;
        to_js(&repurchase(&self.inner, &o).map_err(js_error)?)
    }

    /// CTR (clicks / impressions) and CVR (orders / clicks), by events and by users.
    #[wasm_bindgen(unchecked_return_type = "Conversion")]
    pub fn conversion(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConversionOptions")] o: JsValue,
    ) -> JsResult<JsValue> {
        let o: ConversionOptions = from_js(o, "")?;
        to_js(&conversion(&self.inner, &o).map_err(js_error)?)
    }

    /// Feature penetration: active users who did each feature / active users.
    #[wasm_bindgen(unchecked_return_type = "Penetration")]
    pub fn penetration(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PenetrationOptions")] o: JsValue,
    ) -> JsResult<JsValue> {
        let o: PenetrationOptions = from_js(o, "")?;
        to_js(&penetration(&self.inner, &o).map_err(js_error)?)
    }
}
