//! Diesel queries for leavings, and the facts their checklist reads: the person's latest
//! handover and their advances' outstanding balance.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::advances::balance;
use salesops_domain::leavings::{
    AdvancesSettlement, ChecklistFacts, LeavingDto, LeavingListQuery, LeavingState, PropertyItem,
    checklist,
};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{advances, handovers, leavings, users};
use crate::db::types::Json;
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = leavings)]
pub struct LeavingRow {
    pub id: i64,
    pub user_id: i64,
    pub leaving_on: NaiveDate,
    pub reason: String,
    pub state: LeavingState,
    pub version: i64,
    pub property_json: Json<Vec<PropertyItem>>,
    pub advances_settlement: Option<AdvancesSettlement>,
    pub created_by: i64,
    pub closed_by: Option<i64>,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a person's checklist reads besides the leaving itself.
#[derive(Debug, Clone, Default)]
pub struct PersonFacts {
    /// The latest handover from the person: (handover id, successor id).
    pub handover: Option<(i64, i64)>,
    /// That successor's display name.
    pub successor_name: Option<String>,
    pub advances_outstanding_fen: i64,
}

impl LeavingRow {
    pub fn to_dto(&self, user_name: String, facts: &PersonFacts) -> LeavingDto {
        LeavingDto {
            id: self.id,
            user_id: self.user_id,
            user_name,
            leaving_on: self.leaving_on,
            reason: self.reason.clone(),
            state: self.state,
            version: self.version,
            checklist: checklist(&ChecklistFacts {
                handover: facts.handover,
                successor_name: facts.successor_name.as_deref(),
                property: &self.property_json.0,
                advances_outstanding_fen: facts.advances_outstanding_fen,
                settlement: self.advances_settlement,
            }),
            created_by: self.created_by,
            closed_by: self.closed_by,
            closed_at: self.closed_at.map(clock::utc),
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

/// The columns a step or the checklist sets besides the state and the version.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = leavings)]
pub struct LeavingChangeset {
    pub state: Option<&'static str>,
    pub property_json: Option<String>,
    pub advances_settlement: Option<Option<&'static str>>,
    pub closed_by: Option<Option<i64>>,
    pub closed_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<LeavingRow>> {
    leavings::table
        .find(id)
        .select(LeavingRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(
    tx: &mut Tx<'_>,
    user_id: i64,
    leaving_on: NaiveDate,
    reason: &str,
    by: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(leavings::table)
        .values((
            leavings::user_id.eq(user_id),
            leavings::leaving_on.eq(leaving_on.to_string()),
            leavings::reason.eq(reason),
            leavings::state.eq(LeavingState::Submitted.as_str()),
            leavings::property_json.eq("[]"),
            leavings::created_by.eq(by),
            leavings::created_at.eq(now),
            leavings::updated_at.eq(now),
        ))
        .returning(leavings::id)
        .get_result(tx.conn())
}

pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &LeavingChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(
        leavings::table
            .find(id)
            .filter(leavings::version.eq(version)),
    )
    .set((changes, leavings::version.eq(version + 1)))
    .execute(tx.conn())?;
    Ok(n == 1)
}

/// The person's open leaving (submitted or approved), if any.
pub fn open_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<i64>> {
    leavings::table
        .filter(leavings::user_id.eq(user_id))
        .filter(leavings::state.eq_any([
            LeavingState::Submitted.as_str(),
            LeavingState::Approved.as_str(),
        ]))
        .select(leavings::id)
        .first(conn)
        .optional()
}

/// Serialises filings for one person (PostgreSQL; SQLite's IMMEDIATE transaction already
/// serialises every writer), so two at once leave one open leaving.
pub fn lock_person(tx: &mut Tx<'_>, user_id: i64) -> QueryResult<()> {
    if let DbConn::Postgres(_) = tx.conn() {
        diesel::sql_query("SELECT pg_advisory_xact_lock(13, $1::int4)")
            .bind::<diesel::sql_types::Integer, _>(i32::try_from(user_id).unwrap_or(i32::MAX))
            .execute(tx.conn())?;
    }
    Ok(())
}

pub fn user_name(conn: &mut DbConn, user_id: i64) -> QueryResult<String> {
    users::table
        .find(user_id)
        .select(users::display_name)
        .first(conn)
}

/// The checklist's facts for each of `people`, in two queries: the latest handover from each
/// and the sum of their advances' balances (paid − offset − repaid, never below 0 each).
pub fn facts_of(conn: &mut DbConn, people: &[i64]) -> QueryResult<HashMap<i64, PersonFacts>> {
    let mut out: HashMap<i64, PersonFacts> = people
        .iter()
        .map(|p| (*p, PersonFacts::default()))
        .collect();
    let moved: Vec<(i64, i64, i64, String)> = handovers::table
        .inner_join(users::table.on(users::id.eq(handovers::to_user_id)))
        .filter(handovers::from_user_id.eq_any(people.to_vec()))
        .order(handovers::id.asc())
        .select((
            handovers::id,
            handovers::from_user_id,
            handovers::to_user_id,
            users::display_name,
        ))
        .load(conn)?;
    for (id, from, to, name) in moved {
        let facts = out.entry(from).or_default();
        facts.handover = Some((id, to));
        facts.successor_name = Some(name);
    }
    let owed: Vec<(i64, i64, i64, i64)> = advances::table
        .filter(advances::owner_id.eq_any(people.to_vec()))
        .filter(advances::paid_fen.gt(0))
        .select((
            advances::owner_id,
            advances::paid_fen,
            advances::offset_fen,
            advances::repaid_fen,
        ))
        .load(conn)?;
    for (owner, paid, offset, repaid) in owed {
        let facts = out.entry(owner).or_default();
        facts.advances_outstanding_fen = facts
            .advances_outstanding_fen
            .saturating_add(balance(paid, offset, repaid));
    }
    Ok(out)
}

/// The leaving as the API shows it.
pub fn dto(conn: &mut DbConn, row: &LeavingRow) -> QueryResult<LeavingDto> {
    let facts = facts_of(conn, &[row.user_id])?
        .remove(&row.user_id)
        .unwrap_or_default();
    Ok(row.to_dto(user_name(conn, row.user_id)?, &facts))
}

/// Leavings of `people` (`None`: everyone's), newest first.
type Boxed = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoin<leavings::table, users::table>,
    crate::db::MultiBackend,
>;

/// The leavings a list shows: of `people` (`None`: everyone), not `exclude`'s, filtered.
fn filtered(people: Option<&[i64]>, exclude: Option<i64>, filter: &LeavingListQuery) -> Boxed {
    let mut q = leavings::table.inner_join(users::table).into_boxed();
    if let Some(ids) = people {
        q = q.filter(leavings::user_id.eq_any(ids.to_vec()));
    }
    if let Some(me) = exclude {
        q = q.filter(leavings::user_id.ne(me));
    }
    if let Some(u) = filter.user_id {
        q = q.filter(leavings::user_id.eq(u));
    }
    if let Some(s) = filter.state {
        q = q.filter(leavings::state.eq(s.as_str()));
    }
    q
}

/// How many leavings [`list`] would show and since when the oldest has waited (its last
/// change: a waiting leaving changes only by its steps and HR's checklist).
pub fn waiting(
    conn: &mut DbConn,
    people: Option<&[i64]>,
    exclude: Option<i64>,
    filter: &LeavingListQuery,
) -> QueryResult<list::Waiting> {
    Ok(list::waiting!(
        conn,
        filtered(people, exclude, filter),
        leavings::updated_at.nullable()
    ))
}

pub fn list(
    conn: &mut DbConn,
    people: Option<&[i64]>,
    exclude: Option<i64>,
    filter: &LeavingListQuery,
    page: &PageQuery,
) -> AppResult<Page<LeavingDto>> {
    let build = || filtered(people, exclude, filter);
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = leavings::id,
        changed = leavings::updated_at,
        order = leavings::id.desc(),
        select = (LeavingRow::as_select(), users::display_name),
    );
    let mut people: Vec<i64> = fetched.rows.iter().map(|(r, _)| r.user_id).collect();
    people.sort_unstable();
    people.dedup();
    let facts = facts_of(conn, &people)?;
    let none = PersonFacts::default();
    fetched.into_page(page, |(r, name): (LeavingRow, String)| {
        Ok(r.to_dto(name, facts.get(&r.user_id).unwrap_or(&none)))
    })
}
