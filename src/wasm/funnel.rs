//! `log.funnel(def)`: funnels on the resident log.

use wasm_bindgen::prelude::*;

use super::convert::{from_js, js_error, to_js, JsResult};
use super::events::EventLog;
use crate::funnel::{self, FunnelDef};

#[wasm_bindgen(typescript_custom_section)]
const TS_FUNNEL: &'static str = r#"
/** A funnel step: an event name, an event with property conditions, or alternatives. */
export type FunnelStep =
  | string
  | { event: string; where?: Record<string, string | number | (string | number)[]>; name?: string }
  | { anyOf: (string | { event: string; where?: Record<string, string | number | (string | number)[]> })[]; name?: string };
export type FunnelMode = 'default' | 'strict_order' | 'strict_deduplication' | 'strict_increase' | 'strict_once' | 'allow_reentry';
export interface FunnelDefinition {
  /** 2 to 32 steps. */
  steps: FunnelStep[];
  /** Conversion window from the chain's first step, inclusive (default 86 400 000 = 1 day; at most 10 years). */
  windowMs?: number;
  /** ClickHouse windowFunnel options, one or several (combined as ClickHouse combines them). */
  mode?: FunnelMode | FunnelMode[];
  /** Same as adding 'allow_reentry' to mode (needs strict_order). */
  allowReentry?: boolean;
  /** 'ordered' (default) or 'any' (steps in any order within the window). */
  order?: 'ordered' | 'any';
  /** Users who do `event` between steps afterStep and beforeStep (0-based) are removed from the funnel. */
  exclusions?: { event: string; afterStep: number; beforeStep: number }[];
  breakdown?: { prop: string; attribution?: 'first_touch' | 'last_touch' | { step: number } };
  /** Category properties every step's event must share. */
  holdConstant?: string[];
  /** Only step-0 events at from ≤ ts < to (ms) can start a chain. */
  from?: number; to?: number;
  counting?: 'uniques' | 'totals';
  /** Also return each user's level. */
  perUser?: boolean;
  /** Also return which events and property values go with converting (needs counting: 'uniques'). */
  correlation?: boolean;
}
export interface FunnelTimeToConvert {
  count: number; medianMs: number | null; p90Ms: number | null;
  histogram: { fromMs: number; toMs: number | null; count: number }[];
}
export interface FunnelStepResult {
  name: string; users: number; fromPrevious: number; fromStart: number; dropOff: number;
  /** Wilson 95 % interval of fromStart. */
  ci95: [number, number];
  /** From the previous step (null for step 0). */
  timeToConvert: FunnelTimeToConvert | null;
}
export interface FunnelResult {
  steps: FunnelStepResult[];
  excluded: number;
  /** Per breakdown value (most entrants first), the same step results as `steps`, times to convert included. */
  breakdown: { prop: string; groups: { value: string | null; excluded: number; steps: FunnelStepResult[] }[] } | null;
  windowMs: number; mode: FunnelMode[]; order: 'ordered' | 'any'; counting: 'uniques' | 'totals';
  perUser: { userIds: number[] | string[]; levels: number[] } | null;
  correlation: FunnelCorrelation | null;
}
/** One factor: an event done in the conversion window, or a property value on the chain's first event. */
export interface FunnelFactor {
  /** The event name, or the property name. */
  name: string;
  /** The property value (null: no value); absent for events. */
  value?: string | null;
  /** Converted / not converted users with the factor. */
  success: number; failure: number;
  /** > 1: goes with converting; < 1: with dropping off (statsmodels Table2x2; a zero cell counts as 0.5). */
  oddsRatio: number;
  /** Woolf (logit) 95 % interval of oddsRatio. */
  ci95: [number, number];
  /** Wald test of log oddsRatio = 0. */
  pValue: number;
}
export interface FunnelCorrelation {
  successUsers: number; failureUsers: number;
  /** Events that are no step, strongest association first. */
  events: FunnelFactor[];
  /** Category property values, strongest first. */
  properties: FunnelFactor[];
}
"#;

#[wasm_bindgen]
impl EventLog {
    /// Runs a funnel (ClickHouse windowFunnel semantics; see the README's Funnels section).
    #[wasm_bindgen(unchecked_return_type = "FunnelResult")]
    pub fn funnel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FunnelDefinition")] def: JsValue,
    ) -> JsResult<JsValue> {
        let def: FunnelDef = from_js(def, "")?;
        to_js(&funnel::funnel(&self.inner, &def).map_err(js_error)?)
    }
}
