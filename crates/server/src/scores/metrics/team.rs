//! The manager's team as the manager's metrics read it: the members of every team in the
//! manager's scope (the teams they manage and those below them, `teams::teams_in_scope`, as
//! `access::Principal` admits a manager), never the manager themself.

use diesel::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::scoring::metrics::MemberScore;
use salesops_domain::teams::teams_in_scope;

use crate::db::DbConn;
use crate::db::schema::{scores, teams, users};
use crate::error::AppResult;

#[derive(Debug, Clone)]
pub struct Member {
    pub id: i64,
    pub name: String,
}

/// The members of the manager's teams, by id (two queries: the team tree, the members).
pub fn members(conn: &mut DbConn, manager_id: i64) -> AppResult<Vec<Member>> {
    let tree: Vec<(i64, Option<i64>, Option<i64>)> = teams::table
        .select((teams::id, teams::parent_id, teams::manager_id))
        .load(conn)?;
    let scope: Vec<i64> = teams_in_scope(manager_id, &tree).into_iter().collect();
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String)> = users::table
        .filter(users::team_id.eq_any(scope))
        .filter(users::id.ne(manager_id))
        .order(users::id.asc())
        .select((users::id, users::display_name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Member { id, name })
        .collect())
}

pub fn name_of(members: &[Member], id: i64) -> String {
    members
        .iter()
        .find(|m| m.id == id)
        .map_or_else(|| format!("#{id}"), |m| m.name.clone())
}

/// The members' scores of the month, whatever their state (one query).
pub fn scores(conn: &mut DbConn, month: Month, members: &[Member]) -> AppResult<Vec<MemberScore>> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = members.iter().map(|m| m.id).collect();
    let rows: Vec<(i64, i64, i64)> = scores::table
        .filter(scores::user_id.eq_any(ids))
        .filter(scores::month.eq(month.to_string()))
        .order(scores::id.asc())
        .select((scores::id, scores::user_id, scores::daily_work))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(score_id, user_id, daily_work)| MemberScore {
            score_id,
            name: name_of(members, user_id),
            daily_work,
        })
        .collect())
}
