//! What the payroll sheet and the scores report read: each a single statement over everyone
//! (no per-person loop). Signed value and the collection rate come from the contracts' and
//! receivables' own queries.

use std::collections::{BTreeSet, HashMap};

use diesel::prelude::*;
use salesops_domain::Role;
use salesops_domain::advances::balance;
use salesops_domain::leavings::{AdvancesSettlement, LeavingState};
use salesops_domain::period::Month;
use salesops_domain::scoring::score::ScoreState;

use crate::db::DbConn;
use crate::db::schema::{advances, leavings, plans, scores, teams, user_roles, users};
use crate::error::{AppError, AppResult};
use crate::receivables::queries::{self as rq, CollectionSqlRow};
use crate::receivables::sql;

/// Enabled salespeople and managers: the people the sheet always lists.
pub fn enabled_sales_staff(conn: &mut DbConn) -> QueryResult<BTreeSet<i64>> {
    let ids: Vec<i64> = users::table
        .inner_join(user_roles::table)
        .filter(users::disabled_at.is_null())
        .filter(user_roles::role.eq_any(vec![Role::Salesperson.as_str(), Role::Manager.as_str()]))
        .select(users::id)
        .load(conn)?;
    Ok(ids.into_iter().collect())
}

/// Who someone is on a sheet: name and team.
pub struct Person {
    pub name: String,
    pub team: Option<String>,
}

pub fn people(conn: &mut DbConn, ids: &BTreeSet<i64>) -> QueryResult<HashMap<i64, Person>> {
    let rows: Vec<(i64, String, Option<String>)> = users::table
        .left_join(teams::table)
        .filter(users::id.eq_any(ids.iter().copied().collect::<Vec<_>>()))
        .select((users::id, users::display_name, teams::name.nullable()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, team)| (id, Person { name, team }))
        .collect())
}

/// A month's score as the sheets read it.
pub struct ScoreLine {
    pub user_id: i64,
    pub role: salesops_domain::scoring::rubric::RubricRole,
    pub state: ScoreState,
    pub daily_work: i64,
    pub attendance: i64,
    pub total: i64,
}

fn stored<T: std::str::FromStr>(text: &str, column: &str) -> AppResult<T> {
    text.parse().map_err(|_| {
        AppError::Internal(format!("stored value `{text}` in {column} does not parse"))
    })
}

/// The scores of `month`, of `users_in` only when given.
pub fn scores_of(
    conn: &mut DbConn,
    month: Month,
    users_in: Option<&[i64]>,
) -> AppResult<Vec<ScoreLine>> {
    let mut q = scores::table
        .filter(scores::month.eq(month.to_string()))
        .into_boxed();
    if let Some(ids) = users_in {
        q = q.filter(scores::user_id.eq_any(ids.to_vec()));
    }
    let rows: Vec<(i64, String, String, i64, i64, i64)> = q
        .select((
            scores::user_id,
            scores::role,
            scores::state,
            scores::daily_work,
            scores::attendance,
            scores::total,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(user_id, role, state, daily_work, attendance, total)| {
            Ok(ScoreLine {
                user_id,
                role: stored(&role, "scores.role")?,
                state: stored(&state, "scores.state")?,
                daily_work,
                attendance,
                total,
            })
        })
        .collect()
}

/// The monthly plans' sales targets of `month`, per owner (plans without one are absent).
pub fn targets(conn: &mut DbConn, month: Month) -> QueryResult<HashMap<i64, i64>> {
    let rows: Vec<(i64, Option<i64>)> = plans::table
        .filter(plans::kind.eq(salesops_domain::plans::PlanKind::Monthly.as_str()))
        .filter(plans::period.eq(month.to_string()))
        .select((plans::owner_id, plans::sales_target))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(owner, target)| target.map(|t| (owner, t)))
        .collect())
}

/// (received, due) per owner for the lines falling due in `month`: the statement of
/// `GET /reports/collections`.
pub fn collected(conn: &mut DbConn, month: Month) -> AppResult<HashMap<i64, (i64, i64)>> {
    let rows: Vec<CollectionSqlRow> = rq::load(
        conn,
        sql::collections(month.first_day(), month.last_day(), None),
    )?;
    Ok(rows
        .into_iter()
        .map(|r| (r.owner_id, (r.received_fen, r.due_fen)))
        .collect())
}

/// The final settlement of leavers: for each person whose leaving falls in `month` with
/// their advances to be offset (a leaving rejected or withdrawn settles nothing), the outstanding balance of their paid advances.
pub fn advance_offsets(conn: &mut DbConn, month: Month) -> QueryResult<HashMap<i64, i64>> {
    let leavers: Vec<i64> = leavings::table
        .filter(leavings::leaving_on.ge(month.first_day().to_string()))
        .filter(leavings::leaving_on.le(month.last_day().to_string()))
        .filter(leavings::advances_settlement.eq(AdvancesSettlement::Offset.as_str()))
        .filter(leavings::state.ne_all([
            LeavingState::Rejected.as_str(),
            LeavingState::Cancelled.as_str(),
        ]))
        .select(leavings::user_id)
        .load(conn)?;
    let mut out: HashMap<i64, i64> = leavers.iter().map(|u| (*u, 0)).collect();
    if leavers.is_empty() {
        return Ok(out);
    }
    let rows: Vec<(i64, i64, i64, i64)> = advances::table
        .filter(advances::owner_id.eq_any(leavers))
        .filter(advances::state.eq(salesops_domain::advances::AdvanceState::Paid.as_str()))
        .select((
            advances::owner_id,
            advances::paid_fen,
            advances::offset_fen,
            advances::repaid_fen,
        ))
        .load(conn)?;
    for (owner, paid, offset, repaid) in rows {
        let sum = out.entry(owner).or_insert(0);
        *sum = sum.saturating_add(balance(paid, offset, repaid));
    }
    Ok(out)
}
