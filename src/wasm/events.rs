//! `EventLog`: the resident dataset, created once from columns, CSV or rows.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::columns::{codes, holds_strings, numbers, required_strings, strings, text_of};
use super::convert::{from_js, from_js_or_default, get, invalid, js_error, to_js, JsResult};
use crate::events::from_columns::{
    from_columns, ColumnsInput, EventColumn, PropColumn, UserColumn,
};
use crate::events::from_csv::{from_csv, CsvOptions};
use crate::events::time::{check_offset, epoch_to_ms, parse_timestamp};
use crate::events::{self, TsUnit};
use crate::metrics;

#[wasm_bindgen(typescript_custom_section)]
const TS_EVENTS: &'static str = r#"
/** A category property column: codes index `values` (an empty value means "missing"). */
export interface CategoryColumn { type: 'category'; codes: Uint8Array | Uint16Array | Uint32Array | number[]; values: string[] }
/** A money column: whole 分 as numbers (NaN = missing), or decimal yuan strings parsed exactly. */
export type MoneyColumn = { type: 'money'; fen: Float64Array | Int32Array | Uint32Array | number[] } | { type: 'money'; yuan: (string | null)[] };
export interface NumberColumn { type: 'number'; values: Float64Array | number[] }
/** A property: numbers (Float64Array / number[]), strings (category), or an explicit column. */
export type PropertyColumn = Float64Array | number[] | (string | null)[] | CategoryColumn | MoneyColumn | NumberColumn;
export interface ColumnsInput {
  /** User ids: numbers (typed array or number[], integers) or strings. */
  user: Uint32Array | Int32Array | Float64Array | number[] | string[];
  /** Event times: epoch ms or s (see tsUnit). */
  ts: Float64Array | Uint32Array | Int32Array | number[];
  /** 'auto' (default): values below 1e11 are seconds, others milliseconds. */
  tsUnit?: 'auto' | 'ms' | 's';
  /** Event names, or codes into `eventNames`. */
  event: string[] | Uint8Array | Uint16Array | Uint32Array | number[];
  eventNames?: string[];
  props?: Record<string, PropertyColumn>;
}
export interface CsvOptions {
  /** Header names of the three required columns (defaults: user/user_id/userId/uid, ts/time/timestamp/event_time, event/event_name/eventName). */
  user?: string; ts?: string; event?: string;
  /** Types of property columns; every other column is a category. */
  props?: Record<string, 'category' | 'number' | 'money'>;
  ignore?: string[];
  tsUnit?: 'auto' | 'ms' | 's';
  /** Offset of times written without a zone, minutes east of UTC. Default 480 (China). */
  utcOffsetMinutes?: number;
  delimiter?: string;
  /** 'fail' (default): the first bad row throws, naming line, column and value. 'skip': bad rows are skipped and reported in summary().ingest. */
  onError?: 'fail' | 'skip';
  /** Money columns hold decimal yuan ('yuan', default) or whole 分 ('fen'). */
  moneyUnit?: 'yuan' | 'fen';
}
export interface RowsOptions {
  /** Keys of the three required fields (defaults 'user', 'ts', 'event'). */
  user?: string; ts?: string; event?: string;
  /** Force property types; otherwise numbers are 'number' and strings 'category'. Money: numbers are 分, strings are yuan. */
  props?: Record<string, 'category' | 'number' | 'money'>;
  tsUnit?: 'auto' | 'ms' | 's';
  /** For string times without a zone. Default 480. */
  utcOffsetMinutes?: number;
}
export interface IngestReport { rowsRead: number; rowsSkipped: number; skipReasons: string[] }
export interface LogSummary {
  events: number; users: number;
  firstTs: number | null; lastTs: number | null;
  eventNames: { name: string; count: number }[];
  properties: { name: string; type: 'category' | 'number' | 'money'; present: number; distinct: number | null }[];
  residentBytes: number;
  ingest: IngestReport;
}
export interface DailyActive { days: string[]; dayStarts: number[]; users: number[]; utcOffsetMinutes: number }
export interface MoneyTotal { totalFen: number; events: number; withAmount: number; users: number }
"#;

/// An event log resident in wasm memory. Create it once, query it many times; `free()` releases it.
#[wasm_bindgen]
pub struct EventLog {
    pub(crate) inner: events::EventLog,
}

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
struct RowsOptions {
    user: Option<String>,
    ts: Option<String>,
    event: Option<String>,
    props: std::collections::BTreeMap<String, events::ColumnKind>,
    ts_unit: TsUnit,
    utc_offset_minutes: Option<i32>,
}

