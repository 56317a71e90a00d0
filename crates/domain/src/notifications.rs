//! Notifications (站内通知): what someone is told when something concerns them — a plan
//! decided, a claim paid, a case escalated to them, a reminder, a payment fallen overdue.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

crate::text_enum! {
    /// What a notification is about (the bell groups nothing by it; the client may pick icons).
    pub enum NotificationKind {
        PlanApproved = "plan_approved",
        PlanRejected = "plan_rejected",
        ClaimPaid = "claim_paid",
        CaseEscalated = "case_escalated",
        PlanReminder = "plan_reminder",
        ReportReminder = "report_reminder",
        ReceivableOverdue = "receivable_overdue",
        ScoreDrafted = "score_drafted",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationDto {
    pub id: i64,
    pub kind: NotificationKind,
    pub title: String,
    pub body: Option<String>,
    /// Where the browser app shows the record (`/plans/12`).
    pub link: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// When it was made or read.
    pub updated_at: DateTime<Utc>,
}

/// Filters for `GET /notifications` (the caller's own, newest first).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct NotificationListQuery {
    /// `true`: only unread ones; `false`: only read ones.
    pub unread: Option<bool>,
}

/// `POST /notifications/read`: exactly one of `ids` (the caller's notifications among them;
/// other ids are ignored) or `all: true`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkReadRequest {
    #[serde(default)]
    #[validate(length(min = 1, max = 500), custom(function = "positive_ids"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub ids: Option<Vec<i64>>,
    #[serde(default)]
    pub all: Option<bool>,
}

/// Ids are positive: a number below 1 (or one rounded from beyond the 64-bit range) names no
/// notification and is refused rather than ignored.
fn positive_ids(ids: &[i64]) -> Result<(), validator::ValidationError> {
    if ids.iter().any(|id| *id < 1) {
        return Err(
            validator::ValidationError::new("range").with_message("ids are 1 or more".into())
        );
    }
    Ok(())
}

impl MarkReadRequest {
    /// The field to name when the request is not exactly one of `ids` or `all: true`.
    pub fn problem_field(&self) -> Option<&'static str> {
        match (&self.ids, self.all) {
            (Some(_), None) | (None, Some(true)) => None,
            (Some(_), Some(_)) => Some("all"),
            (None, Some(false)) => Some("all"),
            (None, None) => Some("ids"),
        }
    }
}

/// The caller's unread count (the bell's number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_read_takes_exactly_one_of_ids_or_all() {
        let r =
            |ids: Option<Vec<i64>>, all: Option<bool>| MarkReadRequest { ids, all }.problem_field();
        assert_eq!(r(Some(vec![1]), None), None);
        assert_eq!(r(None, Some(true)), None);
        assert_eq!(r(Some(vec![1]), Some(true)), Some("all"));
        assert_eq!(r(None, Some(false)), Some("all"));
        assert_eq!(r(None, None), Some("ids"));
    }
}
