//! User segments and RFM: `log.segments(def)`, `log.segmentLabels(def)`, `log.segmentCsv(def, segment)`,
//! `log.rfm(options)` and the standalone `rfmScores(customers, options)`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{from_js, from_js_or_default, get, invalid, js_error, to_js, JsResult};
use super::events::EventLog;
use crate::events::log::UserIds;
use crate::segment::assign::{segment_csv, segment_users, SegmentsDef};
use crate::segment::rfm::{
    check_customers, log_rfm, score, Customers, LogRfmOptions, ScoringOptions,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_SEGMENTS: &'static str = r#"
/** A stored segment rule: exactly one of all / any / not / feature. */
export type SegmentRule =
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule }
  | {
      feature: 'daysSinceFirstSeen' | 'daysSinceLastSeen' | 'activeDays' | 'events' | 'orders' | 'paidFen' | 'daysSinceLastOrder' | 'distinctValues';
      op: '>=' | '>' | '<=' | '<' | '==' | '!=';
      value: number;
      /** `events`: count only this event. */
      event?: string;
      /** `distinctValues`: the category property. */
      prop?: string;
      /** `events`, `activeDays`, `orders`, `paidFen`: only the last N local days (including asOf's). */
      withinDays?: number;
    };
/** Thresholds of the default layering (days are local calendar days at utcOffsetMinutes). */
export interface LayeringOptions {
  /** 新用户: first seen within the last N days. Default 7. */
  newDays?: number;
  /** 沉睡用户: no event for N days or more. Default 14. */
  dormantDays?: number;
  /** 流失用户: no event for N days or more (> dormantDays). Default 30. */
  churnDays?: number;
  /** 高价值用户: paid at least this many 分 (needs amountProp). Default 50000 (¥500). */
  highValueFen?: number;
  /** … or at least this many orders. Default 3. */
  highValueOrders?: number;
  /** 活跃用户: active on at least activeMinDays of the last activeWindowDays days. Defaults 3 of 14. */
  activeMinDays?: number;
  activeWindowDays?: number;
}
export interface SegmentsDef {
  /** End of observation (ms, inclusive). Default: the last event. */
  asOf?: number;
  /** Default 480 (China). */
  utcOffsetMinutes?: number;
  /** The order event (e.g. 'pay'); required by the default layering and by order features. */
  orderEvent?: string;
  /** The money property summed over orders (e.g. 'amount'). */
  amountProp?: string;
  /** Default layering thresholds (when `segments` is absent). */
  layering?: LayeringOptions;
  /** Custom segments in precedence order: the first whose rule matches wins. */
  segments?: { key?: string; name: string; rule: SegmentRule }[];
  /** Name of the bucket of users no rule matched. Default '其他'. */
  otherName?: string;
}
export interface SegmentStats {
  key: string; name: string;
  users: number; share: number;
  /** Of these, users with no event at or before asOf. */
  usersWithoutEvents: number;
  avgEvents: number; avgActiveDays: number;
  avgDaysSinceLastSeen: number | null;
  avgOrders: number | null;
  totalPaidFen: number | null; avgPaidFen: number | null;
}
export interface Segmentation {
  asOf: number; asOfDate: string; utcOffsetMinutes: number;
  /** All users of the log; the segments' users sum to it. */
  users: number;
  usersWithoutEvents: number;
  /** In precedence order, the 'other' bucket last. */
  segments: SegmentStats[];
}
export interface SegmentLabels {
  keys: string[]; names: string[];
  /** The log's users, in log order. */
  userIds: Float64Array | string[];
  /** Each user's segment: an index into keys / names. */
  segment: Uint8Array;
}
export interface RfmThresholds {
  /** Four ascending cut points each: recency days ≤ c1 scores 5 … > c4 scores 1; frequency / monetary (分) ≤ c1 score 1 … > c4 score 5. */
  recency: number[]; frequency: number[]; monetary: number[];
}
export interface RfmScoringOptions {
  /** Fixed cut points instead of pandas-style quintiles. */
  thresholds?: RfmThresholds;
  /** 'named' (default): the 11-segment R×F map; 'eightClass': 重要价值客户 … from high/low R, F, M. */
  scheme?: 'named' | 'eightClass';
  /** eightClass: high/low against the mean (default) or the median of the raw values. */
  split?: 'mean' | 'median';
}
export interface RfmOptions extends RfmScoringOptions {
  orderEvent: string;
  /** Money property summed over the orders. */
  amountProp: string;
  asOf?: number;
  utcOffsetMinutes?: number;
}
export interface RfmSegment {
  key: string; name: string; nameEn: string;
  customers: number; share: number;
  avgRecencyDays: number; avgFrequency: number; avgMonetaryFen: number; totalMonetaryFen: number;
}
export interface RfmReport {
  customers: number;
  /** log.rfm: users with no order at or before asOf (not scored). */
  usersWithoutOrders: number | null;
  asOf: number | null; asOfDate: string | null;
  scoring: 'quantile' | 'fixed';
  /** Cut points used; frequency's are over rank(method='first'). */
  edges: { recency: number[]; frequency: number[]; monetary: number[] };
  scheme: 'named' | 'eightClass';
  split: { method: 'mean' | 'median'; recencyDays: number; frequency: number; monetaryFen: number } | null;
  segments: RfmSegment[];
  /** grid[r - 1][f - 1]: customers with that R and F score. */
  grid: number[][];
  /** The named segment key of each R×F cell. */
  gridSegments: string[][];
}
export interface RfmCustomer { id: string | number; recencyDays: number; frequency: number; monetary: number }
export interface RfmScored { id: string | number; r: number; f: number; m: number; rfm: string; segment: string; segmentName: string }
export interface RfmScoresResult extends RfmReport { scores: RfmScored[] }
"#;

