//! What admin sets up for pay: grades (one per person and month they come into force), the
//! coefficient cap, commission rules (one per month they come into force). HR and finance
//! read them (`pay:read`).

use salesops_domain::pay::{
    CommissionRuleDto, CommissionRuleRequest, PayGradeDto, PayGradeListQuery, PayGradeRequest,
    PaySettingsDto, PaySettingsRequest, cap_from_decimal,
};
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::Ctx;
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::pay::setup_queries::{self as q, NewGrade, NewRule};

fn load_grade(conn: &mut DbConn, id: i64) -> AppResult<PayGradeDto> {
    let (row, name) = q::find_grade(conn, id)?.ok_or(AppError::NotFound("pay grade"))?;
    Ok(row.to_dto(name))
}

fn load_rule(conn: &mut DbConn, id: i64) -> AppResult<CommissionRuleDto> {
    Ok(q::find_rule(conn, id)?
        .ok_or(AppError::NotFound("commission rule"))?
        .to_dto())
}

fn load_settings(conn: &mut DbConn, _id: i64) -> AppResult<PaySettingsDto> {
    Ok(q::settings(conn)?)
}

/// A person's grade from a month on (admin).
pub fn create_grade(conn: &mut DbConn, ctx: &Ctx, req: &PayGradeRequest) -> AppResult<PayGradeDto> {
    ctx.require(Capability::PayManage)?;
    db::write(conn, |tx| {
        if !q::user_exists(tx, req.user_id)? {
            return Err(AppError::validation("user_id", "not_found", "no such user"));
        }
        if q::grade_taken(tx, req.user_id, &req.effective_from)? {
            return Err(AppError::validation(
                "effective_from",
                "taken",
                "this person already has a pay grade from this month",
            ));
        }
        audit::created(
            tx,
            &ctx.actor(),
            "pay_grade.create",
            "pay_grade",
            |tx| {
                Ok(q::insert_grade(
                    tx,
                    &NewGrade {
                        user_id: req.user_id,
                        base_fen: req.base_fen,
                        performance_fen: req.performance_fen,
                        effective_from: &req.effective_from,
                        created_by: ctx.user_id,
                        created_at: ctx.now,
                    },
                )?)
            },
            load_grade,
        )
    })
}

pub fn list_grades(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &PayGradeListQuery,
    page: &PageQuery,
) -> AppResult<Page<PayGradeDto>> {
    ctx.require(Capability::PayRead)?;
    q::list_grades(conn, filter.user_id, page)
}

pub fn settings(conn: &mut DbConn, ctx: &Ctx) -> AppResult<PaySettingsDto> {
    ctx.require(Capability::PayRead)?;
    Ok(q::settings(conn)?)
}

/// Set or clear the coefficient cap (admin).
pub fn save_settings(
    conn: &mut DbConn,
    ctx: &Ctx,
    req: &PaySettingsRequest,
) -> AppResult<PaySettingsDto> {
    ctx.require(Capability::PayManage)?;
    let cap = match req.coefficient_cap {
        None => None,
        Some(v) => Some(cap_from_decimal(v).ok_or_else(|| {
            AppError::validation(
                "coefficient_cap",
                "coefficient_cap",
                "a number from 1.0 to 3.0 with at most four decimals",
            )
        })?),
    };
    db::write(conn, |tx| {
        audit::changed(
            tx,
            &ctx.actor(),
            "pay_settings.update",
            "pay_settings",
            q::SETTINGS_ID,
            load_settings,
            |tx, _| Ok(q::save_settings(tx, cap, ctx.user_id, ctx.now)?),
        )
    })
}

/// A commission rule from a month on (admin).
pub fn create_rule(
    conn: &mut DbConn,
    ctx: &Ctx,
    req: &CommissionRuleRequest,
) -> AppResult<CommissionRuleDto> {
    ctx.require(Capability::PayManage)?;
    db::write(conn, |tx| {
        if q::rule_taken(tx, &req.effective_from)? {
            return Err(AppError::validation(
                "effective_from",
                "taken",
                "a commission rule already comes into force this month",
            ));
        }
        audit::created(
            tx,
            &ctx.actor(),
            "commission_rule.create",
            "commission_rule",
            |tx| {
                Ok(q::insert_rule(
                    tx,
                    &NewRule {
                        effective_from: &req.effective_from,
                        within_target_permille: req.within_target_permille,
                        above_target_permille: req.above_target_permille,
                        settle_by_collection: req.settle_by_collection,
                        created_by: ctx.user_id,
                        created_at: ctx.now,
                    },
                )?)
            },
            load_rule,
        )
    })
}

pub fn list_rules(
    conn: &mut DbConn,
    ctx: &Ctx,
    page: &PageQuery,
) -> AppResult<Page<CommissionRuleDto>> {
    ctx.require(Capability::PayRead)?;
    q::list_rules(conn, page)
}
