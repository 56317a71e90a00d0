//! The inbox (待办): what waits for the caller, one line per kind with how many and since
//! when, each linking to the screen that lists them.
//!
//! The counts are the server's; what is here is the vocabulary both sides share: the kinds in
//! their priority order, and where each one's queue is in the browser app.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Role;

crate::text_enum! {
    /// One kind of waiting work. Declared in priority order: the inbox shows them so, what
    /// blocks someone else's money or month first, one's own routine last.
    pub enum InboxKind {
        /// Disputed scores the caller may resolve (the manager's manager, HR; never whoever
        /// finalized them).
        DisputesToResolve = "disputes_to_resolve",
        /// Leavings submitted for the people the caller manages.
        LeavingsToApprove = "leavings_to_approve",
        /// Claims approved by finance, waiting to be paid.
        ClaimsToPay = "claims_to_pay",
        /// Advances approved by finance, waiting to be paid.
        AdvancesToPay = "advances_to_pay",
        /// Claims waiting for the caller's approval: submitted ones for a manager,
        /// manager-approved ones (approved by someone else) for finance.
        ClaimsToApprove = "claims_to_approve",
        /// Advances waiting for the caller's approval, likewise.
        AdvancesToApprove = "advances_to_approve",
        /// Budget supplements submitted by the people the caller manages.
        SupplementsToApprove = "supplements_to_approve",
        /// Plans submitted by the people the caller manages.
        PlansToApprove = "plans_to_approve",
        /// Weekly reports submitted by the people the caller manages.
        WeeklyReportsToReview = "weekly_reports_to_review",
        /// Monthly reports submitted by the managers below the caller.
        MonthlyReportsToReview = "monthly_reports_to_review",
        /// Client complaints not resolved yet (open or escalated): the caller's own clients'
        /// and, for a manager, those of the people they manage.
        OpenComplaints = "open_complaints",
        /// Approved leavings whose hand-over HR closes.
        LeavingsToClose = "leavings_to_close",
        /// The caller's webhooks that the server switched off (failing N times in a row, or
        /// a receiver's 410) or whose last deliveries failed.
        FailingWebhooks = "failing_webhooks",
        /// Last month's score alerts (below 60, or below 70 three months running): everyone's
        /// for HR and admin, their teams' for a manager.
        ScoreAlerts = "score_alerts",
        /// This week's done visits of the people the caller manages not spot-checked yet.
        SpotChecksDue = "spot_checks_due",
        /// The caller's own finalized scores, to acknowledge or dispute.
        ScoresToAcknowledge = "scores_to_acknowledge",
        /// The caller's clients whose follow-up date has passed.
        FollowUpsOverdue = "follow_ups_overdue",
        /// The caller's clients due for a follow-up today.
        FollowUpsDueToday = "follow_ups_due_today",
    }
}

impl InboxKind {
    /// The browser app's screen listing this kind's records for a caller holding `roles`.
    /// Finance approves and pays claims on its own queue; HR reads the scores overview.
    pub fn link(self, roles: &[Role]) -> &'static str {
        let finance = roles.contains(&Role::Finance);
        let hr = roles.contains(&Role::Hr);
        match self {
            InboxKind::DisputesToResolve if hr && !roles.contains(&Role::Manager) => "/hr/scores",
            InboxKind::DisputesToResolve => "/manager/scores",
            InboxKind::LeavingsToApprove | InboxKind::LeavingsToClose => "/leavings",
            InboxKind::ClaimsToPay | InboxKind::AdvancesToPay => "/finance/claims",
            InboxKind::ClaimsToApprove | InboxKind::AdvancesToApprove if finance => {
                "/finance/claims"
            }
            InboxKind::ClaimsToApprove
            | InboxKind::AdvancesToApprove
            | InboxKind::SupplementsToApprove => "/money/inbox",
            InboxKind::PlansToApprove => "/manager/approvals",
            InboxKind::WeeklyReportsToReview => "/reports/status",
            InboxKind::MonthlyReportsToReview => "/reports/monthly",
            InboxKind::OpenComplaints => "/cases",
            InboxKind::ScoreAlerts => "/hr/alerts",
            InboxKind::SpotChecksDue => "/manager/spot-checks",
            InboxKind::FailingWebhooks => "/admin/webhooks",
            InboxKind::ScoresToAcknowledge => "/scores/me",
            InboxKind::FollowUpsOverdue | InboxKind::FollowUpsDueToday => "/today",
        }
    }
}

/// One line of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    pub kind: InboxKind,
    /// How many records wait (always at least 1: empty kinds are left out).
    pub count: i64,
    /// Since when the oldest has waited: when it was submitted or reached the state it waits
    /// in; for follow-ups, the start of the due day in the business time zone.
    pub oldest_at: Option<DateTime<Utc>>,
    /// The browser app's route that lists them.
    pub link: String,
}

