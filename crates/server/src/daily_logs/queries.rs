//! Diesel queries for daily logs.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::daily_logs::{DailyLogDto, DailyLogListQuery};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::daily_logs;
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Queryable, Selectable)]
#[diesel(table_name = daily_logs)]
pub struct DailyLogRow {
    pub id: i64,
    pub owner_id: i64,
    pub log_date: NaiveDate,
    pub calls_made: i32,
    pub visits: i32,
    pub notes: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl DailyLogRow {
    pub fn into_dto(self) -> DailyLogDto {
        DailyLogDto {
            id: self.id,
            owner_id: self.owner_id,
            log_date: self.log_date,
            calls_made: self.calls_made,
            visits: self.visits,
            notes: self.notes,
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<DailyLogRow>> {
    daily_logs::table
        .find(id)
        .select(DailyLogRow::as_select())
        .first(conn)
        .optional()
}

pub fn exists_for(conn: &mut DbConn, owner_id: i64, day: NaiveDate) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        daily_logs::table
            .filter(daily_logs::owner_id.eq(owner_id))
            .filter(daily_logs::log_date.eq(day.to_string())),
    ))
    .get_result(conn)
}

pub struct NewDailyLog<'a> {
    pub owner_id: i64,
    pub log_date: NaiveDate,
    pub calls_made: i32,
    pub visits: i32,
    pub notes: Option<&'a str>,
    pub now: NaiveDateTime,
}

pub fn insert(tx: &mut Tx<'_>, new: &NewDailyLog<'_>) -> QueryResult<i64> {
    diesel::insert_into(daily_logs::table)
        .values((
            daily_logs::owner_id.eq(new.owner_id),
            daily_logs::log_date.eq(new.log_date.to_string()),
            daily_logs::calls_made.eq(new.calls_made),
            daily_logs::visits.eq(new.visits),
            daily_logs::notes.eq(new.notes),
            daily_logs::created_at.eq(new.now),
            daily_logs::updated_at.eq(new.now),
        ))
        .returning(daily_logs::id)
        .get_result(tx.conn())
}

pub fn update(
    tx: &mut Tx<'_>,
    id: i64,
    calls_made: i32,
    visits: i32,
    notes: Option<String>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(daily_logs::table.find(id))
        .set((
            daily_logs::calls_made.eq(calls_made),
            daily_logs::visits.eq(visits),
            daily_logs::notes.eq(notes),
            daily_logs::updated_at.eq(now),
        ))
        .execute(tx.conn())
}

/// Calls logged per owner and day (`YYYY-MM-DD`) in a date range (progress and reports).
pub fn calls_by_day(
    conn: &mut DbConn,
    owners: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(i64, String, i32)>> {
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

pub fn list(
    conn: &mut DbConn,
    owners: &Option<Vec<i64>>,
    filter: &DailyLogListQuery,
    page: &PageQuery,
) -> AppResult<Page<DailyLogDto>> {
    let build = || {
        let mut q = daily_logs::table.into_boxed();
        if let Some(ids) = owners {
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
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = daily_logs::id,
        changed = daily_logs::updated_at,
        order = (daily_logs::log_date.desc(), daily_logs::id.desc()),
        select = DailyLogRow::as_select(),
    );
    fetched.into_page(page, |r| Ok(r.into_dto()))
}
