//! Exclusion steps (PostHog semantics): a user who does the excluded event between two steps
//! of their conversion is removed from the funnel — from every step, not only the later ones.
//!
//! "Between" is measured on the chain that gave the user's level: strictly after the event of
//! step `afterStep` and strictly before the event of step `beforeStep`; when the chain never
//! reached `beforeStep`, before the end of the conversion window (`t1 + window`, inclusive),
//! since the user could still have converted until then. An event that is itself a step of the
//! chain is never an exclusion.

use super::def::ExclusionDef;
use super::Chain;
use crate::error::{Error, Result};
use crate::events::EventLog;

#[derive(Debug, Clone)]
pub struct Exclusion {
    code: u16,
    after: usize,
    before: usize,
}

impl Exclusion {
    pub fn compile(log: &EventLog, def: &ExclusionDef, steps: usize) -> Result<Exclusion> {
        let code = log.event_code(&def.event, "event")?;
        if def.before_step >= steps {
            return Err(Error::out_of_range(
                "beforeStep",
                format!(
                    "the funnel has steps 0 to {}; there is no step {}",
                    steps - 1,
                    def.before_step
                ),
            ));
        }
        if def.after_step >= def.before_step {
            return Err(Error::out_of_range(
                "afterStep",
                format!("must be before beforeStep ({})", def.before_step),
            ));
        }
        Ok(Exclusion {
            code,
            after: def.after_step,
            before: def.before_step,
        })
    }

    /// Whether the user's `chain` (indexes into the user's slices) is excluded.
    pub fn excludes(&self, chain: &Chain, ts: &[i64], events: &[u16], window: i64) -> bool {
        if chain.level <= self.after {
            return false;
        }
        let from = ts[chain.path[self.after] as usize];
        let in_range: &dyn Fn(i64) -> bool = if chain.level > self.before {
            let to = ts[chain.path[self.before] as usize];
            &move |t| from < t && t < to
        } else {
            let to = ts[chain.path[0] as usize].saturating_add(window);
            &move |t| from < t && t <= to
        };
        let chain_events = &chain.path[..chain.level];
        events.iter().zip(ts).enumerate().any(|(i, (&code, &t))| {
            code == self.code && in_range(t) && !chain_events.contains(&(i as u32))
        })
    }
}
