//! Diesel queries for follow-ups. Lists join follow-ups to their client (two tables) so scope
//! and the client's name come in the same query.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::follow_ups::{CollectionMethod, FollowUpDto, FollowUpKind, FollowUpListQuery};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{clients, follow_ups};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = follow_ups)]
pub struct FollowUpRow {
    pub id: i64,
    pub client_id: i64,
    pub author_id: i64,
    pub kind: FollowUpKind,
    pub occurred_at: NaiveDateTime,
    pub summary: String,
    pub needs: Option<String>,
    pub complaint: Option<String>,
    pub next_step: Option<String>,
    pub next_follow_up_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub contract_id: Option<i64>,
    pub method: Option<CollectionMethod>,
}

#[derive(Insertable)]
#[diesel(table_name = follow_ups)]
pub struct NewFollowUp {
    pub client_id: i64,
    pub author_id: i64,
    pub kind: &'static str,
    pub occurred_at: NaiveDateTime,
    pub occurred_on: String,
    pub summary: String,
    pub needs: Option<String>,
    pub complaint: Option<String>,
    pub next_step: Option<String>,
    pub next_follow_up_date: Option<String>,
    pub created_at: NaiveDateTime,
    pub contract_id: Option<i64>,
    pub method: Option<&'static str>,
}

pub fn to_dto(r: FollowUpRow, client_name: String) -> FollowUpDto {
    FollowUpDto {
        id: r.id,
        client_id: r.client_id,
        client_name,
        author_id: r.author_id,
        kind: r.kind,
        occurred_at: clock::utc(r.occurred_at),
        summary: r.summary,
        needs: r.needs,
        complaint: r.complaint,
        next_step: r.next_step,
        next_follow_up_date: r.next_follow_up_date,
        contract_id: r.contract_id,
        method: r.method,
        created_at: clock::utc(r.created_at),
    }
}

pub fn insert(tx: &mut Tx<'_>, new: &NewFollowUp) -> QueryResult<i64> {
    diesel::insert_into(follow_ups::table)
        .values(new)
        .returning(follow_ups::id)
        .get_result(tx.conn())
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<(FollowUpRow, String)>> {
    follow_ups::table
        .inner_join(clients::table)
        .filter(follow_ups::id.eq(id))
        .select((FollowUpRow::as_select(), clients::name))
        .first(conn)
        .optional()
}

/// Follow-ups of clients owned by `owners` (`None`: everyone), filtered; newest first.
type Boxed = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoin<follow_ups::table, clients::table>,
    crate::db::MultiBackend,
>;

fn filtered(
    owners: &Option<Vec<i64>>,
    client_id: Option<i64>,
    filter: &FollowUpListQuery,
) -> Boxed {
    let mut q = follow_ups::table.inner_join(clients::table).into_boxed();
    if let Some(ids) = owners {
        q = q.filter(clients::owner_id.eq_any(ids.clone()));
    }
    if let Some(id) = client_id {
        q = q.filter(follow_ups::client_id.eq(id));
    }
    if let Some(k) = filter.kind {
        q = q.filter(follow_ups::kind.eq(k.as_str()));
    }
    if let Some(c) = filter.contract_id {
        q = q.filter(follow_ups::contract_id.eq(c));
    }
    if let Some(o) = filter.owner_id {
        q = q.filter(clients::owner_id.eq(o));
    }
    if let Some(a) = filter.author_id {
        q = q.filter(follow_ups::author_id.eq(a));
    }
    if let Some(d) = filter.from {
        q = q.filter(follow_ups::occurred_on.ge(d.to_string()));
    }
    if let Some(d) = filter.to {
        q = q.filter(follow_ups::occurred_on.le(d.to_string()));
    }
    q
}

/// One page, newest first.
pub fn list(
    conn: &mut DbConn,
    owners: &Option<Vec<i64>>,
    client_id: Option<i64>,
    filter: &FollowUpListQuery,
    page: &PageQuery,
) -> AppResult<Page<FollowUpDto>> {
    let fetched = list::fetch!(
        conn,
        page,
        || filtered(owners, client_id, filter),
        id = follow_ups::id,
        changed = follow_ups::created_at,
        order = (follow_ups::occurred_at.desc(), follow_ups::id.desc()),
        select = (FollowUpRow::as_select(), clients::name),
    );
    fetched.into_page(page, |(r, n)| Ok(to_dto(r, n)))
}

/// Every matching row, newest first, at most `cap` (an export); `None` when there are more.
pub fn all(
    conn: &mut DbConn,
    owners: &Option<Vec<i64>>,
    filter: &FollowUpListQuery,
    cap: i64,
) -> QueryResult<Option<Vec<FollowUpDto>>> {
    let rows: Vec<(FollowUpRow, String)> = filtered(owners, None, filter)
        .select((FollowUpRow::as_select(), clients::name))
        .order((follow_ups::occurred_at.desc(), follow_ups::id.desc()))
        .limit(cap + 1)
        .load(conn)?;
    if rows.len() as i64 > cap {
        return Ok(None);
    }
    Ok(Some(rows.into_iter().map(|(r, n)| to_dto(r, n)).collect()))
}
