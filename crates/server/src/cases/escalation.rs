//! Escalation (升级): a case goes to the owner's manager — by hand (`POST /cases/{id}/escalate`)
//! or by the job, when it is still open 2 days after it was filed (SPEC §2). Either way the
//! case records when and to whom, the audit trail has the step, and the manager is told, all
//! in one transaction.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::cases::{CaseDto, CaseState, OVERDUE_AFTER_HOURS};
use salesops_domain::notifications::NotificationKind;

use crate::access::Actor;
use crate::audit;
use crate::cases::queries as q;
use crate::db::schema::cases;
use crate::db::{self, DbConn, Tx};
use crate::error::AppResult;
use crate::notifications::{self, Notice};
use crate::teams::queries::manager_of;

/// The most cases one run escalates; the next run takes the rest.
const BATCH: i64 = 200;

/// Moves the case (as `version` read it) to escalated, to the owner's manager, and tells
/// them. `None` when the case changed meanwhile (the compare-and-set matched nothing).
pub fn escalate_in_tx(
    tx: &mut Tx<'_>,
    actor: &Actor,
    before: &CaseDto,
    now: NaiveDateTime,
) -> AppResult<Option<CaseDto>> {
    let manager = manager_of(tx, before.owner_id)?;
    let n = diesel::update(
        cases::table
            .find(before.id)
            .filter(cases::version.eq(before.version)),
    )
    .set((
        cases::state.eq(CaseState::Escalated.as_str()),
        cases::escalated_at.eq(Some(now)),
        cases::escalated_to.eq(manager),
        cases::updated_at.eq(now),
        cases::version.eq(before.version + 1),
    ))
    .execute(tx.conn())?;
    if n != 1 {
        return Ok(None);
    }
    let Some((row, name, owner)) = q::find(tx, before.id)? else {
        return Ok(None);
    };
    let after = q::to_dto(row, name, owner, now);
    audit::record(
        tx,
        actor,
        "case.escalate",
        "case",
        before.id,
        Some(before),
        Some(&after),
    )?;
    if let Some(manager) = manager {
        notifications::notify(
            tx,
            manager,
            NotificationKind::CaseEscalated,
            Notice {
                title: format!("客诉已升级给你：{}", after.client_name),
                body: Some(after.summary.chars().take(200).collect()),
                link: Some(format!("/clients/{}", after.client_id)),
                entity: Some(("case", after.id)),
            },
        )?;
    }
    Ok(Some(after))
}

/// The job: every case still open [`OVERDUE_AFTER_HOURS`] after it was filed goes to the
/// owner's manager, once (the state moves on, so a later run does not see it again; two
/// runners racing on one case meet at the compare-and-set). Answers how many were escalated.
pub fn escalate_overdue(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    let cutoff = now - Duration::hours(OVERDUE_AFTER_HOURS);
    let due: Vec<i64> = cases::table
        .filter(cases::state.eq(CaseState::Open.as_str()))
        .filter(cases::opened_at.lt(cutoff))
        .order(cases::id.asc())
        .limit(BATCH)
        .select(cases::id)
        .load(conn)?;
    let mut escalated = 0;
    for id in due {
        let done = db::write(conn, |tx| {
            let Some((row, name, owner)) = q::find(tx, id)? else {
                return Ok(false);
            };
            if row.state != CaseState::Open {
                return Ok(false);
            }
            let before = q::to_dto(row, name, owner, now);
            Ok(escalate_in_tx(tx, &Actor::SYSTEM, &before, now)?.is_some())
        })?;
        escalated += usize::from(done);
    }
    Ok(escalated)
}
