//! Spot-checks (抽查/回访): a manager phones the client to confirm a visit happened.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum;
use crate::workflow::{Flow, Party, Step};

text_enum! {
    pub enum SpotCheckResult {
        /// 属实
        Confirmed = "confirmed",
        /// 虚报: the visit did not happen as reported.
        NotConfirmed = "not_confirmed",
        /// 联系不上
        Unreachable = "unreachable",
    }
}

text_enum! {
    /// Where a done visit stands with its spot-check.
    pub enum CheckState {
        Unchecked = "unchecked",
        Confirmed = "confirmed",
        NotConfirmed = "not_confirmed",
        Unreachable = "unreachable",
    }
}

text_enum! {
    /// Recording a spot-check result: the action is the result.
    pub enum CheckAction {
        Confirm = "confirm",
        Refute = "refute",
        MarkUnreachable = "mark_unreachable",
    }
}

impl SpotCheckResult {
    /// The workflow action that records this result.
    pub fn action(self) -> CheckAction {
        match self {
            SpotCheckResult::Confirmed => CheckAction::Confirm,
            SpotCheckResult::NotConfirmed => CheckAction::Refute,
            SpotCheckResult::Unreachable => CheckAction::MarkUnreachable,
        }
    }

    /// The state a visit's check is in after this result.
    pub fn state(self) -> CheckState {
        match self {
            SpotCheckResult::Confirmed => CheckState::Confirmed,
            SpotCheckResult::NotConfirmed => CheckState::NotConfirmed,
            SpotCheckResult::Unreachable => CheckState::Unreachable,
        }
    }
}

/// A visit's spot-check: the owner's manager (or an admin), never the person who made the
/// visit, records one result, once.
pub const SPOT_CHECK_FLOW: Flow<CheckState, CheckAction> = Flow {
    document: "spot_check",
    label: "visit check",
    steps: &[
        Step {
            action: CheckAction::Confirm,
            from: &[CheckState::Unchecked],
            to: CheckState::Confirmed,
            by: &[Party::Manager, Party::Admin],
        },
        Step {
            action: CheckAction::Refute,
            from: &[CheckState::Unchecked],
            to: CheckState::NotConfirmed,
            by: &[Party::Manager, Party::Admin],
        },
        Step {
            action: CheckAction::MarkUnreachable,
            from: &[CheckState::Unchecked],
            to: CheckState::Unreachable,
            by: &[Party::Manager, Party::Admin],
        },
    ],
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpotCheckDto {
    pub id: i64,
    pub visit_id: i64,
    pub checker_id: i64,
    pub result: SpotCheckResult,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateSpotCheckRequest {
    pub visit_id: i64,
    pub result: SpotCheckResult,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

/// One proposed visit to check, with the client's phone to call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SampleItem {
    pub visit: crate::visits::VisitDto,
    #[serde(default)]
    pub client_phone: Option<String>,
}

/// A proposed sample of a week's done visits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpotCheckSample {
    pub week: String,
    /// The seed used: send it again to get the same sample.
    pub seed: u64,
    pub items: Vec<SampleItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SampleQuery {
    /// The ISO week whose done visits to sample, e.g. `2026-W48`.
    #[validate(custom(function = "crate::period::valid_week"))]
    #[cfg_attr(
        feature = "openapi",
        param(
            pattern = r"^((20[0-9]{2}|2100)-W(0[1-9]|[1-4][0-9]|5[0-2])|(2004|2009|2015|2020|2026|2032|2037|2043|2048|2054|2060|2065|2071|2076|2082|2088|2093|2099)-W53)$",
            example = "2026-W48"
        )
    )]
    pub week: String,
    /// How many visits to propose (default 5, at most 50).
    #[validate(range(min = 1, max = 50))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 50))]
    pub size: Option<u32>,
    /// The same seed proposes the same sample.
    pub seed: Option<u64>,
}

/// A candidate for the sample: a done visit and whether it carries a warning flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub visit_id: i64,
    pub flagged: bool,
}

/// A reproducible random sample: flagged visits (off-site, no location, unplanned) first, in
/// random order, then the rest. The same candidates and seed give the same sample.
pub fn sample(candidates: &[Candidate], size: usize, seed: u64) -> Vec<i64> {
    let mut sorted: Vec<Candidate> = candidates.to_vec();
    sorted.sort_by_key(|c| c.visit_id);
    let mut rng = SplitMix64(seed);
    let mut keyed: Vec<(bool, u64, i64)> = sorted
        .iter()
        .map(|c| (!c.flagged, rng.next(), c.visit_id))
        .collect();
    keyed.sort();
    keyed.into_iter().take(size).map(|(_, _, id)| id).collect()
}

/// SplitMix64: tiny, deterministic on every platform (the browser app and server agree).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flagged_first_and_reproducible() {
        let c: Vec<Candidate> = (1..=20)
            .map(|i| Candidate {
                visit_id: i,
                flagged: i % 7 == 0,
            })
            .collect();
        let a = sample(&c, 5, 42);
        assert_eq!(a, sample(&c, 5, 42));
        assert_eq!(
            &a[..2]
                .iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>(),
            &[7, 14].into_iter().collect()
        );
        assert_eq!(a.len(), 5);
        let mut reversed = c.clone();
        reversed.reverse();
        assert_eq!(sample(&reversed, 5, 42), a, "input order does not matter");
        assert_ne!(sample(&c, 10, 1), sample(&c, 10, 2));
        assert_eq!(sample(&c, 50, 1).len(), 20);
    }
}
