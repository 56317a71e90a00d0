//! Attendance use cases: record a day (HR and admin anyone, a manager the members of their
//! teams, nobody themself), remove one entered by mistake, list, the month's summary.

use salesops_domain::attendance::{
    AttendanceDto, AttendanceKind, AttendanceListQuery, AttendanceRequest, AttendanceSummary,
    AttendanceSummaryQuery,
};
use salesops_domain::period::Month;
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::{Ctx, OwnerScope, Principal};
use crate::attendance::queries::{self as q, NewAttendance};
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

fn load(conn: &mut DbConn, id: i64) -> AppResult<AttendanceDto> {
    let (row, name) = q::find(conn, id)?.ok_or(AppError::NotFound("attendance"))?;
    Ok(row.to_dto(name))
}

/// Whose records the caller reads: HR and admin everyone's; anyone else their own and, for a
/// manager, the members of their teams.
fn read_scope(ctx: &Ctx) -> OwnerScope {
    if ctx.has(Role::Hr) || ctx.is_admin() {
        OwnerScope::All
    } else {
        ctx.owner_scope()
    }
}

/// 404 unless `user_id`'s records are in the caller's scope.
fn ensure_readable(conn: &mut DbConn, ctx: &Ctx, user_id: i64) -> AppResult<()> {
    if Principal::owner_within(conn, &read_scope(ctx), user_id)? {
        Ok(())
    } else {
        Err(AppError::NotFound("user"))
    }
}

fn not_own(ctx: &Ctx, user_id: i64) -> AppResult<()> {
    if user_id == ctx.user_id {
        Err(AppError::forbidden(
            "nobody records or removes their own attendance",
        ))
    } else {
        Ok(())
    }
}

/// 403 for the caller's own; 422 naming `user_id` unless the caller may record the person's
/// attendance (HR and admin: anyone; a manager: a member of their teams).
fn ensure_recordable(conn: &mut DbConn, ctx: &Ctx, user_id: i64) -> AppResult<()> {
    not_own(ctx, user_id)?;
    let may = if ctx.has(Role::Hr) || ctx.is_admin() {
        q::user_exists(conn, user_id)?
    } else {
        ctx.manages(conn, user_id)?
    };
    if may {
        Ok(())
    } else {
        Err(AppError::validation(
            "user_id",
            "not_found",
            "no such person among those whose attendance you record",
        ))
    }
}

fn month(text: &str) -> AppResult<Month> {
    text.parse()
        .map_err(|_| AppError::validation("month", "month", "a month like 2026-11"))
}

/// Record a day someone was absent or away half a day; one record per person and day.
pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &AttendanceRequest) -> AppResult<AttendanceDto> {
    ctx.require(Capability::AttendanceManage)?;
    let note = salesops_domain::text::clean_ref(req.note.as_deref());
    db::write(conn, |tx| {
        ensure_recordable(tx, ctx, req.user_id)?;
        if q::taken(tx, req.user_id, req.date)? {
            return Err(AppError::validation(
                "date",
                "taken",
                "this person already has an attendance record on this day",
            ));
        }
        audit::created(
            tx,
            &ctx.actor(),
            "attendance.create",
            "attendance",
            |tx| {
                Ok(q::insert(
                    tx,
                    &NewAttendance {
                        user_id: req.user_id,
                        date: req.date.to_string(),
                        kind: req.kind.as_str(),
                        note,
                        recorded_by: ctx.user_id,
                        created_at: ctx.now,
                    },
                )?)
            },
            load,
        )
    })
}

/// Remove a record entered by mistake (whoever may record the person's attendance).
pub fn remove(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require(Capability::AttendanceManage)?;
    db::write(conn, |tx| {
        let (row, name) = q::find(tx, id)?.ok_or(AppError::NotFound("attendance"))?;
        ensure_readable(tx, ctx, row.user_id).map_err(|_| AppError::NotFound("attendance"))?;
        not_own(ctx, row.user_id)?;
        let before = row.to_dto(name);
        q::delete(tx, id)?;
        audit::record::<_, ()>(
            tx,
            &ctx.actor(),
            "attendance.delete",
            "attendance",
            id,
            Some(&before),
            None,
        )
    })
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &AttendanceListQuery,
    page: &PageQuery,
) -> AppResult<Page<AttendanceDto>> {
    ctx.require(Capability::AttendanceRead)?;
    if let Some(u) = filter.user_id {
        ensure_readable(conn, ctx, u)?;
    }
    let m = filter.month.as_deref().map(month).transpose()?;
    let users = Principal::owners_in(conn, read_scope(ctx))?;
    q::list(conn, users.as_deref(), filter.user_id, m, page)
}

/// A person's days absent and half days in `month` and the attendance score they make.
pub fn summary_of(conn: &mut DbConn, user_id: i64, month: Month) -> AppResult<AttendanceSummary> {
    let kinds = q::kinds_in(conn, user_id, month)?;
    let count = |k: AttendanceKind| kinds.iter().filter(|x| **x == k).count() as i64;
    Ok(AttendanceSummary::of(
        user_id,
        month.to_string(),
        count(AttendanceKind::Absent),
        count(AttendanceKind::HalfDay),
    ))
}

pub fn summary(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &AttendanceSummaryQuery,
) -> AppResult<AttendanceSummary> {
    ctx.require(Capability::AttendanceRead)?;
    let user_id = query.user_id.unwrap_or(ctx.user_id);
    ensure_readable(conn, ctx, user_id)?;
    if !q::user_exists(conn, user_id)? {
        return Err(AppError::NotFound("user"));
    }
    summary_of(conn, user_id, month(&query.month)?)
}
