//! Leaving use cases: filing (the person, or HR and admin for anyone; one open leaving per
//! person), the manager's decision, the checklist (HR), closing (HR: the checklist complete,
//! the account disabled in the same transaction).

use salesops_domain::budgets::DecideRequest;
use salesops_domain::expenses::RejectRequest;
use salesops_domain::leavings::{
    ChecklistRequest, CreateLeavingRequest, LEAVING_FLOW, LeavingAction, LeavingDto,
    LeavingListQuery, LeavingState, PropertyItem,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::{Ctx, OwnerScope, Principal};
use crate::audit;
use crate::db::list::Waiting;
use crate::db::types::json_text;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::leavings::queries::{self as q, LeavingChangeset, LeavingRow};
use crate::users::queries as users_q;
use crate::workflow::{self, Document, Move};

fn load(conn: &mut DbConn, id: i64) -> AppResult<LeavingDto> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("leaving"))?;
    Ok(q::dto(conn, &row)?)
}

fn works_anyones(ctx: &Ctx) -> bool {
    ctx.has(Role::Hr) || ctx.is_admin()
}

/// File a leaving: one's own, or (HR, admin) anyone's enabled account; it waits for the
/// person's manager. One open (submitted or approved) leaving per person (409 `leaving_open`).
pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreateLeavingRequest) -> AppResult<LeavingDto> {
    ctx.require(Capability::LeavingsWrite)?;
    if req.user_id != ctx.user_id && !works_anyones(ctx) {
        return Err(AppError::forbidden(
            "only HR or an admin files someone else's leaving",
        ));
    }
    let reason = salesops_domain::text::trim(&req.reason);
    db::write(conn, |tx| {
        q::lock_person(tx, req.user_id)?;
        let person = users_q::find(tx, req.user_id)?;
        let Some(person) = person else {
            return Err(AppError::validation("user_id", "not_found", "no such user"));
        };
        if person.disabled_at.is_some() {
            return Err(AppError::validation(
                "user_id",
                "disabled",
                "the account is already disabled",
            ));
        }
        if let Some(open) = q::open_of(tx, req.user_id)? {
            return Err(AppError::conflict(
                "leaving_open",
                format!("this person already has an open leaving (#{open}); cancel it first"),
            ));
        }
        let dto = audit::created(
            tx,
            &ctx.actor(),
            "leaving.create",
            "leaving",
            |tx| {
                Ok(q::insert(
                    tx,
                    req.user_id,
                    req.leaving_on,
                    reason,
                    ctx.user_id,
                    ctx.now,
                )?)
            },
            load,
        )?;
        workflow::history::record(
            tx,
            ctx,
            LEAVING_FLOW.document,
            dto.id,
            "file",
            "",
            LeavingState::Submitted.as_str(),
            None,
        )?;
        Ok(dto)
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<LeavingDto> {
    ctx.require(Capability::LeavingsWrite)?;
    let row = workflow::in_scope::<LeavingRow>(conn, ctx, id)?;
    Ok(q::dto(conn, &row)?)
}

/// HR and admin: every leaving; a manager: their own and their teams' members'; anyone else:
/// their own. Newest first.
pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &LeavingListQuery,
    page: &PageQuery,
) -> AppResult<Page<LeavingDto>> {
    ctx.require(Capability::LeavingsWrite)?;
    let (people, exclude, filter) = list_scope(conn, ctx, filter)?;
    q::list(conn, people.as_deref(), exclude, &filter, page)
}

/// The people a list shows, the one it leaves out, and its filter. `to_approve` is the
/// approval queue: the flow lets the person's managers and an admin approve a submitted
/// leaving, nobody their own, so HR's wider reading scope does not widen it.
fn list_scope(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &LeavingListQuery,
) -> AppResult<(Option<Vec<i64>>, Option<i64>, LeavingListQuery)> {
    if filter.to_approve != Some(true) {
        let people = Principal::owners_in(conn, LeavingRow::scope(ctx))?;
        return Ok((people, None, filter.clone()));
    }
    let scope = if ctx.is_admin() {
        OwnerScope::All
    } else {
        OwnerScope::Users {
            me: ctx.user_id,
            teams: ctx.managed_teams.clone(),
        }
    };
    let f = LeavingListQuery {
        state: Some(LeavingState::Submitted),
        ..filter.clone()
    };
    Ok((Principal::owners_in(conn, scope)?, Some(ctx.user_id), f))
}

/// The inbox's counts, each what its list shows: `to_approve` — `GET /leavings?
/// to_approve=true` (managers, admin); `to_close` — `GET /leavings?state=approved` (HR,
/// admin). `None` where the caller's roles take no such step.
pub fn waiting(conn: &mut DbConn, ctx: &Ctx) -> AppResult<(Option<Waiting>, Option<Waiting>)> {
    ctx.require(Capability::LeavingsWrite)?;
    let count = |conn: &mut DbConn, query: LeavingListQuery| -> AppResult<Waiting> {
        let (people, exclude, filter) = list_scope(conn, ctx, &query)?;
        Ok(q::waiting(conn, people.as_deref(), exclude, &filter)?)
    };
    let to_approve = if ctx.has(Role::Manager) || ctx.is_admin() {
        let query = LeavingListQuery {
            to_approve: Some(true),
            ..LeavingListQuery::default()
        };
        Some(count(conn, query)?)
    } else {
        None
    };
    let to_close = if ctx.has(Role::Hr) || ctx.is_admin() {
        let query = LeavingListQuery {
            state: Some(LeavingState::Approved),
            ..LeavingListQuery::default()
        };
        Some(count(conn, query)?)
    } else {
        None
    };
    Ok((to_approve, to_close))
}

/// Set the property list with its checkmarks and/or the advances' settlement (HR, admin),
/// while the leaving is open; with `version`.
pub fn checklist(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ChecklistRequest,
) -> AppResult<LeavingDto> {
    ctx.require(Capability::LeavingsManage)?;
    let property = match &req.property {
        Some(items) => {
            let cleaned: Vec<PropertyItem> = items
                .iter()
                .map(|p| PropertyItem {
                    item: salesops_domain::text::trim(&p.item).to_owned(),
                    returned: p.returned,
                })
                .collect();
            Some(json_text(&cleaned)?)
        }
        None => None,
    };
    db::write(conn, |tx| {
        let row = workflow::in_scope::<LeavingRow>(tx, ctx, id)?;
        let dto = audit::changed(
            tx,
            &ctx.actor(),
            "leaving.checklist",
            "leaving",
            id,
            load,
            |tx, _| {
                if !row.state.is_open() {
                    return Err(AppError::conflict(
                        "invalid_state",
                        format!(
                            "the leaving is `{}`; its checklist is worked only while it is \
                             submitted or approved",
                            row.state
                        ),
                    ));
                }
                if req.version != row.version {
                    return Err(AppError::stale("leaving"));
                }
                let changes = LeavingChangeset {
                    property_json: property.clone(),
                    advances_settlement: req.advances_settlement.map(|s| s.map(|s| s.as_str())),
                    updated_at: Some(ctx.now),
                    ..Default::default()
                };
                if q::update_if_version(tx, id, row.version, &changes)? {
                    Ok(())
                } else {
                    Err(AppError::stale("leaving"))
                }
            },
        )?;
        workflow::history::record(
            tx,
            ctx,
            LEAVING_FLOW.document,
            id,
            "checklist",
            row.state.as_str(),
            row.state.as_str(),
            None,
        )?;
        Ok(dto)
    })
}

fn step(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    mv: Move<'_, LeavingAction>,
) -> AppResult<LeavingDto> {
    db::write(conn, |tx| {
        workflow::transition::<LeavingRow>(tx, ctx, id, mv, |tx, leaving, to| {
            let mut changes = LeavingChangeset {
                updated_at: Some(ctx.now),
                ..Default::default()
            };
            if to == LeavingState::Closed {
                let list = q::dto(tx, leaving)?.checklist;
                if !list.complete {
                    return Err(AppError::conflict(
                        "checklist_incomplete",
                        format!(
                            "the leaving cannot be closed before its checklist is complete; \
                             missing: {}",
                            list.missing().join("; ")
                        ),
                    ));
                }
                // As the handover and the users' disable do: sign-in refused, every session
                // (so every token) ended at once; audited as `user.disable`.
                crate::users::service::disable(tx, ctx, leaving.user_id)?;
                changes.closed_by = Some(Some(ctx.user_id));
                changes.closed_at = Some(Some(ctx.now));
            }
            Ok(changes)
        })
    })
}

pub fn approve(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &DecideRequest,
) -> AppResult<LeavingDto> {
    ctx.require(Capability::LeavingsWrite)?;
    let mv = Move::new(
        LeavingAction::Approve,
        Some(req.version),
        req.comment.as_deref(),
    );
    step(conn, ctx, id, mv)
}

pub fn reject(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &RejectRequest) -> AppResult<LeavingDto> {
    ctx.require(Capability::LeavingsWrite)?;
    let mv = Move::new(LeavingAction::Reject, Some(req.version), Some(&req.reason));
    step(conn, ctx, id, mv)
}

pub fn cancel(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &DecideRequest) -> AppResult<LeavingDto> {
    ctx.require(Capability::LeavingsWrite)?;
    let mv = Move::new(
        LeavingAction::Cancel,
        Some(req.version),
        req.comment.as_deref(),
    );
    step(conn, ctx, id, mv)
}

pub fn close(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &DecideRequest) -> AppResult<LeavingDto> {
    ctx.require(Capability::LeavingsManage)?;
    let mv = Move::new(
        LeavingAction::Close,
        Some(req.version),
        req.comment.as_deref(),
    );
    step(conn, ctx, id, mv)
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    ctx.require(Capability::LeavingsWrite)?;
    workflow::history::<LeavingRow>(conn, ctx, id)
}
