//! Complaints and requests (客诉): opened from a follow-up or directly; escalated to the
//! manager when not settled on the spot; resolved when the client has been answered.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum::InvalidTransition;
use crate::validation;

/// A case still open this long after opening is overdue (escalate within 2 days).
pub const OVERDUE_AFTER_HOURS: i64 = 48;

crate::text_enum! {
    /// open → escalated → resolved (open → resolved when settled without escalation).
    pub enum CaseState {
        Open = "open",
        Escalated = "escalated",
        Resolved = "resolved",
    }
}

crate::text_enum! {
    /// What may be done to a case.
    pub enum CaseAction {
        Escalate = "escalate",
        Resolve = "resolve",
    }
}

impl CaseState {
    /// The case rules: escalate only an open case; resolve an open or escalated one.
    pub fn apply(self, action: CaseAction) -> Result<CaseState, InvalidTransition> {
        match (self, action) {
            (CaseState::Open, CaseAction::Escalate) => Ok(CaseState::Escalated),
            (CaseState::Open | CaseState::Escalated, CaseAction::Resolve) => {
                Ok(CaseState::Resolved)
            }
            (from, action) => Err(InvalidTransition {
                from: from.as_str(),
                to: match action {
                    CaseAction::Escalate => CaseState::Escalated.as_str(),
                    CaseAction::Resolve => CaseState::Resolved.as_str(),
                },
            }),
        }
    }
}

/// Unresolved more than [`OVERDUE_AFTER_HOURS`] after opening.
pub fn is_overdue(state: CaseState, opened_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    state != CaseState::Resolved && now - opened_at > Duration::hours(OVERDUE_AFTER_HOURS)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDto {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub owner_id: i64,
    pub follow_up_id: Option<i64>,
    pub opened_by: i64,
    pub summary: String,
    pub state: CaseState,
    /// The answer given to the client.
    pub resolution: Option<String>,
    pub overdue: bool,
    pub opened_at: DateTime<Utc>,
    pub escalated_at: Option<DateTime<Utc>>,
    /// The manager it was escalated to (none when the owner has nobody above).
    pub escalated_to: Option<i64>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// POST /cases.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateCaseRequest {
    pub client_id: i64,
    /// The follow-up it was raised on (must belong to the same client).
    #[serde(default)]
    pub follow_up_id: Option<i64>,
    #[validate(length(max = 2000), custom(function = "validation::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub summary: String,
}

/// POST /cases/{id}/resolve.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResolveCaseRequest {
    /// The answer given to the client (required).
    #[validate(length(max = 2000), custom(function = "validation::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub resolution: String,
}

/// Filters for `GET /cases`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CaseListQuery {
    pub state: Option<CaseState>,
    pub overdue: Option<bool>,
    /// The client's owner (per person).
    pub owner_id: Option<i64>,
    /// The owner's team (per team).
    pub team_id: Option<i64>,
    pub client_id: Option<i64>,
    /// `true`: only the cases not resolved yet (open or escalated); `false`: only resolved.
    pub unresolved: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_transitions() {
        use CaseAction::*;
        use CaseState::*;
        assert_eq!(Open.apply(Escalate), Ok(Escalated));
        assert_eq!(Open.apply(Resolve), Ok(Resolved));
        assert_eq!(Escalated.apply(Resolve), Ok(Resolved));
        assert_eq!(
            Escalated.apply(Escalate).map_err(|e| e.from),
            Err("escalated")
        );
        assert_eq!(Resolved.apply(Resolve).map_err(|e| e.from), Err("resolved"));
        assert_eq!(
            Resolved.apply(Escalate).map_err(|e| e.from),
            Err("resolved")
        );
    }

    #[test]
    fn overdue_after_two_days() {
        let opened = chrono::DateTime::from_timestamp(1_700_000_000, 0)
            .map(|d| d.naive_utc())
            .unwrap_or_default();
        let h = |n| opened + Duration::hours(n);
        assert!(!is_overdue(CaseState::Open, opened, h(48)));
        assert!(is_overdue(CaseState::Open, opened, h(49)));
        assert!(is_overdue(CaseState::Escalated, opened, h(72)));
        assert!(!is_overdue(CaseState::Resolved, opened, h(72)));
    }
}