#[wasm_bindgen]
impl EventLog {
    /// Every user in exactly one segment (default layering or custom rules): sizes, shares, averages.
    #[wasm_bindgen(unchecked_return_type = "Segmentation")]
    pub fn segments(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SegmentsDef")] def: JsValue,
    ) -> JsResult<JsValue> {
        let def = segments_def(def)?;
        let (result, _) = segment_users(&self.inner, &def).map_err(js_error)?;
        to_js(&result)
    }

    /// Each user's segment, as typed arrays (for joining with the console's own user table).
    #[wasm_bindgen(js_name = segmentLabels, unchecked_return_type = "SegmentLabels")]
    pub fn segment_labels(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SegmentsDef")] def: JsValue,
    ) -> JsResult<JsValue> {
        let def = segments_def(def)?;
        let (result, labels) = segment_users(&self.inner, &def).map_err(js_error)?;
        let out = js_sys::Object::new();
        let list = |items: Vec<&str>| -> JsValue {
            items
                .into_iter()
                .map(JsValue::from_str)
                .collect::<js_sys::Array>()
                .into()
        };
        set(
            &out,
            "keys",
            list(result.segments.iter().map(|s| s.key.as_str()).collect()),
        );
        set(
            &out,
            "names",
            list(result.segments.iter().map(|s| s.name.as_str()).collect()),
        );
        set(&out, "userIds", user_ids(self.inner.user_ids()));
        set(
            &out,
            "segment",
            js_sys::Uint8Array::from(&labels[..]).into(),
        );
        Ok(out.into())
    }

    /// The users of one segment (key or name) as CSV text:
    /// `user_id,segment,first_seen,last_seen,active_days,events,orders,paid_yuan`.
    #[wasm_bindgen(js_name = segmentCsv)]
    pub fn segment_csv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SegmentsDef")] def: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] segment: JsValue,
    ) -> JsResult<String> {
        let def = segments_def(def)?;
        let segment = segment
            .as_string()
            .ok_or_else(|| invalid("segment", "must be a segment key or name"))?;
        segment_csv(&self.inner, &def, &segment).map_err(js_error)
    }

    /// RFM of the log's customers (users with an order at or before asOf).
    #[wasm_bindgen(unchecked_return_type = "RfmReport")]
    pub fn rfm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RfmOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let options: LogRfmOptions = from_js(options, "")?;
        let (report, _, _) = log_rfm(&self.inner, &options).map_err(js_error)?;
        to_js(&report)
    }
}

