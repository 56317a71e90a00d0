//! Advance use cases: ask against an approved plan (never more than its estimate), the two
//! approvals, payment, repayments.

use salesops_domain::advances::{
    AdvanceAction, AdvanceDto, AdvanceListQuery, AdvanceRequest, AdvanceState, RepaymentDto,
    RepaymentRequest,
};
use salesops_domain::budgets::DecideRequest;
use salesops_domain::expenses::{PayRequest, RejectRequest, VersionRequest};
use salesops_domain::money::Fen;
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::{Ctx, Principal};
use crate::advances::queries::{self as q, AdvanceChangeset, AdvanceRow};
use crate::audit;
use crate::db::list::Waiting;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::plans::queries as plans_q;
use crate::workflow::{self, Move};

fn load(conn: &mut DbConn, id: i64) -> AppResult<AdvanceDto> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("advance"))?;
    Ok(row.to_dto(q::owner_name(conn, row.owner_id)?))
}

/// 422 unless `plan_id` is one of `owner`'s approved plans with room in its estimate for
/// `amount_fen` besides the owner's other live advances on it (`except`: the one edited).
fn check_plan(
    conn: &mut DbConn,
    owner: i64,
    plan_id: i64,
    amount_fen: i64,
    except: Option<i64>,
) -> AppResult<()> {
    let plan = plans_q::find(conn, plan_id)?.filter(|p| p.owner_id == owner);
    let estimate = match plan {
        Some(p) => plans_q::approved_estimate(conn, &p)?,
        None => None,
    };
    let Some(estimate) = estimate else {
        return Err(AppError::validation(
            "plan_id",
            "not_approved_plan",
            "an advance is asked for against one of your approved plans",
        ));
    };
    let asked = q::asked_on_plan(conn, plan_id, except)?;
    let total = asked.saturating_add(amount_fen);
    if total > estimate.total() {
        return Err(AppError::validation(
            "amount_fen",
            "over_estimate",
            &format!(
                "the plan's expense estimate is {}; its advances would come to {}",
                Fen(estimate.total()),
                Fen(total)
            ),
        ));
    }
    Ok(())
}

/// A draft advance of the caller's (`submit` sends it to their manager).
pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &AdvanceRequest) -> AppResult<AdvanceDto> {
    ctx.require(Capability::ExpensesWrite)?;
    let reason = salesops_domain::text::trim(&req.reason);
    db::write(conn, |tx| {
        check_plan(tx, ctx.user_id, req.plan_id, req.amount_fen, None)?;
        audit::created(
            tx,
            &ctx.actor(),
            "advance.create",
            "advance",
            |tx| {
                Ok(q::insert(
                    tx,
                    ctx.user_id,
                    req.plan_id,
                    req.amount_fen,
                    reason,
                    ctx.now,
                )?)
            },
            load,
        )
    })
}

