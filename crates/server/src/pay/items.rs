//! Incentives (特别奖励) and deductions per person and month, entered by finance or HR (never
//! one's own), removed when entered by mistake; branch profits for the managers' profit
//! share, entered by finance. Everything audited.

use salesops_domain::pay::{
    BranchProfitDto, BranchProfitListQuery, BranchProfitRequest, DEFAULT_MANAGER_PERMILLE,
    PayItemDto, PayItemListQuery, PayItemRequest,
};
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::Ctx;
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::pay::items_queries::{self as q, NewItem, NewProfit};
use crate::pay::setup_queries::user_exists;

fn load_item(conn: &mut DbConn, id: i64) -> AppResult<PayItemDto> {
    let (row, name) = q::find_item(conn, id)?.ok_or(AppError::NotFound("pay item"))?;
    Ok(row.to_dto(name))
}

fn load_profit(conn: &mut DbConn, id: i64) -> AppResult<BranchProfitDto> {
    let (row, team, manager) =
        q::find_profit(conn, id)?.ok_or(AppError::NotFound("branch profit"))?;
    row.to_dto(team, manager)
}

fn not_own(ctx: &Ctx, user_id: i64) -> AppResult<()> {
    if user_id == ctx.user_id {
        Err(AppError::forbidden(
            "nobody enters or removes their own incentives and deductions",
        ))
    } else {
        Ok(())
    }
}

/// An incentive or a deduction of someone else's (finance, HR).
pub fn create_item(conn: &mut DbConn, ctx: &Ctx, req: &PayItemRequest) -> AppResult<PayItemDto> {
    ctx.require(Capability::PayItemsWrite)?;
    not_own(ctx, req.user_id)?;
    let note = req.note.trim();
    db::write(conn, |tx| {
        if !user_exists(tx, req.user_id)? {
            return Err(AppError::validation("user_id", "not_found", "no such user"));
        }
        audit::created(
            tx,
            &ctx.actor(),
            "pay_item.create",
            "pay_item",
            |tx| {
                Ok(q::insert_item(
                    tx,
                    &NewItem {
                        user_id: req.user_id,
                        month: &req.month,
                        kind: req.kind.as_str(),
                        amount_fen: req.amount_fen,
                        note,
                        created_by: ctx.user_id,
                        created_at: ctx.now,
                    },
                )?)
            },
            load_item,
        )
    })
}

/// Remove a pay item entered by mistake (finance, HR; not one's own).
pub fn remove_item(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require(Capability::PayItemsWrite)?;
    db::write(conn, |tx| {
        let before = load_item(tx, id)?;
        not_own(ctx, before.user_id)?;
        q::delete_item(tx, id)?;
        audit::record::<_, ()>(
            tx,
            &ctx.actor(),
            "pay_item.delete",
            "pay_item",
            id,
            Some(&before),
            None,
        )
    })
}

pub fn list_items(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &PayItemListQuery,
    page: &PageQuery,
) -> AppResult<Page<PayItemDto>> {
    ctx.require(Capability::PayRead)?;
    q::list_items(conn, filter.user_id, filter.month.as_deref(), page)
}

/// A branch's profit for a month (finance): one per team and month.
pub fn create_profit(
    conn: &mut DbConn,
    ctx: &Ctx,
    req: &BranchProfitRequest,
) -> AppResult<BranchProfitDto> {
    ctx.require(Capability::PayItemsWrite)?;
    ctx.require_any(&[Role::Finance])?;
    db::write(conn, |tx| {
        if !q::team_exists(tx, req.team_id)? {
            return Err(AppError::validation("team_id", "not_found", "no such team"));
        }
        if let Some(lead) = req.finance_lead_id
            && !q::is_finance(tx, lead)?
        {
            return Err(AppError::validation(
                "finance_lead_id",
                "not_found",
                "no such user with the finance role",
            ));
        }
        if q::profit_taken(tx, req.team_id, &req.month)? {
            return Err(AppError::validation(
                "month",
                "taken",
                "this team's profit for this month is already entered",
            ));
        }
        audit::created(
            tx,
            &ctx.actor(),
            "branch_profit.create",
            "branch_profit",
            |tx| {
                Ok(q::insert_profit(
                    tx,
                    &NewProfit {
                        team_id: req.team_id,
                        month: &req.month,
                        profit_fen: req.profit_fen,
                        manager_permille: req.manager_permille.unwrap_or(DEFAULT_MANAGER_PERMILLE),
                        finance_lead_id: req.finance_lead_id,
                        created_by: ctx.user_id,
                        created_at: ctx.now,
                    },
                )?)
            },
            load_profit,
        )
    })
}

/// Remove a branch profit entered by mistake (finance).
pub fn remove_profit(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require(Capability::PayItemsWrite)?;
    ctx.require_any(&[Role::Finance])?;
    db::write(conn, |tx| {
        let before = load_profit(tx, id)?;
        q::delete_profit(tx, id)?;
        audit::record::<_, ()>(
            tx,
            &ctx.actor(),
            "branch_profit.delete",
            "branch_profit",
            id,
            Some(&before),
            None,
        )
    })
}

pub fn list_profits(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &BranchProfitListQuery,
    page: &PageQuery,
) -> AppResult<Page<BranchProfitDto>> {
    ctx.require(Capability::PayRead)?;
    q::list_profits(conn, filter.team_id, filter.month.as_deref(), page)
}
