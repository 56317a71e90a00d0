//! Supplements (追加预算): the owner asks for more budget for a week or month and category;
//! the owner's manager approves (raising that budget) or rejects.

use salesops_domain::budgets::{
    CreateSupplementRequest, DecideRequest, SupplementAction, SupplementDto, SupplementListQuery,
    SupplementState,
};
use salesops_domain::expenses::{RejectRequest, VersionRequest};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::{Ctx, Principal};
use crate::audit;
use crate::budgets::queries::{self as q, SupplementChangeset, SupplementRow};
use crate::db::list::Waiting;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::workflow::{self, Move};

fn load(conn: &mut DbConn, id: i64) -> AppResult<SupplementDto> {
    q::find_supplement(conn, id)?
        .map(|s| s.to_dto())
        .ok_or(AppError::NotFound("budget supplement"))
}

/// A draft supplement of the caller's; `submit` sends it to their manager.
pub fn create(
    conn: &mut DbConn,
    ctx: &Ctx,
    req: &CreateSupplementRequest,
) -> AppResult<SupplementDto> {
    ctx.require(Capability::ExpensesWrite)?;
    let reason = salesops_domain::text::trim(&req.reason);
    db::write(conn, |tx| {
        audit::created(
            tx,
            &ctx.actor(),
            "budget_supplement.create",
            "budget_supplement",
            |tx| {
                Ok(q::insert_supplement(
                    tx,
                    ctx.user_id,
                    &req.period,
                    req.category,
                    req.amount_fen,
                    reason,
                    ctx.now,
                )?)
            },
            load,
        )
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<SupplementDto> {
    ctx.require(Capability::ExpensesRead)?;
    Ok(workflow::in_scope::<SupplementRow>(conn, ctx, id)?.to_dto())
}

/// The caller's and, in scope, others' supplements; `to_approve=true`: those waiting for the
/// caller's decision (submitted, never their own).
pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &SupplementListQuery,
    page: &PageQuery,
) -> AppResult<Page<SupplementDto>> {
    ctx.require(Capability::ExpensesRead)?;
    let (owners, exclude, filter) = list_scope(conn, ctx, filter)?;
    q::list_supplements(conn, owners.as_deref(), exclude, &filter, page)
}

/// The owners, the owner left out and the filter of a list: with `to_approve`, the submitted
/// supplements of the people the caller manages (deciding is for the owner's managers and
/// admin, not finance).
fn list_scope(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &SupplementListQuery,
) -> AppResult<(Option<Vec<i64>>, Option<i64>, SupplementListQuery)> {
    let (scope, exclude, filter) = if filter.to_approve == Some(true) {
        let f = SupplementListQuery {
            state: Some(SupplementState::Submitted),
            ..filter.clone()
        };
        (ctx.owner_scope(), Some(ctx.user_id), f)
    } else {
        (ctx.money_scope(), None, filter.clone())
    };
    Ok((Principal::owners_in(conn, scope)?, exclude, filter))
}

/// The inbox's count: what `GET /budget-supplements?to_approve=true` lists.
pub fn waiting_for_approval(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Waiting> {
    ctx.require(Capability::ExpensesRead)?;
    let queue = SupplementListQuery {
        to_approve: Some(true),
        ..SupplementListQuery::default()
    };
    let (owners, exclude, filter) = list_scope(conn, ctx, &queue)?;
    Ok(q::waiting_supplements(
        conn,
        owners.as_deref(),
        exclude,
        &filter,
    )?)
}

fn step(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    mv: Move<'_, SupplementAction>,
) -> AppResult<SupplementDto> {
    let deciding = mv.action != SupplementAction::Submit;
    let comment = mv.comment.map(str::to_owned);
    db::write(conn, |tx| {
        workflow::transition::<SupplementRow>(tx, ctx, id, mv, |_, _, _| {
            Ok(if deciding {
                SupplementChangeset {
                    decided_by: Some(Some(ctx.user_id)),
                    decided_at: Some(Some(ctx.now)),
                    decision_comment: Some(comment.clone()),
                    updated_at: Some(ctx.now),
                    ..Default::default()
                }
            } else {
                SupplementChangeset {
                    decided_by: Some(None),
                    decided_at: Some(None),
                    decision_comment: Some(None),
                    updated_at: Some(ctx.now),
                    ..Default::default()
                }
            })
        })
    })
}

pub fn submit(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &VersionRequest,
) -> AppResult<SupplementDto> {
    step(
        conn,
        ctx,
        id,
        Move::new(SupplementAction::Submit, Some(req.version), None),
    )
}

pub fn approve(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &DecideRequest,
) -> AppResult<SupplementDto> {
    let mv = Move::new(
        SupplementAction::Approve,
        Some(req.version),
        req.comment.as_deref(),
    );
    step(conn, ctx, id, mv)
}

pub fn reject(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &RejectRequest,
) -> AppResult<SupplementDto> {
    let mv = Move::new(
        SupplementAction::Reject,
        Some(req.version),
        Some(&req.reason),
    );
    step(conn, ctx, id, mv)
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    ctx.require(Capability::ExpensesRead)?;
    workflow::history::<SupplementRow>(conn, ctx, id)
}
