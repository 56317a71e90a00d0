//! Diesel queries for attendance records.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::attendance::{AttendanceDto, AttendanceKind};
use salesops_domain::period::Month;
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{attendance, users};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attendance)]
pub struct AttendanceRow {
    pub id: i64,
    pub user_id: i64,
    pub date: NaiveDate,
    pub kind: AttendanceKind,
    pub note: Option<String>,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

impl AttendanceRow {
    pub fn to_dto(&self, user_name: String) -> AttendanceDto {
        AttendanceDto {
            id: self.id,
            user_id: self.user_id,
            user_name,
            date: self.date,
            kind: self.kind,
            note: self.note.clone(),
            recorded_by: self.recorded_by,
            created_at: clock::utc(self.created_at),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = attendance)]
pub struct NewAttendance<'a> {
    pub user_id: i64,
    pub date: String,
    pub kind: &'static str,
    pub note: Option<&'a str>,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<(AttendanceRow, String)>> {
    attendance::table
        .inner_join(users::table)
        .filter(attendance::id.eq(id))
        .select((AttendanceRow::as_select(), users::display_name))
        .first(conn)
        .optional()
}

/// Whether `user_id` already has a record on `date`.
pub fn taken(conn: &mut DbConn, user_id: i64, date: NaiveDate) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        attendance::table
            .filter(attendance::user_id.eq(user_id))
            .filter(attendance::date.eq(date.to_string())),
    ))
    .get_result(conn)
}

pub fn insert(tx: &mut Tx<'_>, new: &NewAttendance<'_>) -> QueryResult<i64> {
    diesel::insert_into(attendance::table)
        .values(new)
        .returning(attendance::id)
        .get_result(tx.conn())
}

pub fn delete(tx: &mut Tx<'_>, id: i64) -> QueryResult<usize> {
    diesel::delete(attendance::table.find(id)).execute(tx.conn())
}

/// The month's first and last day as stored text (dates sort as text).
fn bounds(month: Month) -> (String, String) {
    (month.first_day().to_string(), month.last_day().to_string())
}

/// The kinds of `user_id`'s records in `month`, one per day.
pub fn kinds_in(conn: &mut DbConn, user_id: i64, month: Month) -> QueryResult<Vec<AttendanceKind>> {
    let (from, to) = bounds(month);
    attendance::table
        .filter(attendance::user_id.eq(user_id))
        .filter(attendance::date.between(from, to))
        .select(attendance::kind)
        .load(conn)
}

/// Records of `users` (`None`: everyone's), optionally one person's and one month's; the
/// newest day first.
pub fn list(
    conn: &mut DbConn,
    users_in: Option<&[i64]>,
    user_id: Option<i64>,
    month: Option<Month>,
    page: &PageQuery,
) -> AppResult<Page<AttendanceDto>> {
    let build = || {
        let mut q = attendance::table.inner_join(users::table).into_boxed();
        if let Some(ids) = users_in {
            q = q.filter(attendance::user_id.eq_any(ids.to_vec()));
        }
        if let Some(u) = user_id {
            q = q.filter(attendance::user_id.eq(u));
        }
        if let Some(m) = month {
            let (from, to) = bounds(m);
            q = q.filter(attendance::date.between(from, to));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = attendance::id,
        changed = attendance::created_at,
        order = (attendance::date.desc(), attendance::id.desc()),
        select = (AttendanceRow::as_select(), users::display_name),
    );
    fetched.into_page(page, |(r, name): (AttendanceRow, String)| {
        Ok::<_, AppError>(r.to_dto(name))
    })
}

pub fn user_exists(conn: &mut DbConn, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.find(user_id))).get_result(conn)
}
