//! Breakdowns: each user's value of a category property, taken from one event of the chain.
//!
//! Attribution (PostHog's names): `first_touch` takes the value on the event of step 0,
//! `last_touch` on the last step the user reached, `{ step: k }` on step k — or, for a user who
//! stopped before step k, on the last step they reached. A missing value is its own group
//! (`value: null`).

use super::def::{category_column, Attribution, BreakdownDef};
use super::Chain;
use crate::error::{Error, Result};
use crate::events::column::{Codes, Column};
use crate::events::EventLog;

pub struct Breakdown<'a> {
    pub prop: String,
    pub dict: &'a [String],
    codes: &'a Codes,
    attribution: Attribution,
}

impl<'a> Breakdown<'a> {
    pub fn compile(log: &'a EventLog, def: &BreakdownDef, steps: usize) -> Result<Breakdown<'a>> {
        let Column::Category { dict, codes } = category_column(log, &def.prop, "prop")? else {
            return Err(Error::invalid("prop", "not a category property"));
        };
        if let Attribution::Step(k) = def.attribution {
            if k >= steps {
                return Err(Error::out_of_range(
                    "attribution.step",
                    format!(
                        "the funnel has steps 0 to {}; there is no step {k}",
                        steps - 1
                    ),
                ));
            }
        }
        Ok(Breakdown {
            prop: def.prop.clone(),
            dict,
            codes,
            attribution: def.attribution,
        })
    }

    /// The category code (0 = missing) of a user whose events start at log position `base`.
    pub fn value(&self, chain: &Chain, base: usize) -> u32 {
        let step = match self.attribution {
            Attribution::FirstTouch => 0,
            Attribution::LastTouch => chain.level - 1,
            Attribution::Step(k) => k.min(chain.level - 1),
        };
        self.codes.get(base + chain.path[step] as usize)
    }
}
