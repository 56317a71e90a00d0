use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::teams::TeamDto;
use salesops_domain::{Page, PageQuery};

use crate::db::list;
use crate::db::schema::teams;
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

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

pub fn insert(tx: &mut Tx<'_>, new: &NewTeam<'_>) -> QueryResult<i64> {
    diesel::insert_into(teams::table)
        .values(new)
        .returning(teams::id)
        .get_result(tx.conn())
}

pub fn update(tx: &mut Tx<'_>, id: i64, changes: &TeamChangeset) -> QueryResult<usize> {
    diesel::update(teams::table.find(id))
        .set(changes)
        .execute(tx.conn())
}

/// `(id, parent_id)` of every team, for cycle checks. Teams are few (an organisation chart).
pub fn tree(conn: &mut DbConn) -> QueryResult<Vec<(i64, Option<i64>)>> {
    teams::table
        .select((teams::id, teams::parent_id))
        .load(conn)
}

/// Teams, optionally only the given ones, ordered by id.
pub fn list(conn: &mut DbConn, only: Option<&[i64]>, page: &PageQuery) -> AppResult<Page<TeamDto>> {
    let build = || {
        let mut q = teams::table.into_boxed();
        if let Some(ids) = only {
            q = q.filter(teams::id.eq_any(ids.to_vec()));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = teams::id,
        changed = teams::updated_at,
        order = teams::id.asc(),
        select = TeamRow::as_select(),
    );
    fetched.into_page(page, |r| Ok(r.into()))
}

/// The manager someone answers to: the manager of their team, or — when they manage it
/// themself, or it has none — of the nearest team above with a manager who is someone
/// else. `None` for someone without a team or with nobody above.
pub fn manager_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<i64>> {
    use crate::db::schema::users;
    let team: Option<Option<i64>> = users::table
        .find(user_id)
        .select(users::team_id)
        .first(conn)
        .optional()?;
    let Some(mut at) = team.flatten() else {
        return Ok(None);
    };
    let tree: Vec<(i64, Option<i64>, Option<i64>)> = teams::table
        .select((teams::id, teams::parent_id, teams::manager_id))
        .load(conn)?;
    // Bounded by the number of teams, so a loop in bad data cannot run forever.
    for _ in 0..=tree.len() {
        let Some(&(_, parent, manager)) = tree.iter().find(|(id, _, _)| *id == at) else {
            return Ok(None);
        };
        if let Some(m) = manager.filter(|m| *m != user_id) {
            return Ok(Some(m));
        }
        match parent {
            Some(p) => at = p,
            None => return Ok(None),
        }
    }
    Ok(None)
}