/// `fromColumns`' argument. The columns stay JS values, read by `columns.rs` (typed arrays in one
/// copy, not element by element); a struct all the same, so a misspelt key is an error here too.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ColumnsObject {
    #[serde(
        default,
        deserialize_with = "serde_wasm_bindgen::preserve::deserialize"
    )]
    user: JsValue,
    #[serde(
        default,
        deserialize_with = "serde_wasm_bindgen::preserve::deserialize"
    )]
    ts: JsValue,
    #[serde(default)]
    ts_unit: Option<TsUnit>,
    #[serde(
        default,
        deserialize_with = "serde_wasm_bindgen::preserve::deserialize"
    )]
    event: JsValue,
    #[serde(
        default,
        deserialize_with = "serde_wasm_bindgen::preserve::deserialize"
    )]
    event_names: JsValue,
    #[serde(
        default,
        deserialize_with = "serde_wasm_bindgen::preserve::deserialize"
    )]
    props: JsValue,
}

/// A typed property column in `fromColumns`: `{ type: 'category', codes, values }`,
/// `{ type: 'number', values }` or `{ type: 'money', fen | yuan }`; the arrays stay JS values.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PropSpec {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(
        default,
        deserialize_with = "serde_wasm_bindgen::preserve::deserialize"
    )]
    codes: JsValue,
    #[serde(
        default,
        deserialize_with = "serde_wasm_bindgen::preserve::deserialize"
    )]
    values: JsValue,
    #[serde(
        default,
        deserialize_with = "serde_wasm_bindgen::preserve::deserialize"
    )]
    fen: JsValue,
    #[serde(
        default,
        deserialize_with = "serde_wasm_bindgen::preserve::deserialize"
    )]
    yuan: JsValue,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OffsetOptions {
    utc_offset_minutes: i32,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MoneyTotalOptions {
    event: String,
    prop: String,
}

#[wasm_bindgen]
impl EventLog {
    /// Builds a log from columns (typed arrays are copied once into wasm memory).
    #[wasm_bindgen(js_name = fromColumns)]
    pub fn from_columns(
        #[wasm_bindgen(unchecked_param_type = "ColumnsInput")] input: JsValue,
    ) -> JsResult<EventLog> {
        if !input.is_object() {
            return Err(invalid(
                "",
                "fromColumns expects an object { user, ts, event, eventNames?, props? }",
            ));
        }
        let input: ColumnsObject = from_js(input, "")?;
        let user = if holds_strings(&input.user) {
            UserColumn::Strings(required_strings(&input.user, "user")?)
        } else {
            UserColumn::Numbers(numbers(&input.user, "user")?)
        };
        let event = if input.event_names.is_undefined() {
            EventColumn::Names(required_strings(&input.event, "event")?)
        } else {
            EventColumn::Codes {
                codes: codes(&input.event, "event")?,
                names: required_strings(&input.event_names, "eventNames")?,
            }
        };
        let props = read_prop_columns(&input.props)?;
        let ts = numbers(&input.ts, "ts")?;
        let inner = from_columns(ColumnsInput {
            user,
            ts,
            ts_unit: input.ts_unit.unwrap_or_default(),
            event,
            props,
        })
        .map_err(js_error)?;
        Ok(EventLog { inner })
    }

    /// Builds a log from CSV text (decode GBK files with `new TextDecoder('gbk')` first).
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        text: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "CsvOptions")] options: JsValue,
    ) -> JsResult<EventLog> {
        let options: CsvOptions = from_js_or_default(options, "options")?;
        let inner = from_csv(text, &options).map_err(js_error)?;
        Ok(EventLog { inner })
    }

    /// Builds a log from an array of plain objects `{ user, ts, event, ...props }`.
    /// Convenient for small data; for large data pass columns.
    #[wasm_bindgen(js_name = fromRows)]
    pub fn from_rows(
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>[]")] rows: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RowsOptions")] options: JsValue,
    ) -> JsResult<EventLog> {
        let options: RowsOptions = from_js_or_default(options, "options")?;
        let offset = options.utc_offset_minutes.unwrap_or(480);
        check_offset(offset).map_err(|e| js_error(e.within("options")))?;
        let rows = rows
            .dyn_into::<js_sys::Array>()
            .map_err(|_| invalid("rows", "must be an array of objects"))?;
        let key =
            |k: &Option<String>, default: &str| k.clone().unwrap_or_else(|| default.to_string());
        let (user_key, ts_key, event_key) = (
            key(&options.user, "user"),
            key(&options.ts, "ts"),
            key(&options.event, "event"),
        );
        let mut columns = RowColumns::default();
        for (i, row) in rows.iter().enumerate() {
            if !row.is_object() {
                return Err(invalid(format!("rows[{i}]"), "is not an object"));
            }
            columns
                .push_row(&row, i, [&user_key, &ts_key, &event_key], &options, offset)
                .map_err(|(field, why)| invalid(format!("rows[{i}].{field}"), why))?;
        }
        let inner = columns.finish().map_err(js_error)?;
        Ok(EventLog { inner })
    }

    /// Events, users, time range, event names with counts, properties with types, ingest report.
    #[wasm_bindgen(unchecked_return_type = "LogSummary")]
    pub fn summary(&self) -> JsResult<JsValue> {
        to_js(&events::summary::summarize(&self.inner))
    }

    /// Distinct active users per local day.
    #[wasm_bindgen(js_name = dailyActive, unchecked_return_type = "DailyActive")]
    pub fn daily_active(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ utcOffsetMinutes: number }")] options: JsValue,
    ) -> JsResult<JsValue> {
        let o: OffsetOptions = from_js(options, "")?;
        to_js(&metrics::active::daily_active(&self.inner, o.utc_offset_minutes).map_err(js_error)?)
    }

    /// Sum of a money property over one event (e.g. GMV: `{ event: 'pay', prop: 'amount' }`).
    #[wasm_bindgen(js_name = moneyTotal, unchecked_return_type = "MoneyTotal")]
    pub fn money_total(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ event: string; prop: string }")] options: JsValue,
    ) -> JsResult<JsValue> {
        let o: MoneyTotalOptions = from_js(options, "")?;
        to_js(&metrics::revenue::money_total(&self.inner, &o.event, &o.prop).map_err(js_error)?)
    }
}

