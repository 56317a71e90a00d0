//! Score use cases that read: one score, the list, the history, the annual score and who is
//! not scored yet (the alerts are in `alerts`).

use diesel::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::scoring;
use salesops_domain::scoring::rubric::RubricRole;
use salesops_domain::scoring::score::{
    AnnualQuery, AnnualScore, MonthTotal, ScoreDto, ScoreListQuery, ScoreState, ScoreStatus,
    ScoreStatusLine, counts, due_on, points,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::{Ctx, OwnerScope, Principal};
use crate::db::DbConn;
use crate::db::list::Waiting;
use crate::db::schema::{teams, users};
use crate::error::{AppError, AppResult};
use crate::scores::document::read_scope;
use crate::scores::queries::{self as q, ScoreRow};
use crate::scores::service::month;
use crate::workflow;

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ScoreDto> {
    ctx.require(Capability::ScoresRead)?;
    let row = workflow::in_scope::<ScoreRow>(conn, ctx, id)?;
    Ok(row.to_dto(q::user_name(conn, row.user_id)?))
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    ctx.require(Capability::ScoresRead)?;
    workflow::history::<ScoreRow>(conn, ctx, id)
}

/// Members of a team and the teams under it.
fn team_members(conn: &mut DbConn, team_id: i64) -> AppResult<Vec<i64>> {
    let tree = crate::teams::queries::tree(conn)?;
    let mut teams = vec![team_id];
    let mut i = 0;
    while i < teams.len() {
        let parent = teams[i];
        teams.extend(
            tree.iter()
                .filter(|(_, p)| *p == Some(parent))
                .map(|(id, _)| *id),
        );
        i += 1;
    }
    Ok(users::table
        .filter(users::team_id.eq_any(teams))
        .select(users::id)
        .load(conn)?)
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &ScoreListQuery,
    page: &PageQuery,
) -> AppResult<Page<ScoreDto>> {
    ctx.require(Capability::ScoresRead)?;
    if let Some(m) = &filter.month {
        month(m)?;
    }
    let (owners, resolver) = list_scope(conn, ctx, filter)?;
    let members = match filter.team_id {
        Some(team) => Some(team_members(conn, team)?),
        None => None,
    };
    q::list(
        conn,
        owners.as_deref(),
        filter,
        members.as_deref(),
        resolver,
        page,
    )
}

/// The people a list shows and, with `to_resolve`, the resolver: the flow lets HR resolve
/// anyone's dispute and a manager those of the people they manage — an admin only as one of
/// those — never whoever finalized it.
fn list_scope(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &ScoreListQuery,
) -> AppResult<(Option<Vec<i64>>, Option<i64>)> {
    if filter.to_resolve != Some(true) {
        return Ok((Principal::owners_in(conn, read_scope(ctx))?, None));
    }
    let scope = if ctx.has(Role::Hr) {
        OwnerScope::All
    } else {
        let teams = if ctx.has(Role::Manager) {
            ctx.managed_teams.clone()
        } else {
            Default::default()
        };
        OwnerScope::Users {
            me: ctx.user_id,
            teams,
        }
    };
    Ok((Principal::owners_in(conn, scope)?, Some(ctx.user_id)))
}

/// The inbox's counts, each what its list shows: the caller's own finalized scores to
/// acknowledge (`GET /scores?user_id=me&state=finalized`) and the disputes they may resolve
/// (`GET /scores?to_resolve=true`); the latter `None` for whoever may resolve none.
pub fn waiting(conn: &mut DbConn, ctx: &Ctx) -> AppResult<(Waiting, Option<Waiting>)> {
    ctx.require(Capability::ScoresRead)?;
    let mine = ScoreListQuery {
        user_id: Some(ctx.user_id),
        state: Some(ScoreState::Finalized),
        ..ScoreListQuery::default()
    };
    let (owners, resolver) = list_scope(conn, ctx, &mine)?;
    let to_acknowledge = q::waiting(conn, owners.as_deref(), &mine, resolver)?;
    if !(ctx.has(Role::Hr) || ctx.has(Role::Manager)) {
        return Ok((to_acknowledge, None));
    }
    let disputes = ScoreListQuery {
        to_resolve: Some(true),
        ..ScoreListQuery::default()
    };
    let (owners, resolver) = list_scope(conn, ctx, &disputes)?;
    let to_resolve = q::waiting(conn, owners.as_deref(), &disputes, resolver)?;
    Ok((to_acknowledge, Some(to_resolve)))
}

/// 404 unless `user_id`'s scores are the caller's to read.
fn ensure_readable(conn: &mut DbConn, ctx: &Ctx, user_id: i64) -> AppResult<()> {
    if Principal::owner_within(conn, &read_scope(ctx), user_id)? {
        Ok(())
    } else {
        Err(AppError::NotFound("user"))
    }
}

/// The annual score (年度考核, SPEC §6): twelve finalized months ÷ 12, otherwise the average
/// of the months scored with the missing ones listed.
pub fn annual(conn: &mut DbConn, ctx: &Ctx, query: &AnnualQuery) -> AppResult<AnnualScore> {
    ctx.require(Capability::ScoresRead)?;
    let user_id = query.user_id.unwrap_or(ctx.user_id);
    ensure_readable(conn, ctx, user_id)?;
    let months: Vec<Month> = (1..=12).filter_map(|m| Month::new(query.year, m)).collect();
    let texts: Vec<String> = months.iter().map(Month::to_string).collect();
    let rows = q::totals_of(conn, &[user_id], &texts)?;
    let mut scored = Vec::new();
    let mut out = Vec::new();
    for m in &months {
        if let Some((_, _, total, state)) = rows
            .iter()
            .find(|(_, t, _, s)| *t == m.to_string() && counts(*s))
        {
            scored.push((*m, *total));
            out.push(MonthTotal {
                month: m.to_string(),
                total: points(*total),
                state: *state,
            });
        }
    }
    let (average, missing) = scoring::annual(query.year, &scored);
    Ok(AnnualScore {
        user_id,
        year: query.year,
        complete: missing.is_empty(),
        months: out,
        missing_months: missing.iter().map(Month::to_string).collect(),
        average: average.map(points),
    })
}

/// A person who is scored: (id, name, team id, team name, rubric role).
pub(super) type Scored = (i64, String, Option<i64>, Option<String>, RubricRole);

/// The scope of the status report and the alerts: HR and admin everyone, a manager the
/// members of their teams.
pub(super) fn scored_scope(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Option<Vec<i64>>> {
    let scope = if ctx.has(Role::Hr) {
        OwnerScope::All
    } else {
        ctx.owner_scope()
    };
    Principal::owners_in(conn, scope)
}

/// Narrows a boxed query over `users` to who the status report and the alerts are about: the
/// enabled salespeople and managers among `owners` (`Option<&[i64]>`, `None`: everyone), not
/// the caller (`me`).
macro_rules! scored_only {
    ($query:expr, $owners:expr, $me:expr $(,)?) => {{
        use $crate::db::schema::{user_roles, users};
        let mut query = $query
            .filter(users::disabled_at.is_null())
            .filter(users::id.ne($me))
            .filter(
                users::id.eq_any(
                    user_roles::table
                        .filter(user_roles::role.eq_any([
                            salesops_domain::Role::Salesperson.as_str(),
                            salesops_domain::Role::Manager.as_str(),
                        ]))
                        .select(user_roles::user_id),
                ),
            );
        if let Some(owners) = $owners {
            query = query.filter(users::id.eq_any(owners.to_vec()));
        }
        query
    }};
}
pub(super) use scored_only;

/// The people [`scored_only`] keeps, by name (at most 5,000): one statement, then their roles.
pub(super) fn scored_people(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Vec<Scored>> {
    let owners = scored_scope(conn, ctx)?;
    let query = users::table.left_join(teams::table).into_boxed();
    let people: Vec<(i64, String, Option<i64>, Option<String>)> =
        scored_only!(query, owners.as_deref(), ctx.user_id)
            .select((
                users::id,
                users::display_name,
                users::team_id,
                teams::name.nullable(),
            ))
            .order((users::display_name.asc(), users::id.asc()))
            .limit(5_000)
            .load(conn)?;
    let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
    let roles = crate::users::queries::roles_of_many(conn, &ids)?;
    Ok(people
        .into_iter()
        .map(|(id, name, team, team_name)| {
            let role = if roles.get(&id).is_some_and(|r| r.contains(&Role::Manager)) {
                RubricRole::Manager
            } else {
                RubricRole::Salesperson
            };
            (id, name, team, team_name, role)
        })
        .collect())
}

/// Who is not finalized for `month` (no score, or a draft), and who is past the 8th of the
/// next month (SPEC §6: the forms reach HR by then).
pub fn status(conn: &mut DbConn, ctx: &Ctx, month_text: &str) -> AppResult<ScoreStatus> {
    ctx.require(Capability::ScoresSupervise)?;
    let month = month(month_text)?;
    let people = scored_people(conn, ctx)?;
    let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
    let states = q::states_of(conn, &ids, month)?;
    let due = due_on(month);
    let late = ctx.today() > due;
    let (mut finalized, mut acknowledged, mut disputed) = (0, 0, 0);
    let mut pending = Vec::new();
    for (user_id, user_name, team_id, team_name, role) in people {
        let score = states.iter().find(|(u, _, _)| *u == user_id);
        match score.map(|s| s.2) {
            Some(ScoreState::Finalized) => finalized += 1,
            Some(ScoreState::Acknowledged) => acknowledged += 1,
            Some(ScoreState::Disputed) => disputed += 1,
            state => pending.push(ScoreStatusLine {
                user_id,
                user_name,
                team_id,
                team_name,
                role,
                score_id: score.map(|s| s.1),
                state,
                overdue: late,
            }),
        }
    }
    Ok(ScoreStatus {
        month: month.to_string(),
        due_on: due,
        pending,
        finalized,
        acknowledged,
        disputed,
    })
}