/// Change a draft or rejected advance (the owner); a rejected one becomes a draft again.
pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &AdvanceRequest,
) -> AppResult<AdvanceDto> {
    ctx.require(Capability::ExpensesWrite)?;
    let reason = salesops_domain::text::trim(&req.reason).to_owned();
    let mv = Move::new(AdvanceAction::Edit, req.version, None);
    db::write(conn, |tx| {
        workflow::transition::<AdvanceRow>(tx, ctx, id, mv, |tx, adv, _| {
            check_plan(tx, adv.owner_id, req.plan_id, req.amount_fen, Some(id))?;
            Ok(AdvanceChangeset {
                plan_id: Some(req.plan_id),
                amount_fen: Some(req.amount_fen),
                reason: Some(reason),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<AdvanceDto> {
    ctx.require(Capability::ExpensesRead)?;
    let row = workflow::in_scope::<AdvanceRow>(conn, ctx, id)?;
    Ok(row.to_dto(q::owner_name(conn, row.owner_id)?))
}

/// Advances in scope; `to_approve=true`: those waiting for the caller — submitted ones of the
/// people they manage (managers, admin), manager-approved ones (finance), never their own.
pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &AdvanceListQuery,
    page: &PageQuery,
) -> AppResult<Page<AdvanceDto>> {
    ctx.require(Capability::ExpensesRead)?;
    let (owners, states, exclude) = list_scope(conn, ctx, filter)?;
    q::list(
        conn,
        owners.as_deref(),
        filter,
        states.as_deref(),
        exclude,
        page,
    )
}

/// The owners, states and owner left out of a list: everything in the money scope, or with
/// `to_approve` the caller's queue.
type ListScope = (Option<Vec<i64>>, Option<Vec<AdvanceState>>, Option<i64>);

fn list_scope(conn: &mut DbConn, ctx: &Ctx, filter: &AdvanceListQuery) -> AppResult<ListScope> {
    if filter.to_approve != Some(true) {
        let owners = Principal::owners_in(conn, ctx.money_scope())?;
        return Ok((owners, None, None));
    }
    let mut states = Vec::new();
    let mut scope = ctx.owner_scope();
    if ctx.has(Role::Manager) || ctx.is_admin() {
        states.push(AdvanceState::Submitted);
    }
    if ctx.has(Role::Finance) {
        states.extend([AdvanceState::ManagerApproved, AdvanceState::FinanceApproved]);
        scope = ctx.money_scope();
    }
    let owners = Principal::owners_in(conn, scope)?;
    Ok((owners, Some(states), Some(ctx.user_id)))
}

/// The inbox's counts: `to_approve` — the `to_approve=true` queue less the approved ones
/// waiting for payment, which are `to_pay` — `GET /advances?state=finance_approved`.
pub fn waiting(conn: &mut DbConn, ctx: &Ctx) -> AppResult<(Waiting, Option<Waiting>)> {
    ctx.require(Capability::ExpensesRead)?;
    let queue = AdvanceListQuery {
        to_approve: Some(true),
        ..AdvanceListQuery::default()
    };
    let (owners, states, exclude) = list_scope(conn, ctx, &queue)?;
    let deciding: Vec<AdvanceState> = states
        .unwrap_or_default()
        .into_iter()
        .filter(|s| *s != AdvanceState::FinanceApproved)
        .collect();
    let to_approve = q::waiting(conn, owners.as_deref(), &queue, Some(&deciding), exclude)?;
    if !ctx.has(Role::Finance) {
        return Ok((to_approve, None));
    }
    let paying = AdvanceListQuery {
        state: Some(AdvanceState::FinanceApproved),
        ..AdvanceListQuery::default()
    };
    let (owners, states, exclude) = list_scope(conn, ctx, &paying)?;
    let to_pay = q::waiting(conn, owners.as_deref(), &paying, states.as_deref(), exclude)?;
    Ok((to_approve, Some(to_pay)))
}

fn step(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    mv: Move<'_, AdvanceAction>,
    payment_ref: Option<&str>,
) -> AppResult<AdvanceDto> {
    db::write(conn, |tx| {
        workflow::transition::<AdvanceRow>(tx, ctx, id, mv, |_, adv, to| {
            let mut changes = AdvanceChangeset {
                updated_at: Some(ctx.now),
                ..Default::default()
            };
            match to {
                AdvanceState::ManagerApproved => {
                    changes.manager_approved_by = Some(Some(ctx.user_id))
                }
                AdvanceState::FinanceApproved => {
                    workflow::ensure_second_approver(ctx, adv.manager_approved_by, "advance")?;
                }
                AdvanceState::Paid => {
                    changes.paid_fen = Some(adv.amount_fen);
                    changes.paid_at = Some(Some(ctx.now));
                    changes.payment_ref = Some(payment_ref.map(str::to_owned));
                }
                AdvanceState::Rejected => changes.manager_approved_by = Some(None),
                _ => {}
            }
            Ok(changes)
        })
    })
}

pub fn submit(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &VersionRequest,
) -> AppResult<AdvanceDto> {
    step(
        conn,
        ctx,
        id,
        Move::new(AdvanceAction::Submit, Some(req.version), None),
        None,
    )
}

pub fn approve(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &DecideRequest,
) -> AppResult<AdvanceDto> {
    let mv = Move::new(
        AdvanceAction::Approve,
        Some(req.version),
        req.comment.as_deref(),
    );
    step(conn, ctx, id, mv, None)
}

pub fn reject(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &RejectRequest) -> AppResult<AdvanceDto> {
    let mv = Move::new(AdvanceAction::Reject, Some(req.version), Some(&req.reason));
    step(conn, ctx, id, mv, None)
}

pub fn cancel(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &VersionRequest,
) -> AppResult<AdvanceDto> {
    step(
        conn,
        ctx,
        id,
        Move::new(AdvanceAction::Cancel, Some(req.version), None),
        None,
    )
}

/// Pay the advance out (finance), with the payment's reference.
pub fn pay(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &PayRequest) -> AppResult<AdvanceDto> {
    let payment_ref = salesops_domain::text::trim(&req.payment_ref);
    let mv = Move::new(AdvanceAction::Pay, Some(req.version), None);
    step(conn, ctx, id, mv, Some(payment_ref))
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    ctx.require(Capability::ExpensesRead)?;
    workflow::history::<AdvanceRow>(conn, ctx, id)
}

/// Record money the owner paid back (finance): at most the balance.
pub fn repay(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &RepaymentRequest,
) -> AppResult<AdvanceDto> {
    ctx.require_any(&[Role::Finance])?;
    let note = salesops_domain::text::clean(req.note.as_deref());
    db::write(conn, |tx| {
        let advance = workflow::in_scope::<AdvanceRow>(tx, ctx, id)?;
        audit::changed(
            tx,
            &ctx.actor(),
            "advance.repay",
            "advance",
            id,
            load,
            |tx, _| {
                if advance.state != AdvanceState::Paid {
                    return Err(AppError::conflict(
                        "invalid_state",
                        format!(
                            "the advance is `{}`; only a paid advance is repaid",
                            advance.state
                        ),
                    ));
                }
                if req.amount_fen > advance.balance() {
                    return Err(AppError::validation(
                        "amount_fen",
                        "over_balance",
                        &format!("the balance is {}", Fen(advance.balance())),
                    ));
                }
                if q::repay(
                    tx,
                    &advance,
                    req.amount_fen,
                    note.as_deref(),
                    ctx.user_id,
                    ctx.now,
                )? {
                    Ok(())
                } else {
                    Err(AppError::stale("advance"))
                }
            },
        )
    })
}

pub fn repayments(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<RepaymentDto>> {
    ctx.require(Capability::ExpensesRead)?;
    workflow::in_scope::<AdvanceRow>(conn, ctx, id)?;
    Ok(q::repayments(conn, id)?)
}
