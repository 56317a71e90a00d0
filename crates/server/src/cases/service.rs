//! Case use cases. A case is in scope when its client is; state changes go only through
//! salesops_domain::cases::CaseState::apply.

use diesel::prelude::*;
use salesops_domain::cases::{
    CaseAction, CaseDto, CaseListQuery, CreateCaseRequest, ResolveCaseRequest,
};
use salesops_domain::{Page, PageQuery};

use crate::access::{Actor, Ctx};
use crate::audit;
use crate::cases::queries as q;
use crate::clients::scope;
use crate::clock;
use crate::db::list::Waiting;
use crate::db::schema::{cases, follow_ups};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};

fn dto(conn: &mut DbConn, id: i64) -> AppResult<CaseDto> {
    let (row, name, owner) = q::find(conn, id)?.ok_or(AppError::NotFound("case"))?;
    Ok(q::to_dto(row, name, owner, clock::now()))
}

/// Opens a case inside the caller's transaction (from a follow-up, or directly).
pub fn open_in_tx(
    tx: &mut Tx<'_>,
    actor: &Actor,
    client_id: i64,
    follow_up_id: Option<i64>,
    summary: &str,
) -> AppResult<CaseDto> {
    let opened_by = actor
        .user_id
        .ok_or_else(|| AppError::Internal("a case needs a user".to_owned()))?;
    audit::created(
        tx,
        actor,
        "case.open",
        "case",
        |tx| {
            Ok(q::insert(
                tx,
                client_id,
                follow_up_id,
                opened_by,
                summary.trim(),
                clock::now(),
            )?)
        },
        dto,
    )
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreateCaseRequest) -> AppResult<CaseDto> {
    crate::db::write(conn, |c| {
        scope::client_in_scope(c, ctx, req.client_id)?;
        if let Some(fid) = req.follow_up_id {
            let of: Option<i64> = follow_ups::table
                .find(fid)
                .select(follow_ups::client_id)
                .first(c.conn())
                .optional()?;
            if of != Some(req.client_id) {
                return Err(AppError::validation(
                    "follow_up_id",
                    "not_found",
                    "no such follow-up on this client",
                ));
            }
        }
        open_in_tx(
            c,
            &ctx.actor(),
            req.client_id,
            req.follow_up_id,
            &req.summary,
        )
    })
}

/// The case if its client is in the caller's scope; 404 otherwise.
fn case_in_scope(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<q::CaseRow> {
    let (row, _, owner) = q::find(conn, id)?.ok_or(AppError::NotFound("case"))?;
    if !scope::works_with_clients(ctx) || !ctx.may_access_owner(conn, owner)? {
        return Err(AppError::NotFound("case"));
    }
    Ok(row)
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<CaseDto> {
    case_in_scope(conn, ctx, id)?;
    dto(conn, id)
}

pub fn act(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    action: CaseAction,
    resolve: Option<&ResolveCaseRequest>,
) -> AppResult<CaseDto> {
    crate::db::write(conn, |c| {
        let row = case_in_scope(c, ctx, id)?;
        let before = dto(c, id)?;
        let next = before.state.apply(action).map_err(|e| {
            AppError::conflict(
                "invalid_state",
                format!("the case is `{}`; it cannot become `{}`", e.from, e.to),
            )
        })?;
        let now = ctx.now;
        if action == CaseAction::Escalate {
            return crate::cases::escalation::escalate_in_tx(c, &ctx.actor(), &before, now)?
                .ok_or_else(|| {
                    AppError::conflict("stale_version", "the case changed meanwhile; reload it")
                });
        }
        let target = cases::table.find(id).filter(cases::version.eq(row.version));
        let n = diesel::update(target)
            .set((
                cases::state.eq(next.as_str()),
                cases::resolution.eq(resolve.map(|r| r.resolution.trim().to_owned())),
                cases::resolved_at.eq(Some(now)),
                cases::updated_at.eq(now),
                cases::version.eq(row.version + 1),
            ))
            .execute(c.conn())?;
        if n != 1 {
            return Err(AppError::conflict(
                "stale_version",
                "the case changed meanwhile; reload it",
            ));
        }
        let after = dto(c, id)?;
        let name = format!("case.{}", action.as_str());
        audit::record(
            c,
            &ctx.actor(),
            &name,
            "case",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &CaseListQuery,
    page: &PageQuery,
) -> AppResult<Page<CaseDto>> {
    scope::require_client_role(ctx)?;
    let owners = scope::owner_ids(conn, ctx)?;
    let team = filter
        .team_id
        .map(|t| scope::team_members(conn, t))
        .transpose()?;
    q::list(conn, &owners, &team, filter, page, ctx.now)
}

/// The inbox's count: what `GET /cases?unresolved=true` lists for the caller (their own
/// clients' cases and, for a manager, those of the people they manage), and since when the
/// oldest has been open.
pub fn waiting_unresolved(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Waiting> {
    scope::require_client_role(ctx)?;
    let owners = scope::owner_ids(conn, ctx)?;
    let filter = CaseListQuery {
        unresolved: Some(true),
        ..CaseListQuery::default()
    };
    Ok(q::waiting(conn, &owners, &filter, ctx.now)?)
}
