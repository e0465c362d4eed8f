//! Ingest from CSV text (Excel and console exports: BOM, CRLF, quoted fields).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::build::{CategoryBuilder, RawColumn, RawLog, RawUsers};
use super::column::{ColumnKind, MONEY_MISSING};
use super::intern::Interner;
use super::log::{EventLog, IngestReport};
use super::time::{check_offset, parse_timestamp, TsUnit};
use crate::error::{Error, Result};
use crate::money::parse_yuan;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OnError {
    /// The first bad row fails the whole ingest, naming its line, column and value.
    #[default]
    Fail,
    /// Bad rows are skipped and counted in the ingest report with the first reasons.
    Skip,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MoneyUnit {
    /// Decimal yuan strings such as `12.34`.
    #[default]
    Yuan,
    /// Whole numbers of 分.
    Fen,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CsvOptions {
    /// Header of the user column; by default the first of `user`, `user_id`, `userId`, `uid`.
    pub user: Option<String>,
    /// Header of the time column; by default the first of `ts`, `time`, `timestamp`, `event_time`.
    pub ts: Option<String>,
    /// Header of the event column; by default the first of `event`, `event_name`, `eventName`.
    pub event: Option<String>,
    /// Types of property columns; every other column is a category (text) property.
    pub props: BTreeMap<String, ColumnKind>,
    /// Columns to leave out.
    pub ignore: Vec<String>,
    pub ts_unit: TsUnit,
    /// The offset of times written without a zone, in minutes east of UTC (China: 480).
    pub utc_offset_minutes: i32,
    pub delimiter: char,
    pub on_error: OnError,
    pub money_unit: MoneyUnit,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            user: None,
            ts: None,
            event: None,
            props: BTreeMap::new(),
            ignore: Vec::new(),
            ts_unit: TsUnit::Auto,
            utc_offset_minutes: 480,
            delimiter: ',',
            on_error: OnError::Fail,
            money_unit: MoneyUnit::Yuan,
        }
    }
}

const USER_ALIASES: &[&str] = &["user", "user_id", "userId", "uid"];
const TS_ALIASES: &[&str] = &["ts", "time", "timestamp", "event_time"];
const EVENT_ALIASES: &[&str] = &["event", "event_name", "eventName"];

enum PropSink {
    Category(CategoryBuilder),
    Number(Vec<f64>),
    Money(Vec<i64>),
}

struct PropSpec {
    index: usize,
    name: String,
    sink: PropSink,
}

/// A parsed property value of the current row, held until the whole row is known good.
#[derive(Clone, Copy)]
enum Parsed {
    Category,
    Number(f64),
    Money(i64),
}

pub fn from_csv(text: &str, options: &CsvOptions) -> Result<EventLog> {
    check_offset(options.utc_offset_minutes)?;
    let delimiter = u8::try_from(options.delimiter)
        .ok()
        .filter(|d| d.is_ascii() && *d != b'"' && *d != b'\n' && *d != b'\r')
        .ok_or_else(|| {
            Error::invalid(
                "delimiter",
                "must be one ASCII character other than a quote or newline",
            )
        })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .byte_headers()
        .map_err(|e| Error::parse("csv", format!("cannot read the header line: {e}")))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();

    let find = |explicit: &Option<String>, aliases: &[&str], field: &str| -> Result<usize> {
        let wanted: Vec<&str> = match explicit {
            Some(name) => vec![name.as_str()],
            None => aliases.to_vec(),
        };
        wanted
            .iter()
            .find_map(|w| headers.iter().position(|h| h == w))
            .ok_or_else(|| {
                Error::not_found(
                    field,
                    format!(
                        "no column {} in the CSV header (it has: {})",
                        wanted.join(" / "),
                        headers.join(", ")
                    ),
                )
            })
    };
    let user_col = find(&options.user, USER_ALIASES, "user")?;
    let ts_col = find(&options.ts, TS_ALIASES, "ts")?;
    let event_col = find(&options.event, EVENT_ALIASES, "event")?;

    for name in options.props.keys() {
        if !headers.contains(name) {
            return Err(Error::not_found(
                format!("props.{name}"),
                format!("no column '{name}' in the CSV header"),
            ));
        }
    }
    let mut props: Vec<PropSpec> = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| {
            ![user_col, ts_col, event_col].contains(i)
                && !options.ignore.contains(h)
                && !h.is_empty()
        })
        .map(|(index, name)| {
            let kind = options
                .props
                .get(name)
                .copied()
                .unwrap_or(ColumnKind::Category);
            let sink = match kind {
                ColumnKind::Category => PropSink::Category(CategoryBuilder::default()),
                ColumnKind::Number => PropSink::Number(Vec::new()),
                ColumnKind::Money => PropSink::Money(Vec::new()),
            };
            PropSpec {
                index,
                name: name.clone(),
                sink,
            }
        })
        .collect();

    let mut users = Interner::default();
    let mut events = Interner::default();
    let mut user_codes = Vec::new();
    let mut event_codes = Vec::new();
    let mut ts = Vec::new();
    let mut report = IngestReport::default();
    let mut parsed: Vec<Parsed> = Vec::with_capacity(props.len());
    let mut record = csv::ByteRecord::new();

    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let reason = format!("line {line}: {e}");
                report.rows_read += 1;
                match options.on_error {
                    OnError::Fail => return Err(Error::parse("csv", reason)),
                    OnError::Skip => {
                        report.skip(reason);
                        continue;
                    }
                }
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        report.rows_read += 1;
        let row = parse_row(
            &record,
            line,
            &headers,
            user_col,
            ts_col,
            event_col,
            &props,
            options,
            &mut parsed,
        );
        let t = match row {
            Ok(t) => t,
            Err(err) => match options.on_error {
                OnError::Fail => return Err(err),
                OnError::Skip => {
                    report.skip(err.message);
                    continue;
                }
            },
        };
        ts.push(t);
        user_codes.push(users.intern(field_text(&record, user_col)));
        event_codes.push(events.intern(field_text(&record, event_col)));
        for (spec, value) in props.iter_mut().zip(&parsed) {
            match (&mut spec.sink, *value) {
                (PropSink::Category(b), _) => b.push(record.get(spec.index).map(trim)),
                (PropSink::Number(v), Parsed::Number(x)) => v.push(x),
                (PropSink::Money(v), Parsed::Money(x)) => v.push(x),
                // parse_row produces the variant of each column's kind.
                _ => {}
            }
        }
    }

    let props = props
        .into_iter()
        .map(|spec| {
            let raw = match spec.sink {
                PropSink::Category(b) => b.finish(),
                PropSink::Number(v) => RawColumn::Number(v),
                PropSink::Money(v) => RawColumn::Money(v),
            };
            (spec.name, raw)
        })
        .collect();
    RawLog {
        users: RawUsers::Strings {
            codes: user_codes,
            ids: users.into_strings(),
        },
        ts,
        event_codes,
        event_names: events.into_strings(),
        props,
        report,
    }
    .build()
}

fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

fn field_text(record: &csv::ByteRecord, i: usize) -> &[u8] {
    record.get(i).map_or(&[], trim)
}

/// Validates one row and parses its time and typed properties into `parsed`; returns the time.
#[allow(clippy::too_many_arguments)]
fn parse_row(
    record: &csv::ByteRecord,
    line: u64,
    headers: &[String],
    user_col: usize,
    ts_col: usize,
    event_col: usize,
    props: &[PropSpec],
    options: &CsvOptions,
    parsed: &mut Vec<Parsed>,
) -> Result<i64> {
    let fail = |col: usize, value: &[u8], why: &str| {
        Error::parse(
            headers[col].clone(),
            format!(
                "line {line}, column {}: '{}' {why}",
                headers[col],
                String::from_utf8_lossy(value)
            ),
        )
    };
    if record.len() != headers.len() {
        return Err(Error::parse(
            "csv",
            format!(
                "line {line}: has {} fields but the header has {}",
                record.len(),
                headers.len()
            ),
        ));
    }
    if field_text(record, user_col).is_empty() {
        return Err(fail(user_col, b"", "is empty: every event needs a user"));
    }
    if field_text(record, event_col).is_empty() {
        return Err(fail(
            event_col,
            b"",
            "is empty: every row needs an event name",
        ));
    }
    let raw_ts = field_text(record, ts_col);
    let t = parse_timestamp(raw_ts, options.ts_unit, options.utc_offset_minutes)
        .map_err(|why| fail(ts_col, raw_ts, why))?;
    parsed.clear();
    for spec in props {
        let raw = field_text(record, spec.index);
        let value = match spec.sink {
            PropSink::Category(_) => Parsed::Category,
            PropSink::Number(_) if raw.is_empty() => Parsed::Number(f64::NAN),
            PropSink::Number(_) => std::str::from_utf8(raw)
                .ok()
                .and_then(|s| s.parse::<f64>().ok())
                .filter(|x| x.is_finite())
                .map(Parsed::Number)
                .ok_or_else(|| fail(spec.index, raw, "is not a number"))?,
            PropSink::Money(_) if raw.is_empty() => Parsed::Money(MONEY_MISSING),
            PropSink::Money(_) => Parsed::Money(
                parse_money(raw, options.money_unit).map_err(|why| fail(spec.index, raw, &why))?,
            ),
        };
        parsed.push(value);
    }
    Ok(t)
}

fn parse_money(raw: &[u8], unit: MoneyUnit) -> std::result::Result<i64, String> {
    let text = std::str::from_utf8(raw).map_err(|_| "is not text".to_string())?;
    match unit {
        MoneyUnit::Yuan => parse_yuan(text, "").map_err(|e| {
            // parse_yuan's message starts with the quoted value, which `fail` already shows.
            e.message
                .split_once(": ")
                .map_or(e.message.clone(), |(_, why)| {
                    format!("is not a money amount: {why}")
                })
        }),
        MoneyUnit::Fen => text
            .parse::<i64>()
            .map_err(|_| "is not a whole number of 分".to_string()),
    }
}
