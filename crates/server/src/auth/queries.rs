//! Diesel queries for sessions, refresh tokens and failed sign-ins.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::schema::{login_failures, refresh_tokens, sessions};
use crate::db::{DbConn, Tx};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: i64,
    pub session_id: i64,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

pub fn create_session(tx: &mut Tx<'_>, user_id: i64, now: NaiveDateTime) -> QueryResult<i64> {
    diesel::insert_into(sessions::table)
        .values((sessions::user_id.eq(user_id), sessions::created_at.eq(now)))
        .returning(sessions::id)
        .get_result(tx.conn())
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

pub fn insert_refresh_token(
    tx: &mut Tx<'_>,
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
        .execute(tx.conn())?;
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
pub fn mark_used(tx: &mut Tx<'_>, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(tx.conn())?;
    Ok(n == 1)
}

/// Serialises sign-in attempts on the same keys until the transaction ends, so that counting
/// failures and recording an attempt cannot interleave. SQLite's IMMEDIATE transaction
/// already serialises every writer; PostgreSQL takes transaction-scoped advisory locks, in
/// key order (no deadlock between two attempts).
pub fn lock_attempt_keys(tx: &mut Tx<'_>, keys: &mut [i64]) -> QueryResult<()> {
    if let DbConn::Postgres(_) = tx.conn() {
        keys.sort_unstable();
        for key in keys.iter() {
            diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                .bind::<BigInt, _>(*key)
                .execute(tx.conn())?;
        }
    }
    Ok(())
}

/// Recorded attempts (failures, and attempts not yet known to have succeeded) since `since`:
/// for this username from this address, and from this address for any username.
pub fn attempts_since(
    conn: &mut DbConn,
    username: &str,
    addr: &str,
    since: NaiveDateTime,
) -> QueryResult<(Vec<NaiveDateTime>, Vec<NaiveDateTime>)> {
    let from_addr: Vec<(String, NaiveDateTime)> = login_failures::table
        .filter(login_failures::client_addr.eq(addr))
        .filter(login_failures::failed_at.ge(since))
        .select((login_failures::username, login_failures::failed_at))
        .order(login_failures::failed_at.asc())
        .load(conn)?;
    let for_user = from_addr
        .iter()
        .filter(|(u, _)| u == username)
        .map(|(_, t)| *t)
        .collect();
    Ok((for_user, from_addr.into_iter().map(|(_, t)| t).collect()))
}

/// Records an attempt as failed; it is deleted again if the password turns out right.
pub fn record_attempt(
    tx: &mut Tx<'_>,
    username: &str,
    addr: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::username.eq(username),
            login_failures::client_addr.eq(addr),
            login_failures::failed_at.eq(now),
        ))
        .execute(tx.conn())?;
    Ok(())
}

/// After a successful sign-in: this username's failures from this address are forgiven.
pub fn clear_failures(tx: &mut Tx<'_>, username: &str, addr: &str) -> QueryResult<()> {
    diesel::delete(
        login_failures::table
            .filter(login_failures::username.eq(username))
            .filter(login_failures::client_addr.eq(addr)),
    )
    .execute(tx.conn())?;
    Ok(())
}

/// Failures older than the window count for nothing; they are deleted (the table stays the
/// size of fifteen minutes of failures).
pub fn prune_failures(tx: &mut Tx<'_>, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(before)))
        .execute(tx.conn())
}
