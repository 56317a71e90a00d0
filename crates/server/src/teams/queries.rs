use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::PageQuery;
use salesops_domain::teams::TeamDto;

use crate::db::DbConn;
use crate::db::schema::teams;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = teams)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub region: Option<String>,
    pub manager_id: Option<i64>,
    pub parent_id: Option<i64>,
}

impl From<TeamRow> for TeamDto {
    fn from(r: TeamRow) -> Self {
        TeamDto {
            id: r.id,
            name: r.name,
            region: r.region,
            manager_id: r.manager_id,
            parent_id: r.parent_id,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = teams)]
pub struct NewTeam<'a> {
    pub name: &'a str,
    pub region: Option<&'a str>,
    pub manager_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = teams)]
pub struct TeamChangeset {
    pub name: Option<String>,
    pub region: Option<Option<String>>,
    pub manager_id: Option<Option<i64>>,
    pub parent_id: Option<Option<i64>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<TeamDto>> {
    teams::table
        .find(id)
        .select(TeamRow::as_select())
        .first(conn)
        .optional()
        .map(|r| r.map(Into::into))
}

pub fn insert(conn: &mut DbConn, new: &NewTeam<'_>) -> QueryResult<i64> {
    diesel::insert_into(teams::table)
        .values(new)
        .returning(teams::id)
        .get_result(conn)
}

pub fn update(conn: &mut DbConn, id: i64, changes: &TeamChangeset) -> QueryResult<usize> {
    diesel::update(teams::table.find(id))
        .set(changes)
        .execute(conn)
}

/// `(id, parent_id)` of every team, for cycle checks. Teams are few (an organisation chart).
pub fn tree(conn: &mut DbConn) -> QueryResult<Vec<(i64, Option<i64>)>> {
    teams::table
        .select((teams::id, teams::parent_id))
        .load(conn)
}

/// Teams, optionally only the given ones, ordered by id.
pub fn list(
    conn: &mut DbConn,
    only: Option<&[i64]>,
    page: PageQuery,
) -> QueryResult<(Vec<TeamDto>, i64)> {
    let build = || {
        let mut q = teams::table.into_boxed();
        if let Some(ids) = only {
            q = q.filter(teams::id.eq_any(ids.to_vec()));
        }
        q
    };
    let total = build().count().get_result(conn)?;
    let rows: Vec<TeamRow> = build()
        .select(TeamRow::as_select())
        .order(teams::id.asc())
        .limit(page.limit())
        .offset(page.offset())
        .load(conn)?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}