/// `GET /inbox`: the caller's waiting work, in [`InboxKind`]'s order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxDto {
    pub items: Vec<InboxItem>,
}

impl InboxDto {
    /// The inbox of the counted kinds: those with nothing waiting left out, the rest in
    /// priority order whatever order they were counted in.
    pub fn of(
        counted: impl IntoIterator<Item = (InboxKind, i64, Option<DateTime<Utc>>)>,
        roles: &[Role],
    ) -> InboxDto {
        let mut items: Vec<InboxItem> = counted
            .into_iter()
            .filter(|(_, count, _)| *count > 0)
            .map(|(kind, count, oldest_at)| InboxItem {
                kind,
                count,
                oldest_at,
                link: kind.link(roles).to_owned(),
            })
            .collect();
        items.sort_by_key(|i| i.kind);
        InboxDto { items }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use Role::*;

    #[test]
    fn every_kind_links_to_a_queue_screen() {
        let cases: &[(InboxKind, &[Role], &str)] = &[
            (InboxKind::PlansToApprove, &[Manager], "/manager/approvals"),
            (
                InboxKind::WeeklyReportsToReview,
                &[Manager],
                "/reports/status",
            ),
            (InboxKind::ClaimsToApprove, &[Manager], "/money/inbox"),
            (InboxKind::ClaimsToApprove, &[Finance], "/finance/claims"),
            (InboxKind::AdvancesToApprove, &[Manager], "/money/inbox"),
            (InboxKind::AdvancesToApprove, &[Finance], "/finance/claims"),
            (InboxKind::SupplementsToApprove, &[Manager], "/money/inbox"),
            (InboxKind::ClaimsToPay, &[Finance], "/finance/claims"),
            (InboxKind::AdvancesToPay, &[Finance], "/finance/claims"),
            (InboxKind::FollowUpsDueToday, &[Salesperson], "/today"),
            (InboxKind::FollowUpsOverdue, &[Salesperson], "/today"),
            (InboxKind::ScoresToAcknowledge, &[Salesperson], "/scores/me"),
            (InboxKind::DisputesToResolve, &[Manager], "/manager/scores"),
            (InboxKind::DisputesToResolve, &[Hr], "/hr/scores"),
            (
                InboxKind::DisputesToResolve,
                &[Manager, Hr],
                "/manager/scores",
            ),
            (InboxKind::LeavingsToApprove, &[Manager], "/leavings"),
            (InboxKind::LeavingsToClose, &[Hr], "/leavings"),
            (
                InboxKind::MonthlyReportsToReview,
                &[Manager],
                "/reports/monthly",
            ),
            (InboxKind::OpenComplaints, &[Salesperson], "/cases"),
            (InboxKind::OpenComplaints, &[Manager], "/cases"),
            (InboxKind::ScoreAlerts, &[Hr], "/hr/alerts"),
            (InboxKind::ScoreAlerts, &[Manager], "/hr/alerts"),
            (InboxKind::SpotChecksDue, &[Manager], "/manager/spot-checks"),
            (InboxKind::FailingWebhooks, &[Finance], "/admin/webhooks"),
        ];
        for (kind, roles, link) in cases {
            assert_eq!(kind.link(roles), *link, "{kind} for {roles:?}");
        }
        for kind in InboxKind::ALL {
            assert!(kind.link(&[]).starts_with('/'), "{kind}");
        }
    }

    #[test]
    fn items_come_in_priority_order_without_the_empty_kinds() {
        let at = |d| Some(DateTime::from_timestamp(d, 0).unwrap());
        let inbox = InboxDto::of(
            [
                (InboxKind::FollowUpsDueToday, 3, None),
                (InboxKind::PlansToApprove, 0, None),
                (InboxKind::ClaimsToApprove, 2, at(1_000)),
                (InboxKind::DisputesToResolve, 1, at(2_000)),
            ],
            &[Manager],
        );
        let kinds: Vec<InboxKind> = inbox.items.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            [
                InboxKind::DisputesToResolve,
                InboxKind::ClaimsToApprove,
                InboxKind::FollowUpsDueToday
            ]
        );
        assert_eq!(inbox.items[1].count, 2);
        assert_eq!(inbox.items[1].oldest_at, at(1_000));
        assert_eq!(inbox.items[1].link, "/money/inbox");
        assert!(
            InboxDto::of([(InboxKind::PlansToApprove, 0, None)], &[])
                .items
                .is_empty()
        );
    }

    #[test]
    fn the_declared_order_is_the_priority_order() {
        let mut sorted = InboxKind::ALL.to_vec();
        sorted.sort();
        assert_eq!(sorted, InboxKind::ALL);
        assert_eq!(InboxKind::ALL[0], InboxKind::DisputesToResolve);
    }
}
