//! `log.retention(…)` and `log.lifecycle(…)` on the resident event log.

use wasm_bindgen::prelude::*;

use super::convert::{from_js_or_default, js_error, to_js, JsResult};
use super::events::EventLog;
use crate::retention::{self, LifecycleOptions, RetentionOptions};

#[wasm_bindgen(typescript_custom_section)]
const TS_RETENTION: &'static str = r#"
/** A time bound: epoch ms, or a local date/time such as '2025-11-11' or '2025-11-11 20:00' (read at utcOffsetMinutes). */
export type TimeBound = number | string;
export type Period = 'day' | 'week' | 'month';
export interface RetentionOptions {
  /** The event that puts a user in a cohort; absent: any event. */
  startEvent?: string;
  /** The event that counts as coming back; absent: any event. */
  returnEvent?: string;
  /** Default 'day'. Weeks start on Monday. */
  period?: Period;
  /** Columns are period 0 … periods (default 7, at most 1000). */
  periods?: number;
  /** 'on' (default): returned in period k itself. 'on_or_after': in period k or any later one. */
  criterion?: 'on' | 'on_or_after';
  /** 'first_time' (default): cohort of the first-ever start event. 'recurring': every period with a start event. */
  cohort?: 'first_time' | 'recurring';
  /** 'calendar' (default): calendar periods. 'rolling_24h': 24 h / 7×24 h / 30×24 h from each user's start event. */
  bucketing?: 'calendar' | 'rolling_24h';
  /** Minutes east of UTC for day/week/month boundaries. Default 480 (China). */
  utcOffsetMinutes?: number;
  /** First cohort: the period containing `from` (default: the first start event's). */
  from?: TimeBound;
  /** Last cohort: the period containing `to` (default: asOf's). A date means the whole day. */
  to?: TimeBound;
  /** End of observation, inclusive (default: the last event). A date means the end of that day. */
  asOf?: TimeBound;
}
export interface RetentionCohort {
  /** '2025-11-11' (day), the Monday '2025-11-10' (week) or '2025-11' (month). */
  label: string;
  /** When the cohort's period begins (ms). */
  start: number;
  size: number;
  /** Retained users in period 0 … periods; null where the period began after asOf. */
  counts: (number | null)[];
  /** counts / size; null where the count is null or the cohort is empty. */
  rates: (number | null)[];
  /** Periods 0 … completePeriods − 1 had ended by asOf; later non-null ones are still running. */
  completePeriods: number;
}
export interface RetentionAverage {
  period: number;
  /** Retained users summed over the included cohorts. */
  retained: number;
  /** Their cohort sizes summed: the weights. */
  users: number;
  /** retained / users: the cohort rates averaged with the cohort sizes as weights. */
  rate: number | null;
  /** Included: the first `cohorts` cohorts (those whose period k had ended by asOf), through `through`. */
  cohorts: number;
  through: string | null;
}
export interface Retention {
  period: Period; periods: number;
  criterion: 'on' | 'on_or_after'; cohort: 'first_time' | 'recurring'; bucketing: 'calendar' | 'rolling_24h';
  utcOffsetMinutes: number; startEvent: string | null; returnEvent: string | null;
  /** The end of observation used (ms). */
  asOf: number;
  cohorts: RetentionCohort[];
  average: RetentionAverage[];
}
export interface LifecycleOptions {
  /** The event that makes a user active; absent: any event. */
  event?: string;
  period?: Period;
  /** Churned in the N-th consecutive inactive period (default 3). */
  churnAfter?: number;
  utcOffsetMinutes?: number;
  from?: TimeBound; to?: TimeBound; asOf?: TimeBound;
}
export interface LifecyclePeriod {
  label: string; start: number;
  /** First activity ever in this period. */
  new: number;
  /** Active in this period and the previous one. */
  returning: number;
  /** Active, not in the previous period, but before it. */
  resurrecting: number;
  /** Active in the previous period, not in this one (a positive count). */
  dormant: number;
  /** In their churnAfter-th inactive period in a row. */
  churned: number;
  /** new + returning + resurrecting. */
  active: number;
  /** The period had not ended by asOf. */
  partial: boolean;
}
export interface Lifecycle {
  period: Period; event: string | null; churnAfter: number; utcOffsetMinutes: number; asOf: number;
  periods: LifecyclePeriod[];
}
"#;

#[wasm_bindgen]
impl EventLog {
    /// A cohort retention matrix: sizes, retained counts and rates per period, null cells for
    /// periods after `asOf`, and size-weighted averages. See `RetentionOptions`.
    #[wasm_bindgen(unchecked_return_type = "Retention")]
    pub fn retention(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RetentionOptions")] options: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let o: RetentionOptions = from_js_or_default(options, "")?;
        to_js(&retention::retention(&self.inner, &o).map_err(js_error)?)
    }

    /// New / returning / resurrecting / dormant / churned users per day, week or month.
    #[wasm_bindgen(unchecked_return_type = "Lifecycle")]
    pub fn lifecycle(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LifecycleOptions")] options: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let o: LifecycleOptions = from_js_or_default(options, "")?;
        to_js(&retention::lifecycle(&self.inner, &o).map_err(js_error)?)
    }
}