/// RFM scores and segments of a customer table the caller already has.
#[wasm_bindgen(js_name = rfmScores, unchecked_return_type = "RfmScoresResult")]
pub fn rfm_scores(
    #[wasm_bindgen(unchecked_param_type = "RfmCustomer[]")] customers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmScoringOptions")] options: Option<JsValue>,
) -> JsResult<JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let options: ScoringOptions = from_js_or_default(options, "options")?;
    let rows = customers.dyn_into::<js_sys::Array>().map_err(|_| {
        invalid(
            "customers",
            "must be an array of { id, recencyDays, frequency, monetary }",
        )
    })?;
    let mut ids = Vec::with_capacity(rows.length() as usize);
    let mut table = Customers::default();
    for (i, row) in rows.iter().enumerate() {
        let at = |k: &str| format!("customers[{i}].{k}");
        let id = get(&row, "id");
        if !(id.is_string() || id.as_f64().is_some()) {
            return Err(invalid(at("id"), "must be a string or a number"));
        }
        let number = |k: &str| {
            get(&row, k)
                .as_f64()
                .ok_or_else(|| invalid(at(k), "is not a number"))
        };
        let monetary = number("monetary")?;
        if monetary.fract() != 0.0 || monetary.abs() > 9_007_199_254_740_991.0 {
            return Err(invalid(
                at("monetary"),
                format!("{monetary} is not money: give whole 分 (12.34 元 is 1234)"),
            ));
        }
        table.recency_days.push(number("recencyDays")?);
        table.frequency.push(number("frequency")?);
        table.monetary_fen.push(monetary as i64);
        ids.push(id);
    }
    check_customers(&table).map_err(js_error)?;
    let (report, scores) = score(&table, &options).map_err(js_error)?;
    let result = to_js(&report)?;
    let scored = js_sys::Array::new();
    let rows = ids
        .into_iter()
        .zip(&scores.r)
        .zip(&scores.f)
        .zip(&scores.m)
        .zip(&scores.segment);
    for ((((id, &r), &f), &m), &segment) in rows {
        let row = js_sys::Object::new();
        set(&row, "id", id);
        set(&row, "r", r.into());
        set(&row, "f", f.into());
        set(&row, "m", m.into());
        set(&row, "rfm", format!("{r}{f}{m}").into());
        if let Some(s) = report.segments.get(usize::from(segment)) {
            set(&row, "segment", s.key.into());
            set(&row, "segmentName", s.name.into());
        }
        scored.push(&row);
    }
    set(&result, "scores", scored.into());
    Ok(result)
}

// Unknown keys are rejected by `from_js` for every struct. What serde cannot bound is depth: a cyclic
// rule object would recurse without end, so the nesting of stored rules is checked first.
const MAX_RULE_DEPTH: usize = 16;

/// Reads a segmentation definition after bounding the depth of its rules.
fn segments_def(def: JsValue) -> JsResult<SegmentsDef> {
    if let Some(list) = get(&def, "segments").dyn_ref::<js_sys::Array>() {
        for (i, segment) in list.iter().enumerate() {
            check_rule_depth(&get(&segment, "rule"), &format!("segments[{i}].rule"), 0)?;
        }
    }
    from_js_or_default(def, "")
}

fn check_rule_depth(rule: &JsValue, path: &str, depth: usize) -> JsResult<()> {
    if depth > MAX_RULE_DEPTH {
        return Err(invalid(
            path,
            format!("rules nest deeper than {MAX_RULE_DEPTH} levels"),
        ));
    }
    for key in ["all", "any"] {
        if let Some(list) = get(rule, key).dyn_ref::<js_sys::Array>() {
            for (i, inner) in list.iter().enumerate() {
                check_rule_depth(&inner, &format!("{path}.{key}[{i}]"), depth + 1)?;
            }
        }
    }
    let not = get(rule, "not");
    if not.is_object() {
        check_rule_depth(&not, &format!("{path}.not"), depth + 1)?;
    }
    Ok(())
}

fn user_ids(ids: &UserIds) -> JsValue {
    match ids {
        UserIds::Numbers(v) => {
            let as_f64: Vec<f64> = v.iter().map(|&x| x as f64).collect();
            js_sys::Float64Array::from(&as_f64[..]).into()
        }
        UserIds::Strings(v) => v
            .iter()
            .map(|s| JsValue::from_str(s))
            .collect::<js_sys::Array>()
            .into(),
    }
}

/// Sets a property on a fresh object (which cannot fail).
fn set(target: &JsValue, key: &str, value: JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), &value);
}
