//! Retention and lifecycle: do the users who started come back, and what is the active base
//! made of. Definitions (each also in the README):
//!
//! **Cohorts.** `first_time`: a user belongs to the cohort of the period of their first-ever
//! start event at or before `asOf` (PostHog "first time", Mixpanel "birth"); a user whose first
//! start event lies before `from` is in no cohort. `recurring`: a user belongs to the cohort of
//! every period in which they did the start event (PostHog "recurring", Mixpanel
//! "compounded"); their anchor in that cohort is their first start event in the period.
//!
//! **Periods.** `calendar`: local days, Monday-started weeks or calendar months at
//! `utcOffsetMinutes`; period k of a cohort is the k-th calendar period after the cohort's
//! (so a return at 06:00 the morning after an evening signup is day 1). `rolling_24h`: period k
//! is `[anchor + k·L, anchor + (k+1)·L)` from the member's own start event, with L = 24 h,
//! 7 × 24 h or 30 × 24 h (Amplitude's default, Mixpanel's default "rolling" mode; unlike
//! Amplitude, times are not rounded down to the hour).
//!
//! **Returns.** Only return events at or after the member's start event count; in period 0
//! that means later on the same day/week/month (or within the first L). With the same event
//! as start and return, the start event itself is a return in period 0.
//!
//! **Criterion.** `on`: a member counts in column k when they did the return event in period k
//! (Mixpanel "On", Amplitude "N-day"). `on_or_after`: when they did it in period k or any later
//! period up to `asOf` (Mixpanel "On or after", Amplitude "unbounded"); columns never rise
//! from left to right and each is at least the `on` count.
//!
//! **Observation.** Events after `asOf` (default: the last event) are ignored. A cell whose
//! period began after `asOf` — for rolling periods, began for no member — is `null`, not 0.
//! A cell is complete when its period had ended by `asOf` for every member; the column
//! averages are weighted by cohort size over the complete cells only.
//!
//! **Lifecycle** (PostHog's four states, per calendar period, for one activity event): a user
//! active in period p is `new` when p is the period of their first activity ever (PostHog uses
//! the person's creation date; a log has no profiles, so — like PostHog's own dbt recipe — the
//! first-ever activity stands in for it), `returning` when also active in p − 1, otherwise
//! `resurrecting`. A user active in p − 1 but not in p is `dormant` in p. `churned` counts a
//! user once, in their `churnAfter`-th consecutive inactive period (with `churnAfter: 1` it
//! equals dormant). The whole history before `from` is read, so the first reported period
//! is classified correctly.

pub mod lifecycle;
pub mod matrix;
pub mod period;

pub use lifecycle::{lifecycle, Lifecycle, LifecycleOptions, LifecyclePeriod};
pub use matrix::{retention, Bucketing, CohortKind, Criterion, Retention, RetentionOptions};
pub use period::{Calendar, Period};
