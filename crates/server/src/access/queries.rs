//! The reads that admit a request, and ending sessions (sign-out, disabling, handover).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::Role;

use crate::db::schema::{sessions, user_roles, users};
use crate::db::{DbConn, Tx};

/// What admits a request: the user behind a live session.
pub struct Admitted {
    pub team_id: Option<i64>,
    pub roles: Vec<Role>,
    pub must_change_password: bool,
}

/// A live session's user: their team, roles and whether they must change their password.
/// `None` when the session is revoked or unknown, or the user disabled. One query (a row per
/// role).
pub fn live_session(
    conn: &mut DbConn,
    session_id: i64,
    user_id: i64,
) -> QueryResult<Option<Admitted>> {
    let rows: Vec<(Option<i64>, bool, Option<Role>)> = sessions::table
        .inner_join(users::table.left_join(user_roles::table))
        .filter(sessions::id.eq(session_id))
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(users::disabled_at.is_null())
        .select((
            users::team_id,
            users::must_change_password,
            user_roles::role.nullable(),
        ))
        .load(conn)?;
    let Some((team_id, must_change_password, _)) = rows.first().cloned() else {
        return Ok(None);
    };
    Ok(Some(Admitted {
        team_id,
        must_change_password,
        roles: rows.into_iter().filter_map(|(_, _, role)| role).collect(),
    }))
}

/// An enabled user's team and roles, for work the system does in their name (demo seeding).
pub fn enabled_user(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<Admitted>> {
    let rows: Vec<(Option<i64>, bool, Option<Role>)> = users::table
        .left_join(user_roles::table)
        .filter(users::id.eq(user_id))
        .filter(users::disabled_at.is_null())
        .select((
            users::team_id,
            users::must_change_password,
            user_roles::role.nullable(),
        ))
        .load(conn)?;
    let Some((team_id, must_change_password, _)) = rows.first().cloned() else {
        return Ok(None);
    };
    Ok(Some(Admitted {
        team_id,
        must_change_password,
        roles: rows.into_iter().filter_map(|(_, _, role)| role).collect(),
    }))
}

/// The team of a user (`None` without one, or for an unknown id).
pub fn team_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<i64>> {
    users::table
        .find(user_id)
        .select(users::team_id)
        .first::<Option<i64>>(conn)
        .optional()
        .map(Option::flatten)
}

pub fn revoke_session(
    tx: &mut Tx<'_>,
    session_id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(now),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(tx.conn())
}

/// Revokes every live session of a user, except `keep` (the caller's own, on password change).
pub fn revoke_user_sessions(
    tx: &mut Tx<'_>,
    user_id: i64,
    keep: Option<i64>,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let target = sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::id.ne(keep.unwrap_or(-1)));
    diesel::update(target)
        .set((
            sessions::revoked_at.eq(now),
            sessions::revoked_reason.eq(reason),
        ))
        .execute(tx.conn())
}
