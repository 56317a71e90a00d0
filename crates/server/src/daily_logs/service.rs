//! Daily log use cases: one log per person per day, written by its author.

use salesops_domain::daily_logs::{
    CreateDailyLogRequest, DailyLogDto, DailyLogListQuery, UpdateDailyLogRequest,
};
use salesops_domain::text::clean_ref;
use salesops_domain::{Capability, FieldError, Page, PageQuery};

use crate::access::Ctx;
use crate::audit;
use crate::daily_logs::queries::{self as q, NewDailyLog};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};

fn dto(conn: &mut DbConn, id: i64) -> AppResult<DailyLogDto> {
    Ok(q::find(conn, id)?
        .ok_or(AppError::NotFound("daily log"))?
        .into_dto())
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreateDailyLogRequest) -> AppResult<DailyLogDto> {
    ctx.require(Capability::PlansWrite)?;
    crate::db::write(conn, |tx| {
        if q::exists_for(tx, ctx.user_id, req.log_date)? {
            return Err(AppError::Conflict {
                code: "duplicate",
                detail: format!("there is already a log for {}", req.log_date),
                errors: vec![FieldError::new("log_date", "taken", "one log per day")],
            });
        }
        audit::created(
            tx,
            &ctx.actor(),
            "daily_log.create",
            "daily_log",
            |tx| {
                Ok(q::insert(
                    tx,
                    &NewDailyLog {
                        owner_id: ctx.user_id,
                        log_date: req.log_date,
                        calls_made: req.calls_made,
                        visits: req.visits,
                        notes: clean_ref(req.notes.as_deref()),
                        now: ctx.now,
                    },
                )?)
            },
            dto,
        )
    })
}

pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &UpdateDailyLogRequest,
) -> AppResult<DailyLogDto> {
    crate::db::write(conn, |tx| {
        let row = q::find(tx, id)?.ok_or(AppError::NotFound("daily log"))?;
        ctx.ensure_owner_in_scope(tx, row.owner_id, "daily log")?;
        if row.owner_id != ctx.user_id {
            return Err(AppError::forbidden("only its author changes a daily log"));
        }
        audit::changed(
            tx,
            &ctx.actor(),
            "daily_log.update",
            "daily_log",
            id,
            dto,
            |tx, before| {
                q::update(
                    tx,
                    id,
                    req.calls_made.unwrap_or(before.calls_made),
                    req.visits.unwrap_or(before.visits),
                    req.notes.clone().or(before.notes.clone()),
                    ctx.now,
                )?;
                Ok(())
            },
        )
    })
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &DailyLogListQuery,
    page: &PageQuery,
) -> AppResult<Page<DailyLogDto>> {
    ctx.require(Capability::PlansRead)?;
    let owners = ctx.visible_owners(conn)?;
    q::list(conn, &owners, filter, page)
}
