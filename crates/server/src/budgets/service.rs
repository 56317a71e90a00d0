//! Monthly budgets: set by the owner's manager (or admin), read by the owner, their managers
//! and finance.

use salesops_domain::budgets::{
    BudgetDto, BudgetListQuery, CreateBudgetRequest, UpdateBudgetRequest,
};
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::{Ctx, Principal};
use crate::audit;
use crate::budgets::queries as q;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

fn load(conn: &mut DbConn, id: i64) -> AppResult<BudgetDto> {
    q::find_budget(conn, id)?
        .map(|b| b.to_dto())
        .ok_or(AppError::NotFound("budget"))
}

/// 403 unless the caller may set `owner`'s budgets: their manager, or admin; never their own.
fn ensure_may_set(conn: &mut DbConn, ctx: &Ctx, owner: i64) -> AppResult<()> {
    ctx.require(Capability::BudgetsManage)?;
    if owner == ctx.user_id {
        return Err(AppError::Forbidden {
            code: "own_document",
            detail: "nobody sets their own budget; the manager above does".to_owned(),
        });
    }
    if ctx.is_admin() || ctx.manages(conn, owner)? {
        Ok(())
    } else if Principal::owner_within(conn, &ctx.money_scope(), owner)? {
        Err(AppError::forbidden(
            "only the person's manager or admin sets their budget",
        ))
    } else {
        Err(AppError::NotFound("user"))
    }
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreateBudgetRequest) -> AppResult<BudgetDto> {
    db::write(conn, |tx| {
        ensure_may_set(tx, ctx, req.owner_id)?;
        if q::budget_exists(tx, req.owner_id, &req.month, req.category)? {
            return Err(AppError::conflict(
                "duplicate",
                format!(
                    "a {} budget for {} is already set; change it instead",
                    req.category, req.month
                ),
            ));
        }
        audit::created(
            tx,
            &ctx.actor(),
            "budget.create",
            "budget",
            |tx| {
                Ok(q::insert_budget(
                    tx,
                    req.owner_id,
                    &req.month,
                    req.category,
                    req.amount_fen,
                    ctx.now,
                )?)
            },
            load,
        )
    })
}

pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &UpdateBudgetRequest,
) -> AppResult<BudgetDto> {
    db::write(conn, |tx| {
        let budget = get(tx, ctx, id)?;
        ensure_may_set(tx, ctx, budget.owner_id)?;
        audit::changed(
            tx,
            &ctx.actor(),
            "budget.update",
            "budget",
            id,
            load,
            |tx, _| {
                if q::update_budget_if_version(tx, id, req.version, req.amount_fen, ctx.now)? {
                    Ok(())
                } else {
                    Err(AppError::stale("budget"))
                }
            },
        )
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<BudgetDto> {
    ctx.require(Capability::ExpensesRead)?;
    let budget = load(conn, id)?;
    if Principal::owner_within(conn, &ctx.money_scope(), budget.owner_id)? {
        Ok(budget)
    } else {
        Err(AppError::NotFound("budget"))
    }
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &BudgetListQuery,
    page: &PageQuery,
) -> AppResult<Page<BudgetDto>> {
    ctx.require(Capability::ExpensesRead)?;
    let owners = Principal::owners_in(conn, ctx.money_scope())?;
    q::list_budgets(conn, owners.as_deref(), filter, page)
}
