//! The client entry of the handover registry (crate::handovers::registry).

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Actor};
use crate::clients::queries as q;
use crate::clients::search;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::clients;
use crate::error::AppResult;

pub fn count(conn: &mut DbConn, from: i64) -> AppResult<i64> {
    Ok(clients::table
        .filter(clients::owner_id.eq(from))
        .count()
        .get_result(conn)?)
}

/// Moves every client of `from` (archived ones too) to `to`, one audited update per client.
/// Follow-ups, cases and history stay on the client with their original authors.
pub fn move_all(conn: &mut DbConn, actor: &Actor, from: i64, to: i64) -> AppResult<i64> {
    let ids: Vec<(i64, i64)> = clients::table
        .filter(clients::owner_id.eq(from))
        .select((clients::id, clients::version))
        .order(clients::id.asc())
        .load(conn)?;
    let now = clock::now();
    for (id, version) in &ids {
        diesel::update(clients::table.find(*id))
            .set((
                clients::owner_id.eq(to),
                clients::updated_at.eq(now),
                clients::version.eq(version + 1),
            ))
            .execute(conn)?;
        let (old, new) = (from.to_string(), to.to_string());
        q::insert_history(
            conn,
            *id,
            "owner_id",
            Some(&old),
            Some(&new),
            actor.user_id,
            now,
        )?;
        audit::record(
            conn,
            actor,
            "client.handover",
            "client",
            id,
            Some(&json!({ "owner_id": from })),
            Some(&json!({ "owner_id": to })),
        )?;
    }
    search::move_owner(conn, from, to)?;
    Ok(ids.len() as i64)
}
