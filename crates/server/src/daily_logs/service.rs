use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::daily_logs::{
    CreateDailyLogRequest, DailyLogDto, DailyLogListQuery, UpdateDailyLogRequest,
};
use salesops_domain::{FieldError, Page, PageQuery, Role};

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::daily_logs;
use crate::error::{AppError, AppResult};
use crate::visits::queries::parse_date;

#[derive(Queryable, Selectable)]
#[diesel(table_name = daily_logs)]
struct DailyLogRow {
    id: i64,
    owner_id: i64,
    log_date: String,
    calls_made: i32,
    visits: i32,
    notes: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl DailyLogRow {
    fn into_dto(self) -> AppResult<DailyLogDto> {
        Ok(DailyLogDto {
            id: self.id,
            owner_id: self.owner_id,
            log_date: parse_date(&self.log_date)?,
            calls_made: self.calls_made,
            visits: self.visits,
            notes: self.notes,
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        })
    }
}

fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<DailyLogRow>> {
    Ok(daily_logs::table
        .find(id)
        .select(DailyLogRow::as_select())
        .first(conn)
        .optional()?)
}

/// Calls logged per owner and day in a date range (for progress and reports).
pub fn calls_by_day(
    conn: &mut DbConn,
    owners: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<(i64, String, i32)>> {
    let mut out = Vec::new();
    for chunk in owners.chunks(500) {
        let rows: Vec<(i64, String, i32)> = daily_logs::table
            .filter(daily_logs::owner_id.eq_any(chunk))
            .filter(daily_logs::log_date.ge(from.to_string()))
            .filter(daily_logs::log_date.le(to.to_string()))
            .select((
                daily_logs::owner_id,
                daily_logs::log_date,
                daily_logs::calls_made,
            ))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateDailyLogRequest,
) -> AppResult<DailyLogDto> {
    principal.require_any(&[Role::Salesperson, Role::Manager])?;
    crate::db::transaction(conn, |c| {
        let exists: bool = diesel::select(diesel::dsl::exists(
            daily_logs::table
                .filter(daily_logs::owner_id.eq(principal.user_id))
                .filter(daily_logs::log_date.eq(req.log_date.to_string())),
        ))
        .get_result(c)?;
        if exists {
            return Err(AppError::Conflict {
                code: "duplicate",
                detail: format!("there is already a log for {}", req.log_date),
                errors: vec![FieldError::new("log_date", "taken", "one log per day")],
            });
        }
        let now = clock::now();
        let notes = req
            .notes
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let id: i64 = diesel::insert_into(daily_logs::table)
            .values((
                daily_logs::owner_id.eq(principal.user_id),
                daily_logs::log_date.eq(req.log_date.to_string()),
                daily_logs::calls_made.eq(req.calls_made),
                daily_logs::visits.eq(req.visits),
                daily_logs::notes.eq(notes),
                daily_logs::created_at.eq(now),
                daily_logs::updated_at.eq(now),
            ))
            .returning(daily_logs::id)
            .get_result(c)?;
        let dto = find(c, id)?
            .ok_or(AppError::NotFound("daily log"))?
            .into_dto()?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "daily_log.create",
            "daily_log",
            id,
            None,
            Some(&dto),
        )?;
        Ok(dto)
    })
}

pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    req: &UpdateDailyLogRequest,
) -> AppResult<DailyLogDto> {
    crate::db::transaction(conn, |c| {
        let row = find(c, id)?.ok_or(AppError::NotFound("daily log"))?;
        principal.ensure_owner_in_scope(c, row.owner_id, "daily log")?;
        if row.owner_id != principal.user_id {
            return Err(AppError::forbidden("only its author changes a daily log"));
        }
        let before = row.into_dto()?;
        diesel::update(daily_logs::table.find(id))
            .set((
                daily_logs::calls_made.eq(req.calls_made.unwrap_or(before.calls_made)),
                daily_logs::visits.eq(req.visits.unwrap_or(before.visits)),
                daily_logs::notes.eq(req.notes.clone().or(before.notes.clone())),
                daily_logs::updated_at.eq(clock::now()),
            ))
            .execute(c)?;
        let after = find(c, id)?
            .ok_or(AppError::NotFound("daily log"))?
            .into_dto()?;
        audit::record(
            c,
            &Actor::from(principal),
            "daily_log.update",
            "daily_log",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    filter: &DailyLogListQuery,
    page: PageQuery,
) -> AppResult<Page<DailyLogDto>> {
    principal.require_any(&[Role::Salesperson, Role::Manager, Role::Admin])?;
    let owners = principal.visible_owners(conn)?;
    let build = || {
        let mut q = daily_logs::table.into_boxed();
        if let Some(ids) = &owners {
            q = q.filter(daily_logs::owner_id.eq_any(ids.clone()));
        }
        if let Some(o) = filter.owner_id {
            q = q.filter(daily_logs::owner_id.eq(o));
        }
        if let Some(from) = filter.from {
            q = q.filter(daily_logs::log_date.ge(from.to_string()));
        }
        if let Some(to) = filter.to {
            q = q.filter(daily_logs::log_date.le(to.to_string()));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows: Vec<DailyLogRow> = build()
        .select(DailyLogRow::as_select())
        .order((daily_logs::log_date.desc(), daily_logs::id.desc()))
        .limit(page.limit())
        .offset(page.offset())
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(DailyLogRow::into_dto)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Page::new(items, total, page))
}
