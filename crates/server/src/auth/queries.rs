//! Diesel queries for sessions, refresh tokens and failed sign-ins.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{login_failures, refresh_tokens, sessions, user_roles, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: i64,
    pub session_id: i64,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

pub fn create_session(conn: &mut DbConn, user_id: i64, now: NaiveDateTime) -> QueryResult<i64> {
    diesel::insert_into(sessions::table)
        .values((sessions::user_id.eq(user_id), sessions::created_at.eq(now)))
        .returning(sessions::id)
        .get_result(conn)
}

/// A live session's user: their team and role names. `None` when the session is revoked or
/// unknown, or the user disabled. The one query that admits a request (one row per role).
pub fn live_session(
    conn: &mut DbConn,
    session_id: i64,
    user_id: i64,
) -> QueryResult<Option<(Option<i64>, Vec<String>)>> {
    let rows: Vec<(Option<i64>, Option<String>)> = sessions::table
        .inner_join(users::table.left_join(user_roles::table))
        .filter(sessions::id.eq(session_id))
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(users::disabled_at.is_null())
        .select((users::team_id, user_roles::role.nullable()))
        .load(conn)?;
    let Some(team_id) = rows.first().map(|r| r.0) else {
        return Ok(None);
    };
    Ok(Some((
        team_id,
        rows.into_iter().filter_map(|(_, role)| role).collect(),
    )))
}

pub fn session_owner(
    conn: &mut DbConn,
    session_id: i64,
) -> QueryResult<Option<(i64, Option<NaiveDateTime>)>> {
    sessions::table
        .find(session_id)
        .select((sessions::user_id, sessions::revoked_at))
        .first(conn)
        .optional()
}

pub fn revoke_session(
    conn: &mut DbConn,
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
    .execute(conn)
}

/// Revokes every live session of a user, except `keep` (the caller's own, on password change).
pub fn revoke_user_sessions(
    conn: &mut DbConn,
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
        .execute(conn)
}

pub fn insert_refresh_token(
    conn: &mut DbConn,
    session_id: i64,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find_refresh_token(
    conn: &mut DbConn,
    token_hash: &str,
) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a refresh token used. Returns false when it already was (a concurrent or replayed use).
pub fn mark_used(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn record_failure(conn: &mut DbConn, username: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::username.eq(username),
            login_failures::failed_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Failed sign-ins for a username since `since`, oldest first.
pub fn failures_since(
    conn: &mut DbConn,
    username: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<NaiveDateTime>> {
    login_failures::table
        .filter(login_failures::username.eq(username))
        .filter(login_failures::failed_at.ge(since))
        .select(login_failures::failed_at)
        .order(login_failures::failed_at.asc())
        .load(conn)
}

pub fn clear_failures(conn: &mut DbConn, username: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::username.eq(username)))
        .execute(conn)?;
    Ok(())
}