fn read_prop_columns(props: &JsValue) -> JsResult<Vec<(String, PropColumn)>> {
    if props.is_undefined() || props.is_null() {
        return Ok(vec![]);
    }
    let object = props
        .dyn_ref::<js_sys::Object>()
        .ok_or_else(|| invalid("props", "must be an object of columns"))?;
    let mut out = vec![];
    for key in js_sys::Object::keys(object).iter() {
        let name = key.as_string().unwrap_or_default();
        let field = format!("props.{name}");
        let value = get(props, &name);
        let column = if value.is_object()
            && !js_sys::Array::is_array(&value)
            && !js_sys::ArrayBuffer::is_view(&value)
        {
            let spec: PropSpec = from_js(value, &field)?;
            match spec.kind.as_deref().unwrap_or_default() {
                "category" => PropColumn::Category {
                    codes: codes(&spec.codes, &format!("{field}.codes"))?,
                    values: required_strings(&spec.values, &format!("{field}.values"))?,
                },
                "number" => PropColumn::Number(numbers(&spec.values, &format!("{field}.values"))?),
                "money" if !spec.fen.is_undefined() => {
                    PropColumn::MoneyFen(numbers(&spec.fen, &format!("{field}.fen"))?)
                }
                "money" => PropColumn::MoneyYuan(strings(&spec.yuan, &format!("{field}.yuan"))?),
                _ => {
                    return Err(invalid(
                        format!("{field}.type"),
                        "must be 'category', 'number' or 'money'",
                    ))
                }
            }
        } else if holds_strings(&value) {
            PropColumn::Strings(strings(&value, &field)?)
        } else {
            PropColumn::Number(numbers(&value, &field)?)
        };
        out.push((name, column));
    }
    Ok(out)
}

/// Columns gathered from row objects; a property's type comes from `options.props` or from
/// its first present value.
#[derive(Default)]
struct RowColumns {
    user_numbers: Vec<f64>,
    user_strings: Vec<String>,
    ts: Vec<f64>,
    events: Vec<String>,
    props: Vec<(String, RowProp)>,
}

enum RowProp {
    Text(Vec<Option<String>>),
    Number(Vec<f64>),
    Money(Vec<Option<String>>),
}

type RowError = (String, String);

