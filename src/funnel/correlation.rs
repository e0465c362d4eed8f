//! Correlation (PostHog's "correlation analysis"): which events and property values go with
//! converting or dropping off.
//!
//! Among the users who entered the funnel (not excluded), *success* means reaching the last
//! step. For every event name that is no step of the funnel, a user "did" it when they have such
//! an event inside their conversion window (`t0 ≤ t ≤ t0 + windowMs`, `t0` the chain's first
//! event); for every category property value, when their chain's first event carries it. Each
//! factor gives a 2×2 table — success/failure × did/did not — and its odds ratio with a 95 %
//! Woolf (logit) interval and the Wald p-value of log OR = 0, as statsmodels' `Table2x2` computes
//! them: a cell of 0 counts as 0.5 (what `shift_zeros` does in statsmodels' code, which replaces
//! the zero cells only), so no infinite or NaN ratio reaches JS.

use serde::Serialize;

use super::def::Compiled;
use super::Chain;
use crate::events::column::Column;
use crate::events::EventLog;
use crate::stats::{normal_sf, normal_upper_quantile};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Correlation {
    /// Entered users who reached the last step / who did not.
    pub success_users: u64,
    pub failure_users: u64,
    /// Event names that are no step, strongest association first (largest |ln oddsRatio|).
    pub events: Vec<Factor>,
    /// Category property values on the chain's first event, strongest first.
    pub properties: Vec<Factor>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Factor {
    /// The event name, or the property name.
    pub name: String,
    /// The property value (null: no value); absent for events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Option<String>>,
    /// Successful / failed users with this factor.
    pub success: u64,
    pub failure: u64,
    /// > 1: the factor goes with converting; < 1: with dropping off.
    pub odds_ratio: f64,
    pub ci95: [f64; 2],
    pub p_value: f64,
}

/// Per-query counts: O(event names + property values).
pub struct Counter<'a> {
    /// Per event code: whether it names a step (then it is no factor).
    is_step: Vec<bool>,
    /// Per event code: the last user (+1) counted, so a user counts once per event.
    seen: Vec<u32>,
    /// [failure, success] users per event code.
    events: [Vec<u64>; 2],
    /// Per category property: its dictionary and [failure, success] users per value code.
    props: Vec<(&'a str, &'a Column, [Vec<u64>; 2])>,
    users: [u64; 2],
}

impl<'a> Counter<'a> {
    pub fn new(log: &'a EventLog, c: &Compiled) -> Counter<'a> {
        let codes = log.event_names().len();
        let props = log
            .props()
            .iter()
            .filter_map(|p| match &p.column {
                Column::Category { dict, .. } => {
                    let values = dict.len() + 1;
                    Some((
                        p.name.as_str(),
                        &p.column,
                        [vec![0; values], vec![0; values]],
                    ))
                }
                _ => None,
            })
            .collect();
        Counter {
            is_step: (0..codes)
                .map(|code| c.matcher.names_a_step(code))
                .collect(),
            seen: vec![0; codes],
            events: [vec![0; codes], vec![0; codes]],
            props,
            users: [0, 0],
        }
    }

    /// Counts user `u` (events at log positions `base..`) whose counted chain is `chain`.
    pub fn add(
        &mut self,
        u: usize,
        c: &Compiled,
        chain: &Chain,
        base: usize,
        ts: &[i64],
        events: &[u16],
    ) {
        let Some(t0) = chain.path[..chain.level]
            .iter()
            .map(|&i| ts[i as usize])
            .min()
        else {
            return;
        };
        let success = usize::from(chain.level == c.names.len());
        self.users[success] += 1;
        let stamp = u as u32 + 1;
        let end = t0.saturating_add(c.window_ms);
        let from = ts.partition_point(|&t| t < t0);
        let to = from + ts[from..].partition_point(|&t| t <= end);
        for &code in &events[from..to] {
            let code = usize::from(code);
            if !self.is_step.get(code).copied().unwrap_or(true) && self.seen[code] != stamp {
                self.seen[code] = stamp;
                self.events[success][code] += 1;
            }
        }
        let first = chain.path[..chain.level]
            .iter()
            .copied()
            .min_by_key(|&i| (ts[i as usize], i))
            .unwrap_or(0) as usize;
        for (_, column, counts) in &mut self.props {
            if let Column::Category { codes, .. } = column {
                let value = codes.get(base + first) as usize;
                if let Some(n) = counts[success].get_mut(value) {
                    *n += 1;
                }
            }
        }
    }

    pub fn finish(self, log: &EventLog) -> Correlation {
        let [failure_users, success_users] = self.users;
        let factor = |name: String, value: Option<Option<String>>, success: u64, failure: u64| {
            let (odds_ratio, ci95, p_value) = odds(
                success,
                success_users - success,
                failure,
                failure_users - failure,
            );
            Factor {
                name,
                value,
                success,
                failure,
                odds_ratio,
                ci95,
                p_value,
            }
        };
        let mut events: Vec<Factor> = (0..self.is_step.len())
            .filter(|&code| !self.is_step[code])
            .filter(|&code| self.events[0][code] + self.events[1][code] > 0)
            .map(|code| {
                let name = log.event_names()[code].clone();
                factor(name, None, self.events[1][code], self.events[0][code])
            })
            .collect();
        let mut properties = vec![];
        for (prop, column, [failure, success]) in &self.props {
            let Column::Category { dict, .. } = column else {
                continue;
            };
            for code in 0..failure.len() {
                if failure[code] + success[code] > 0 {
                    let value = code.checked_sub(1).and_then(|i| dict.get(i)).cloned();
                    properties.push(factor(
                        prop.to_string(),
                        Some(value),
                        success[code],
                        failure[code],
                    ));
                }
            }
        }
        let strength = |f: &Factor| f.odds_ratio.ln().abs();
        for list in [&mut events, &mut properties] {
            list.sort_by(|a, b| {
                strength(b)
                    .total_cmp(&strength(a))
                    .then_with(|| a.name.cmp(&b.name))
            });
        }
        Correlation {
            success_users,
            failure_users,
            events,
            properties,
        }
    }
}

/// The odds ratio of the table [[a, b], [c, d]] (a, b: successes with / without the factor;
/// c, d: failures with / without), its 95 % Woolf interval and Wald p-value, as statsmodels'
/// `Table2x2(…, shift_zeros=True)` (a zero cell counts as 0.5).
pub fn odds(a: u64, b: u64, c: u64, d: u64) -> (f64, [f64; 2], f64) {
    let [a, b, c, d] = [a, b, c, d].map(|x| if x == 0 { 0.5 } else { x as f64 });
    let log_or = (a * d).ln() - (b * c).ln();
    let se = (1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d).sqrt();
    let z = normal_upper_quantile(0.025);
    let p_value = 2.0 * normal_sf((log_or / se).abs());
    (
        log_or.exp(),
        [(log_or - z * se).exp(), (log_or + z * se).exp()],
        p_value,
    )
}
