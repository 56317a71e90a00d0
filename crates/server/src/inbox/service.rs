//! The caller's inbox: each kind their roles can have, counted by the feature that lists it
//! with the filter its list uses (`waiting` next to each `list`), so a count is always the
//! `total` of the queue its line links to.

use salesops_domain::expenses::{ClaimListQuery, ClaimState};
use salesops_domain::inbox::{InboxDto, InboxKind};
use salesops_domain::{Capability, Role};

use crate::access::Ctx;
use crate::clock;
use crate::db::DbConn;
use crate::db::list::Waiting;
use crate::error::AppResult;
use crate::{
    advances, budgets, cases, expenses, follow_ups, leavings, plans, reports, scores, visits,
    webhooks,
};

/// Every count is one `COUNT(*)`/`MIN` statement (the score alerts two); a manager's scopes
/// add one lookup of their teams' members each (the lists' own `owners_in`). No count depends
/// on the data's size.
pub fn inbox(conn: &mut DbConn, ctx: &Ctx) -> AppResult<InboxDto> {
    let mut counted: Vec<(InboxKind, Waiting)> = Vec::new();
    let approver = ctx.has(Role::Manager) || ctx.is_admin();
    let finance = ctx.has(Role::Finance);
    let can = |c: Capability| c.allows(&ctx.roles);

    if approver && can(Capability::PlansRead) {
        let w = plans::service::waiting_for_approval(conn, ctx)?;
        counted.push((InboxKind::PlansToApprove, w));
    }
    if approver && can(Capability::ReportsRead) {
        let w = reports::service::waiting_for_review(conn, ctx)?;
        counted.push((InboxKind::WeeklyReportsToReview, w));
    }
    if approver && can(Capability::ReportsSupervise) {
        let w = reports::monthly::waiting_for_review(conn, ctx)?;
        counted.push((InboxKind::MonthlyReportsToReview, w));
    }
    if approver && can(Capability::PlansSupervise) {
        let w = visits::service::waiting_to_check(conn, ctx)?;
        counted.push((InboxKind::SpotChecksDue, w));
    }
    // Alerts are HR's to follow up, and a manager's for their teams.
    if (approver || ctx.has(Role::Hr)) && can(Capability::ScoresSupervise) {
        let w = scores::alerts::waiting(conn, ctx)?;
        counted.push((InboxKind::ScoreAlerts, w));
    }
    // Complaints are the work of the client's owner and their managers.
    if (ctx.has(Role::Salesperson) || ctx.has(Role::Manager)) && can(Capability::ClientsRead) {
        let w = cases::service::waiting_unresolved(conn, ctx)?;
        counted.push((InboxKind::OpenComplaints, w));
    }
    if (approver || finance) && can(Capability::ExpensesRead) {
        let queue = ClaimListQuery {
            to_approve: Some(true),
            ..ClaimListQuery::default()
        };
        let w = expenses::lists::waiting(conn, ctx, &queue)?;
        counted.push((InboxKind::ClaimsToApprove, w));
        let (to_approve, to_pay) = advances::service::waiting(conn, ctx)?;
        counted.push((InboxKind::AdvancesToApprove, to_approve));
        if let Some(w) = to_pay {
            counted.push((InboxKind::AdvancesToPay, w));
        }
    }
    if finance && can(Capability::ExpensesRead) {
        let paying = ClaimListQuery {
            state: Some(ClaimState::FinanceApproved),
            ..ClaimListQuery::default()
        };
        let w = expenses::lists::waiting(conn, ctx, &paying)?;
        counted.push((InboxKind::ClaimsToPay, w));
    }
    if approver && can(Capability::ExpensesRead) {
        let w = budgets::supplements::waiting_for_approval(conn, ctx)?;
        counted.push((InboxKind::SupplementsToApprove, w));
    }
    if can(Capability::LeavingsWrite) {
        let (to_approve, to_close) = leavings::service::waiting(conn, ctx)?;
        if let Some(w) = to_approve {
            counted.push((InboxKind::LeavingsToApprove, w));
        }
        if let Some(w) = to_close {
            counted.push((InboxKind::LeavingsToClose, w));
        }
    }
    if can(Capability::ScoresRead) {
        let (to_acknowledge, to_resolve) = scores::read::waiting(conn, ctx)?;
        counted.push((InboxKind::ScoresToAcknowledge, to_acknowledge));
        if let Some(w) = to_resolve {
            counted.push((InboxKind::DisputesToResolve, w));
        }
    }
    if can(Capability::WebhooksManage) {
        let w = webhooks::service::waiting_failing(conn, ctx)?;
        counted.push((InboxKind::FailingWebhooks, w));
    }
    // Follow-ups are the work of whoever owns clients: a salesperson's own.
    if ctx.has(Role::Salesperson) && can(Capability::ClientsRead) {
        let (overdue, due_today) = follow_ups::due::waiting(conn, ctx)?;
        counted.push((InboxKind::FollowUpsOverdue, overdue));
        counted.push((InboxKind::FollowUpsDueToday, due_today));
    }

    Ok(InboxDto::of(
        counted
            .into_iter()
            .map(|(kind, w)| (kind, w.count, w.since.map(clock::utc))),
        &ctx.roles,
    ))
}