impl RowColumns {
    fn push_row(
        &mut self,
        row: &JsValue,
        index: usize,
        keys: [&String; 3],
        options: &RowsOptions,
        offset: i32,
    ) -> Result<(), RowError> {
        let [user_key, ts_key, event_key] = keys;
        let err = |f: &str, why: &str| (f.to_string(), why.to_string());
        let user = get(row, user_key);
        if let Some(s) = user.as_string() {
            if !self.user_numbers.is_empty() {
                return Err(err(
                    user_key,
                    "is a string but earlier rows have numeric user ids",
                ));
            }
            self.user_strings.push(s);
        } else if let Some(x) = user.as_f64() {
            if !self.user_strings.is_empty() {
                return Err(err(
                    user_key,
                    "is a number but earlier rows have string user ids",
                ));
            }
            self.user_numbers.push(x);
        } else {
            return Err(err(user_key, "is missing: every event needs a user"));
        }
        let ts = get(row, ts_key);
        let ms = if let Some(d) = ts.dyn_ref::<js_sys::Date>() {
            Some(d.get_time())
        } else if let Some(x) = ts.as_f64() {
            epoch_to_ms(x, options.ts_unit).map(|v| v as f64)
        } else if let Some(s) = ts.as_string() {
            Some(
                parse_timestamp(s.as_bytes(), options.ts_unit, offset)
                    .map_err(|why| (ts_key.clone(), format!("'{s}' {why}")))?
                    as f64,
            )
        } else {
            None
        };
        self.ts.push(
            ms.filter(|x| x.is_finite())
                .ok_or_else(|| err(ts_key, "is not a timestamp"))?,
        );
        match get(row, event_key).as_string() {
            Some(e) if !e.is_empty() => self.events.push(e),
            _ => return Err(err(event_key, "is missing: every row needs an event name")),
        }
        let object = row.unchecked_ref::<js_sys::Object>();
        for key in js_sys::Object::keys(object).iter() {
            let name = key.as_string().unwrap_or_default();
            if name == *user_key || name == *ts_key || name == *event_key {
                continue;
            }
            let value = get(row, &name);
            let slot = match self.props.iter().position(|(n, _)| *n == name) {
                Some(p) => p,
                None => {
                    let column = match options.props.get(&name) {
                        Some(events::ColumnKind::Money) => RowProp::Money(vec![None; index]),
                        Some(events::ColumnKind::Number) => RowProp::Number(vec![f64::NAN; index]),
                        Some(events::ColumnKind::Category) => RowProp::Text(vec![None; index]),
                        None if value.as_f64().is_some() => RowProp::Number(vec![f64::NAN; index]),
                        None => RowProp::Text(vec![None; index]),
                    };
                    self.props.push((name.clone(), column));
                    self.props.len() - 1
                }
            };
            match &mut self.props[slot].1 {
                RowProp::Number(v) => v.push(if value.is_null() || value.is_undefined() {
                    f64::NAN
                } else {
                    value
                        .as_f64()
                        .ok_or_else(|| err(&name, "is not a number (earlier rows had numbers)"))?
                }),
                RowProp::Text(v) => v.push(text_of(&value).map_err(|why| err(&name, why))?),
                RowProp::Money(v) => v.push(money_text(&value).map_err(|why| err(&name, &why))?),
            }
        }
        // Properties this row lacks are missing values.
        let n = index + 1;
        for (_, column) in &mut self.props {
            match column {
                RowProp::Number(v) if v.len() < n => v.push(f64::NAN),
                RowProp::Text(v) | RowProp::Money(v) if v.len() < n => v.push(None),
                _ => {}
            }
        }
        Ok(())
    }

    fn finish(self) -> crate::error::Result<events::EventLog> {
        let user = if self.user_strings.is_empty() {
            UserColumn::Numbers(self.user_numbers)
        } else {
            UserColumn::Strings(self.user_strings)
        };
        let props = self
            .props
            .into_iter()
            .map(|(name, p)| {
                let column = match p {
                    RowProp::Text(v) => PropColumn::Strings(v),
                    RowProp::Number(v) => PropColumn::Number(v),
                    RowProp::Money(v) => PropColumn::MoneyYuan(v),
                };
                (name, column)
            })
            .collect();
        // Times were converted to ms row by row (they may be Dates, numbers or strings).
        from_columns(ColumnsInput {
            user,
            ts: self.ts,
            ts_unit: TsUnit::Ms,
            event: EventColumn::Names(self.events),
            props,
        })
    }
}

/// Money in a row: a string is decimal yuan; a number is whole 分 (written as yuan for the parser).
fn money_text(value: &JsValue) -> Result<Option<String>, String> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    if let Some(s) = value.as_string() {
        return Ok(Some(s));
    }
    match value.as_f64() {
        Some(fen) if fen.fract() == 0.0 && fen.abs() < 9.007_199_254_740_991e15 => {
            Ok(Some(crate::money::format_yuan(fen as i64)))
        }
        _ => Err("is not money: use whole 分 as a number or yuan as a string like '12.34'".into()),
    }
}
