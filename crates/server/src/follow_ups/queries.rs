//! Diesel queries for follow-ups. Lists join follow-ups to their client (two tables) so scope
//! and the client's name come in the same query.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::PageQuery;
use salesops_domain::follow_ups::{FollowUpDto, FollowUpListQuery};

use crate::clock;
use crate::db::DbConn;
use crate::db::schema::{clients, follow_ups};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = follow_ups)]
pub struct FollowUpRow {
    pub id: i64,
    pub client_id: i64,
    pub author_id: i64,
    pub kind: String,
    pub occurred_at: NaiveDateTime,
    pub summary: String,
    pub needs: Option<String>,
    pub complaint: Option<String>,
    pub next_step: Option<String>,
    pub next_follow_up_date: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = follow_ups)]
pub struct NewFollowUp {
    pub client_id: i64,
    pub author_id: i64,
    pub kind: String,
    pub occurred_at: NaiveDateTime,
    pub occurred_on: String,
    pub summary: String,
    pub needs: Option<String>,
    pub complaint: Option<String>,
    pub next_step: Option<String>,
    pub next_follow_up_date: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn to_dto(r: FollowUpRow, client_name: String) -> FollowUpDto {
    FollowUpDto {
        id: r.id,
        client_id: r.client_id,
        client_name,
        author_id: r.author_id,
        kind: r
            .kind
            .parse()
            .unwrap_or(salesops_domain::follow_ups::FollowUpKind::Call),
        occurred_at: clock::utc(r.occurred_at),
        summary: r.summary,
        needs: r.needs,
        complaint: r.complaint,
        next_step: r.next_step,
        next_follow_up_date: r
            .next_follow_up_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        created_at: clock::utc(r.created_at),
    }
}

pub fn insert(conn: &mut DbConn, new: &NewFollowUp) -> QueryResult<i64> {
    diesel::insert_into(follow_ups::table)
        .values(new)
        .returning(follow_ups::id)
        .get_result(conn)
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
/// `limit` `None` returns every row (export).
pub fn list(
    conn: &mut DbConn,
    owners: &Option<Vec<i64>>,
    client_id: Option<i64>,
    filter: &FollowUpListQuery,
    page: Option<PageQuery>,
) -> QueryResult<(Vec<FollowUpDto>, i64)> {
    let build = || {
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
        if let Some(o) = filter.owner_id {
            q = q.filter(clients::owner_id.eq(o));
        }
        if let Some(a) = filter.author_id {
            q = q.filter(follow_ups::author_id.eq(a));
        }
        if let Some(d) = filter.from {
            q = q.filter(follow_ups::occurred_on.ge(d.format("%Y-%m-%d").to_string()));
        }
        if let Some(d) = filter.to {
            q = q.filter(follow_ups::occurred_on.le(d.format("%Y-%m-%d").to_string()));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let mut q = build()
        .select((FollowUpRow::as_select(), clients::name))
        .order((follow_ups::occurred_at.desc(), follow_ups::id.desc()));
    if let Some(p) = page {
        q = q.limit(p.limit()).offset(p.offset());
    }
    let rows: Vec<(FollowUpRow, String)> = q.load(conn)?;
    Ok((rows.into_iter().map(|(r, n)| to_dto(r, n)).collect(), total))
}
