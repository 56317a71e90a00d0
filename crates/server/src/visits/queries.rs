//! Diesel queries for visits.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::plans::SnapshotVisit;
use salesops_domain::visits::{VisitDto, VisitListQuery, VisitStatus};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{clients, spot_checks, visits};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = visits)]
pub struct VisitRow {
    pub id: i64,
    pub plan_id: Option<i64>,
    pub owner_id: i64,
    pub client_id: i64,
    pub planned_date: NaiveDate,
    pub time_from: Option<String>,
    pub time_to: Option<String>,
    pub purpose: Option<String>,
    pub place: Option<String>,
    pub status: VisitStatus,
    pub unplanned: bool,
    pub rescheduled_from: Option<NaiveDate>,
    pub completed_at: Option<NaiveDateTime>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub off_site: bool,
    pub no_location: bool,
    pub distance_m: Option<i64>,
    pub miss_reason: Option<String>,
    pub follow_up_id: Option<i64>,
    pub false_report: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

impl VisitRow {
    pub fn flagged(&self) -> bool {
        self.off_site || self.no_location || self.unplanned
    }

    pub fn to_dto(&self, client_name: String) -> VisitDto {
        VisitDto {
            id: self.id,
            plan_id: self.plan_id,
            owner_id: self.owner_id,
            client_id: self.client_id,
            client_name,
            planned_date: self.planned_date,
            time_from: self.time_from.clone(),
            time_to: self.time_to.clone(),
            purpose: self.purpose.clone(),
            place: self.place.clone(),
            status: self.status,
            unplanned: self.unplanned,
            rescheduled: self.rescheduled_from.is_some(),
            rescheduled_from: self.rescheduled_from,
            completed_at: self.completed_at.map(clock::utc),
            latitude: self.latitude,
            longitude: self.longitude,
            off_site: self.off_site,
            no_location: self.no_location,
            distance_m: self.distance_m,
            miss_reason: self.miss_reason.clone(),
            follow_up_id: self.follow_up_id,
            false_report: self.false_report,
            version: self.version,
        }
    }

    pub fn snapshot(&self) -> SnapshotVisit {
        SnapshotVisit {
            visit_id: self.id,
            client_id: self.client_id,
            planned_date: self.planned_date,
            purpose: self.purpose.clone(),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = visits)]
pub struct NewVisit<'a> {
    pub plan_id: Option<i64>,
    pub owner_id: i64,
    pub client_id: i64,
    pub planned_date: String,
    pub time_from: Option<&'a str>,
    pub time_to: Option<&'a str>,
    pub purpose: Option<&'a str>,
    pub place: Option<&'a str>,
    pub status: &'a str,
    pub unplanned: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = visits)]
