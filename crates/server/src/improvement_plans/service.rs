//! Improvement plan use cases: HR opens one for a person (one open plan each) and closes it
//! with an outcome; HR, admin and the person's managers read them, the person their own.

use salesops_domain::scoring::improvement::{
    CloseImprovementPlanRequest, ImprovementPlanDto, ImprovementPlanListQuery,
    ImprovementPlanRequest,
};
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::{Ctx, Principal};
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::improvement_plans::queries as q;
use crate::scores::document::read_scope;

fn load(conn: &mut DbConn, id: i64) -> AppResult<ImprovementPlanDto> {
    let (row, name) = q::find(conn, id)?.ok_or(AppError::NotFound("improvement plan"))?;
    Ok(row.to_dto(name))
}

pub fn create(
    conn: &mut DbConn,
    ctx: &Ctx,
    req: &ImprovementPlanRequest,
) -> AppResult<ImprovementPlanDto> {
    ctx.require(Capability::ImprovementPlansManage)?;
    if req.user_id == ctx.user_id {
        return Err(AppError::forbidden(
            "nobody opens an improvement plan for themself",
        ));
    }
    if !crate::attendance::queries::user_exists(conn, req.user_id)? {
        return Err(AppError::validation(
            "user_id",
            "not_found",
            "no such person",
        ));
    }
    if req.review_on < ctx.today() {
        return Err(AppError::validation(
            "review_on",
            "past",
            "the review day is today or later",
        ));
    }
    let goals = salesops_domain::text::trim(&req.goals);
    db::write(conn, |tx| {
        if q::has_open(tx, req.user_id)? {
            return Err(AppError::validation(
                "user_id",
                "open_plan",
                "this person already has an open improvement plan",
            ));
        }
        audit::created(
            tx,
            &ctx.actor(),
            "improvement_plan.create",
            "improvement_plan",
            |tx| {
                Ok(q::insert(
                    tx,
                    req.user_id,
                    req.kind,
                    goals,
                    req.review_on,
                    ctx.user_id,
                    ctx.now,
                )?)
            },
            load,
        )
    })
}

fn in_scope(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ImprovementPlanDto> {
    let dto = load(conn, id)?;
    if Principal::owner_within(conn, &read_scope(ctx), dto.user_id)? {
        Ok(dto)
    } else {
        Err(AppError::NotFound("improvement plan"))
    }
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ImprovementPlanDto> {
    ctx.require(Capability::ScoresRead)?;
    in_scope(conn, ctx, id)
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &ImprovementPlanListQuery,
    page: &PageQuery,
) -> AppResult<Page<ImprovementPlanDto>> {
    ctx.require(Capability::ScoresRead)?;
    let owners = Principal::owners_in(conn, read_scope(ctx))?;
    q::list(conn, owners.as_deref(), filter, page)
}

pub fn close(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &CloseImprovementPlanRequest,
) -> AppResult<ImprovementPlanDto> {
    ctx.require(Capability::ImprovementPlansManage)?;
    let note = salesops_domain::text::trim(&req.note);
    db::write(conn, |tx| {
        let plan = in_scope(tx, ctx, id)?;
        if plan.user_id == ctx.user_id {
            return Err(AppError::forbidden(
                "nobody closes their own improvement plan",
            ));
        }
        audit::changed(
            tx,
            &ctx.actor(),
            "improvement_plan.close",
            "improvement_plan",
            id,
            load,
            |tx, _| {
                if q::close(tx, id, req.outcome, note, ctx.user_id, ctx.now)? {
                    Ok(())
                } else {
                    Err(AppError::conflict(
                        "invalid_state",
                        "the improvement plan is already closed",
                    ))
                }
            },
        )
    })
}
