//! The audit trail: every write of business data records who, what, before and after, in the
//! same transaction as the write. It is also the change feed's and the webhooks' outbox
//! (`changes`): an event exists exactly when its change committed.

pub mod queries;
pub mod routes;

use diesel::prelude::*;
use salesops_domain::changes;
use serde::Serialize;

pub use crate::access::Actor;
use crate::clock;
use crate::db::schema::audit_events;
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

/// Records one audit event, in the transaction that makes the change (it takes the `Tx`).
pub fn record<B: Serialize, A: Serialize>(
    tx: &mut Tx<'_>,
    actor: &Actor,
    action: &str,
    entity_type: &str,
    entity_id: impl ToString,
    before: Option<&B>,
    after: Option<&A>,
) -> AppResult<()> {
    let before = before
        .map(serde_json::to_value)
        .transpose()
        .map_err(json_err)?;
    let after = after
        .map(serde_json::to_value)
        .transpose()
        .map_err(json_err)?;
    let entity_id = entity_id.to_string();
    let owner_id = changes::owner_of(entity_type, &entity_id, before.as_ref(), after.as_ref());
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::actor_id.eq(actor.user_id),
            audit_events::action.eq(action),
            audit_events::entity_type.eq(entity_type),
            audit_events::entity_id.eq(entity_id),
            audit_events::before_json.eq(before.map(|v| v.to_string())),
            audit_events::after_json.eq(after.map(|v| v.to_string())),
            audit_events::request_id.eq(actor.request_id.as_deref()),
            audit_events::created_at.eq(clock::now()),
            audit_events::owner_id.eq(owner_id),
        ))
        .execute(tx.conn())?;
    Ok(())
}

fn json_err(e: serde_json::Error) -> crate::error::AppError {
    crate::error::AppError::Internal(format!("audit serialisation: {e}"))
}

/// The write sequence of a new record: `insert` (returning the id), the record as the API
/// shows it, and its audit event, all in the caller's transaction.
pub fn created<T: Serialize>(
    tx: &mut Tx<'_>,
    actor: &Actor,
    action: &str,
    entity_type: &str,
    insert: impl FnOnce(&mut Tx<'_>) -> AppResult<i64>,
    load: impl Fn(&mut DbConn, i64) -> AppResult<T>,
) -> AppResult<T> {
    let id = insert(tx)?;
    let after = load(tx, id)?;
    record::<(), _>(tx, actor, action, entity_type, id, None, Some(&after))?;
    Ok(after)
}

/// The write sequence of an existing record: the record before, `change` (which may refuse,
/// seeing the record before), the record after, and the audit event with both.
pub fn changed<T: Serialize>(
    tx: &mut Tx<'_>,
    actor: &Actor,
    action: &str,
    entity_type: &str,
    id: i64,
    load: impl Fn(&mut DbConn, i64) -> AppResult<T>,
    change: impl FnOnce(&mut Tx<'_>, &T) -> AppResult<()>,
) -> AppResult<T> {
    let before = load(tx, id)?;
    change(tx, &before)?;
    let after = load(tx, id)?;
    record(
        tx,
        actor,
        action,
        entity_type,
        id,
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}