pub struct VisitChangeset {
    pub status: Option<&'static str>,
    pub planned_date: Option<String>,
    pub rescheduled_from: Option<Option<String>>,
    pub completed_at: Option<Option<NaiveDateTime>>,
    pub latitude: Option<Option<f64>>,
    pub longitude: Option<Option<f64>>,
    pub off_site: Option<bool>,
    pub no_location: Option<bool>,
    pub distance_m: Option<Option<i64>>,
    pub miss_reason: Option<Option<String>>,
    pub follow_up_id: Option<Option<i64>>,
    pub false_report: Option<bool>,
    pub owner_id: Option<i64>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<VisitRow>> {
    visits::table
        .find(id)
        .select(VisitRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(tx: &mut Tx<'_>, new: &NewVisit<'_>) -> QueryResult<i64> {
    diesel::insert_into(visits::table)
        .values(new)
        .returning(visits::id)
        .get_result(tx.conn())
}

/// Applies `changes` if the visit is still at `version` (bumping it); false when it was not.
pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &VisitChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(visits::table.find(id).filter(visits::version.eq(version)))
        .set((changes, visits::version.eq(version + 1)))
        .execute(tx.conn())?;
    Ok(n == 1)
}

pub fn of_plan(conn: &mut DbConn, plan_id: i64) -> QueryResult<Vec<VisitRow>> {
    visits::table
        .filter(visits::plan_id.eq(plan_id))
        .select(VisitRow::as_select())
        .order((visits::planned_date.asc(), visits::id.asc()))
        .load(conn)
}

/// Client names for many visits in one query.
pub fn client_names(conn: &mut DbConn, rows: &[VisitRow]) -> QueryResult<HashMap<i64, String>> {
    let mut ids: Vec<i64> = rows.iter().map(|r| r.client_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let pairs: Vec<(i64, String)> = clients::table
            .filter(clients::id.eq_any(chunk))
            .select((clients::id, clients::name))
            .load(conn)?;
        out.extend(pairs);
    }
    Ok(out)
}

pub fn to_dtos(conn: &mut DbConn, rows: &[VisitRow]) -> AppResult<Vec<VisitDto>> {
    let names = client_names(conn, rows)?;
    Ok(rows
        .iter()
        .map(|r| r.to_dto(names.get(&r.client_id).cloned().unwrap_or_default()))
        .collect())
}

pub type Boxed = diesel::dsl::IntoBoxed<'static, visits::table, crate::db::MultiBackend>;

/// The visits a list shows: of `owners` (`None`: everyone), filtered, planned within `range`;
/// with `to_check`, only done and unchecked ones, never the caller's own (`me`).
fn filtered(
    owners: Option<&[i64]>,
    me: i64,
    filter: &VisitListQuery,
    range: Option<(NaiveDate, NaiveDate)>,
) -> Boxed {
    let mut q = visits::table.into_boxed();
    if let Some(ids) = owners {
        q = q.filter(visits::owner_id.eq_any(ids.to_vec()));
    }
    if let Some(o) = filter.owner_id {
        q = q.filter(visits::owner_id.eq(o));
    }
    if let Some(p) = filter.plan_id {
        q = q.filter(visits::plan_id.eq(p));
    }
    if let Some(c) = filter.client_id {
        q = q.filter(visits::client_id.eq(c));
    }
    if let Some(s) = filter.status {
        q = q.filter(visits::status.eq(s.as_str()));
    }
    if let Some((from, to)) = range {
        q = q
            .filter(visits::planned_date.ge(from.to_string()))
            .filter(visits::planned_date.le(to.to_string()));
    }
    if filter.flagged == Some(true) {
        q = q.filter(
            visits::off_site
                .eq(true)
                .or(visits::no_location.eq(true))
                .or(visits::unplanned.eq(true)),
        );
    }
    if filter.to_check == Some(true) {
        // The spot-check sample's rule: done, no check recorded, someone else's.
        q = q
            .filter(visits::status.eq(VisitStatus::Done.as_str()))
            .filter(visits::owner_id.ne(me))
            .filter(visits::id.ne_all(spot_checks::table.select(spot_checks::visit_id)));
    }
    q
}

/// The visits still to spot-check among those planned from `from` to `to` (`to_check`): what
/// the week's sample is drawn from.
pub fn to_check(owners: Option<&[i64]>, me: i64, from: NaiveDate, to: NaiveDate) -> Boxed {
    let filter = VisitListQuery {
        to_check: Some(true),
        ..VisitListQuery::default()
    };
    filtered(owners, me, &filter, Some((from, to)))
}

/// How many visits [`list`] would show and the earliest completion among them.
pub fn waiting(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    me: i64,
    filter: &VisitListQuery,
    range: Option<(NaiveDate, NaiveDate)>,
) -> QueryResult<list::Waiting> {
    Ok(list::waiting!(
        conn,
        filtered(owners, me, filter, range),
        visits::completed_at
    ))
}

pub fn list(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    me: i64,
    filter: &VisitListQuery,
    range: Option<(NaiveDate, NaiveDate)>,
    page: &PageQuery,
) -> AppResult<Page<VisitDto>> {
    let build = || filtered(owners, me, filter, range);
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = visits::id,
        changed = visits::updated_at,
        order = (visits::planned_date.asc(), visits::id.asc()),
        select = VisitRow::as_select(),
    );
    let names = client_names(conn, &fetched.rows)?;
    fetched.into_page(page, |r| {
        Ok(r.to_dto(names.get(&r.client_id).cloned().unwrap_or_default()))
    })
}

/// Visits of some owners within a date range (for progress and summaries).
pub fn in_range(
    conn: &mut DbConn,
    owners: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<VisitRow>> {
    let mut out = Vec::new();
    for chunk in owners.chunks(500) {
        let rows: Vec<VisitRow> = visits::table
            .filter(visits::owner_id.eq_any(chunk))
            .filter(visits::planned_date.ge(from.to_string()))
            .filter(visits::planned_date.le(to.to_string()))
            .select(VisitRow::as_select())
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

pub fn delete(tx: &mut Tx<'_>, id: i64) -> QueryResult<usize> {
    diesel::delete(visits::table.find(id)).execute(tx.conn())
}
