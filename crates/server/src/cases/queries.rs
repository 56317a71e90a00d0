//! Diesel queries for cases, joined to their client (two tables) for scope and names.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::cases::{CaseDto, CaseListQuery, CaseState, OVERDUE_AFTER_HOURS, is_overdue};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{cases, clients};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub id: i64,
    pub client_id: i64,
    pub follow_up_id: Option<i64>,
    pub opened_by: i64,
    pub summary: String,
    pub state: CaseState,
    pub resolution: Option<String>,
    pub opened_at: NaiveDateTime,
    pub escalated_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub escalated_to: Option<i64>,
}

pub fn to_dto(r: CaseRow, client_name: String, owner_id: i64, now: NaiveDateTime) -> CaseDto {
    let state = r.state;
    CaseDto {
        id: r.id,
        client_id: r.client_id,
        client_name,
        owner_id,
        follow_up_id: r.follow_up_id,
        opened_by: r.opened_by,
        summary: r.summary,
        state,
        resolution: r.resolution,
        overdue: is_overdue(state, r.opened_at, now),
        opened_at: clock::utc(r.opened_at),
        escalated_at: r.escalated_at.map(clock::utc),
        escalated_to: r.escalated_to,
        resolved_at: r.resolved_at.map(clock::utc),
        updated_at: clock::utc(r.updated_at),
        version: r.version,
    }
}

pub fn insert(
    tx: &mut Tx<'_>,
    client_id: i64,
    follow_up_id: Option<i64>,
    opened_by: i64,
    summary: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(cases::table)
        .values((
            cases::client_id.eq(client_id),
            cases::follow_up_id.eq(follow_up_id),
            cases::opened_by.eq(opened_by),
            cases::summary.eq(summary),
            cases::state.eq(CaseState::Open.as_str()),
            cases::opened_at.eq(now),
            cases::updated_at.eq(now),
        ))
        .returning(cases::id)
        .get_result(tx.conn())
}

/// The case with its client's name and owner.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<(CaseRow, String, i64)>> {
    cases::table
        .inner_join(clients::table)
        .filter(cases::id.eq(id))
        .select((CaseRow::as_select(), clients::name, clients::owner_id))
        .first(conn)
        .optional()
}

type Boxed = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoin<cases::table, clients::table>,
    crate::db::MultiBackend,
>;

/// The cases a list shows: of clients owned by `owners` (`None`: all) and `team`, filtered.
fn filtered(
    owners: &Option<Vec<i64>>,
    team: &Option<Vec<i64>>,
    filter: &CaseListQuery,
    now: NaiveDateTime,
) -> Boxed {
    let cutoff = now - Duration::hours(OVERDUE_AFTER_HOURS);
    let resolved = CaseState::Resolved.as_str();
    let mut q = cases::table.inner_join(clients::table).into_boxed();
    if let Some(ids) = owners {
        q = q.filter(clients::owner_id.eq_any(ids.clone()));
    }
    if let Some(ids) = team {
        q = q.filter(clients::owner_id.eq_any(ids.clone()));
    }
    if let Some(o) = filter.owner_id {
        q = q.filter(clients::owner_id.eq(o));
    }
    if let Some(id) = filter.client_id {
        q = q.filter(cases::client_id.eq(id));
    }
    if let Some(s) = filter.state {
        q = q.filter(cases::state.eq(s.as_str()));
    }
    match filter.unresolved {
        Some(true) => q = q.filter(cases::state.ne(resolved)),
        Some(false) => q = q.filter(cases::state.eq(resolved)),
        None => {}
    }
    match filter.overdue {
        Some(true) => {
            q = q
                .filter(cases::state.ne(resolved))
                .filter(cases::opened_at.lt(cutoff))
        }
        Some(false) => q = q.filter(cases::state.eq(resolved).or(cases::opened_at.ge(cutoff))),
        None => {}
    }
    q
}

/// How many cases [`list`] would show and when the earliest of them was opened.
pub fn waiting(
    conn: &mut DbConn,
    owners: &Option<Vec<i64>>,
    filter: &CaseListQuery,
    now: NaiveDateTime,
) -> QueryResult<list::Waiting> {
    Ok(list::waiting!(
        conn,
        filtered(owners, &None, filter, now),
        cases::opened_at
    ))
}

/// Cases of clients owned by `owners` (`None`: all), oldest open first.
pub fn list(
    conn: &mut DbConn,
    owners: &Option<Vec<i64>>,
    team: &Option<Vec<i64>>,
    filter: &CaseListQuery,
    page: &PageQuery,
    now: NaiveDateTime,
) -> AppResult<Page<CaseDto>> {
    let build = || filtered(owners, team, filter, now);
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = cases::id,
        changed = cases::updated_at,
        order = (cases::opened_at.asc(), cases::id.asc()),
        select = (CaseRow::as_select(), clients::name, clients::owner_id),
    );
    fetched.into_page(page, |(r, n, o)| Ok(to_dto(r, n, o, now)))
}
