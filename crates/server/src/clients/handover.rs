//! The client entry of the handover registry (crate::handovers::registry).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Actor};
use crate::clients::queries as q;
use crate::clients::search;
use crate::clock;
use crate::db::schema::{cases, clients, contracts, projects};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

pub fn count(conn: &mut DbConn, from: i64) -> AppResult<i64> {
    Ok(clients::table
        .filter(clients::owner_id.eq(from))
        .count()
        .get_result(conn)?)
}

/// Moves every client of `from` (archived ones too) to `to`, one audited update per client.
/// Follow-ups, cases and history stay on the client with their original authors.
///
/// The owner is changed by one `UPDATE … WHERE owner_id = from RETURNING id`, which takes the
/// rows' locks: a reassignment of one of these clients committing meanwhile either happens
/// first (the client is no longer `from`'s and stays where it went) or waits. The search
/// index is then re-keyed for exactly the moved ids, never "every key of `from`", so a
/// concurrent change can never leave one person's keys pointing at another's clients.
pub fn move_all(tx: &mut Tx<'_>, actor: &Actor, from: i64, to: i64) -> AppResult<i64> {
    let now = clock::now();
    let mut ids: Vec<i64> = diesel::update(clients::table.filter(clients::owner_id.eq(from)))
        .set((
            clients::owner_id.eq(to),
            clients::updated_at.eq(now),
            clients::version.eq(clients::version + 1),
        ))
        .returning(clients::id)
        .get_results(tx.conn())?;
    ids.sort_unstable();
    for id in &ids {
        let (old, new) = (from.to_string(), to.to_string());
        q::insert_history(
            tx,
            *id,
            "owner_id",
            Some(&old),
            Some(&new),
            actor.user_id,
            now,
        )?;
        audit::record(
            tx,
            actor,
            "client.handover",
            "client",
            id,
            Some(&json!({ "owner_id": from })),
            Some(&json!({ "owner_id": to })),
        )?;
    }
    search::move_clients(tx, &ids, to)?;
    owner_moved(tx, &ids, now)?;
    Ok(ids.len() as i64)
}

/// The records owned through their client (`clients.owner_id`, never copied: cases,
/// projects, contracts) change owner with it: their `updated_at` moves to `now`, so a pull by
/// `updated_since` shows them under the new owner. Their versions stay (nobody edited them).
pub fn owner_moved(tx: &mut Tx<'_>, client_ids: &[i64], now: NaiveDateTime) -> QueryResult<()> {
    for chunk in client_ids.chunks(500) {
        diesel::update(cases::table.filter(cases::client_id.eq_any(chunk)))
            .set(cases::updated_at.eq(now))
            .execute(tx.conn())?;
        diesel::update(projects::table.filter(projects::client_id.eq_any(chunk)))
            .set(projects::updated_at.eq(now))
            .execute(tx.conn())?;
        diesel::update(contracts::table.filter(contracts::client_id.eq_any(chunk)))
            .set(contracts::updated_at.eq(now))
            .execute(tx.conn())?;
    }
    Ok(())
}
